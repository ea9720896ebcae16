package io.anbefal.engine.rules;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Compiles an expression to the bitset of the items it selects, over an {@link ItemAttributes}' dense ids plus
 * one bit ({@code size}) for an item without attributes. Comparisons read the attribute's column; a term on the
 * request context is all items or none. A missing attribute fails every comparison, so {@code color != red} and
 * {@code not color = red} select items without a color.
 */
final class Evaluator {

    private final ItemAttributes attributes;
    private final RuleContext context;
    private final List<String> contextItems;
    private final BitSet universe;
    private final int size;

    Evaluator(ItemAttributes attributes, RuleContext context, List<String> contextItems, BitSet universe, int size) {
        this.attributes = attributes;
        this.context = context;
        this.contextItems = contextItems;
        this.universe = universe;
        this.size = size;
    }

    BitSet eval(Expr e) {
        return switch (e) {
            case Expr.And and -> {
                BitSet b = (BitSet) universe.clone();
                for (Expr x : and.all()) {
                    b.and(eval(x));
                }
                yield b;
            }
            case Expr.Or or -> {
                BitSet b = new BitSet();
                for (Expr x : or.any()) {
                    b.or(eval(x));
                }
                yield b;
            }
            case Expr.Not not -> not(eval(not.inner()));
            case Expr.Implies imp -> {
                BitSet b = not(eval(imp.antecedent()));
                b.or(eval(imp.consequent()));
                yield b;
            }
            case Expr.Exists ex -> ex.attribute().isContext()
                    ? constant(!contextValues(ex.attribute()).isEmpty()) : present(ex.attribute().name());
            case Expr.Compare c -> compare(c.attribute(), c.op(), c.value());
            case Expr.In in -> {
                BitSet b = new BitSet();
                for (Value v : in.values()) {
                    b.or(compare(in.attribute(), Expr.Op.EQ, v));
                }
                yield b;
            }
            case Expr.Between bt -> {
                BitSet b = compare(bt.attribute(), Expr.Op.GE, bt.low());
                b.and(compare(bt.attribute(), Expr.Op.LE, bt.high()));
                yield b;
            }
        };
    }

    private BitSet not(BitSet b) {
        BitSet out = (BitSet) universe.clone();
        out.andNot(b);
        return out;
    }

    private BitSet constant(boolean all) {
        return all ? (BitSet) universe.clone() : new BitSet();
    }

    private BitSet present(String name) {
        AttributeColumn col = attributes.column(name);
        return col == null ? new BitSet() : (BitSet) col.present.clone();
    }

    private List<String> contextValues(Ref ref) {
        return attributes.contextValues(ref, context, contextItems);
    }

    /** The literals a value stands for in this request (a context reference: its values). */
    private List<Value.Literal> literals(Value v) {
        if (v instanceof Value.Literal l) {
            return List.of(l);
        }
        List<Value.Literal> out = new ArrayList<>();
        for (String s : contextValues(((Value.ContextRef) v).ref())) {
            out.add(Value.Literal.of(s));
        }
        return out;
    }

    private BitSet compare(Ref ref, Expr.Op op, Value value) {
        if (op == Expr.Op.NE) {
            return not(compare(ref, Expr.Op.EQ, value));
        }
        List<Value.Literal> literals = literals(value);
        if (ref.isContext()) {
            boolean any = false;
            for (String have : contextValues(ref)) {
                for (Value.Literal l : literals) {
                    any |= holds(have, op, l);
                }
            }
            return constant(any);
        }
        AttributeColumn col = attributes.column(ref.name());
        BitSet out = new BitSet();
        if (col == null) {
            return out;
        }
        for (Value.Literal l : literals) {
            out.or(select(col, op, l));
        }
        return out;
    }

    private static BitSet select(AttributeColumn col, Expr.Op op, Value.Literal l) {
        Double n = l.quoted() ? null : l.number();
        if (n != null) {
            double inf = Double.POSITIVE_INFINITY;
            return switch (op) {
                case EQ -> {
                    BitSet b = col.numberRange(n, true, n, true);
                    b.or(col.term(l.text()));
                    yield b;
                }
                case LT -> col.numberRange(-inf, true, n, false);
                case LE -> col.numberRange(-inf, true, n, true);
                case GT -> col.numberRange(n, false, inf, true);
                default -> col.numberRange(n, true, inf, true);
            };
        }
        String t = l.text();
        return switch (op) {
            case EQ -> col.term(t);
            case LT -> col.textRange(null, true, t, false);
            case LE -> col.textRange(null, true, t, true);
            case GT -> col.textRange(t, false, null, true);
            default -> col.textRange(t, true, null, true);
        };
    }

    /** A context value against a literal: as numbers when both are, else as text (booleans case-insensitively). */
    private static boolean holds(String have, Expr.Op op, Value.Literal l) {
        Double a = Values.number(have);
        Double b = l.quoted() ? null : l.number();
        int cmp;
        if (a != null && b != null) {
            cmp = Double.compare(a, b);
        } else if (op == Expr.Op.EQ && ("true".equalsIgnoreCase(l.text()) || "false".equalsIgnoreCase(l.text()))) {
            return have.equalsIgnoreCase(l.text());
        } else {
            cmp = have.compareTo(l.text());
        }
        return switch (op) {
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
        };
    }
}
