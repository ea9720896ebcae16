package io.anbefal.engine.rules;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A boolean expression of the rule syntax (see {@link RuleParser} and docs/api.md, "Rules"): comparisons, lists,
 * ranges and presence tests on attributes, joined by {@code and}, {@code or}, {@code not} and {@code implies}.
 * An attribute is a candidate item's ({@code price}, {@code custom_attributes.color}, {@code Item.price}) or the
 * request context's ({@code Request.luxury}, {@code User.state}, {@code Product.dept}: see {@link Ref}); a term on
 * the context is a constant for one request. Records, so that equal texts give equal rules (cache keys).
 */
public sealed interface Expr {

    /** The attribute compares to the value: {@code =}, {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=}. */
    record Compare(Ref attribute, Op op, Value value) implements Expr {
        @Override
        public String toString() {
            return attribute + " " + op.symbol + " " + value;
        }
    }

    /** The attribute has one of the values (a list attribute: any of its elements). */
    record In(Ref attribute, List<Value> values) implements Expr {
        public In {
            values = List.copyOf(values);
        }

        @Override
        public String toString() {
            return attribute + " in (" + values.stream().map(Value::toString).collect(Collectors.joining(", ")) + ")";
        }
    }

    /** {@code low <= attribute <= high}; numbers and dates. */
    record Between(Ref attribute, Value low, Value high) implements Expr {
        @Override
        public String toString() {
            return attribute + " between " + low + " and " + high;
        }
    }

    /** The attribute is present (not null, not an empty list). */
    record Exists(Ref attribute) implements Expr {
        @Override
        public String toString() {
            return attribute + " exists";
        }
    }

    record And(List<Expr> all) implements Expr {
        public And {
            all = List.copyOf(all);
        }

        @Override
        public String toString() {
            return all.stream().map(Expr::toString).collect(Collectors.joining(" and ", "(", ")"));
        }
    }

    record Or(List<Expr> any) implements Expr {
        public Or {
            any = List.copyOf(any);
        }

        @Override
        public String toString() {
            return any.stream().map(Expr::toString).collect(Collectors.joining(" or ", "(", ")"));
        }
    }

    record Not(Expr inner) implements Expr {
        @Override
        public String toString() {
            return "not " + inner;
        }
    }

    /** A conditional filter: where {@code antecedent} holds (typically over the request context), {@code consequent}. */
    record Implies(Expr antecedent, Expr consequent) implements Expr {
        @Override
        public String toString() {
            return "(" + antecedent + " implies " + consequent + ")";
        }
    }

    /** The comparison operators. */
    enum Op {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }
}
