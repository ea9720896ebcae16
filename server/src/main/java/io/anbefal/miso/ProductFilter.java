package io.anbefal.miso;

import io.anbefal.app.AnbefalException;
import io.anbefal.engine.rules.Expr;
import io.anbefal.engine.rules.Ref;
import io.anbefal.engine.rules.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Miso's {@code fq} and {@code boost_fq} (Solr filter syntax), translated to the engine's rule expressions
 * ({@link Expr}), so that one evaluator (the engine's attribute index) answers them as it answers every dialect's
 * filters. Supported: clauses {@code field:value}, {@code field:"a value"}, {@code field:(a OR "b c")},
 * {@code field:[1 TO 10]} (inclusive; {@code {1 TO 10}} exclusive, mixed brackets, {@code *} open; numbers, ISO
 * dates, text), {@code field:*} (has the field); negated by a leading {@code -}, {@code !} or {@code NOT};
 * joined by {@code AND} / {@code &&} and {@code OR} / {@code ||} ({@code AND} binds tighter), grouped in
 * parentheses; {@code \} escapes a character of a word. A field may be nested ({@code custom_attributes.color});
 * a list value matches when any element does. Values compare as text, exactly; numbers compare as numbers.
 * Anything else (wildcards inside words, fuzzy or proximity terms, functions, clauses side by side without an
 * operator) is refused with a message naming it.
 */
public final class ProductFilter {

    private final String param;
    private final String fq;
    private int pos;

    private ProductFilter(String param, String fq) {
        this.param = param;
        this.fq = fq;
    }

    /** Translates an {@code fq}; null for a null or blank one (no filter). */
    public static Expr parse(String fq) {
        return parse("fq", fq);
    }

    /** Translates the filter of a parameter ({@code fq}, {@code boost_fq}); null for a null or blank one. */
    public static Expr parse(String param, String fq) {
        if (fq == null || fq.isBlank()) {
            return null;
        }
        ProductFilter p = new ProductFilter(param, fq);
        Expr e = p.or();
        p.space();
        if (p.pos < fq.length()) {
            throw p.unsupported(p.pos, "'" + fq.substring(p.pos) + "' cannot follow here"
                    + (fq.charAt(p.pos) == ')' ? " (an unmatched ')')" : " (join clauses with AND or OR)"));
        }
        return e;
    }

    private void space() {
        while (pos < fq.length() && Character.isWhitespace(fq.charAt(pos))) {
            pos++;
        }
    }

    private boolean keyword(String... words) {
        space();
        for (String w : words) {
            if (fq.startsWith(w, pos)) {
                int end = pos + w.length();
                boolean symbolic = !Character.isLetter(w.charAt(0));
                if (symbolic || end == fq.length() || Character.isWhitespace(fq.charAt(end)) || fq.charAt(end) == '(') {
                    pos = end;
                    return true;
                }
            }
        }
        return false;
    }

    private Expr or() {
        List<Expr> any = new ArrayList<>(List.of(and()));
        while (keyword("OR", "||")) {
            any.add(and());
        }
        return any.size() == 1 ? any.getFirst() : new Expr.Or(any);
    }

    private Expr and() {
        List<Expr> all = new ArrayList<>(List.of(unary()));
        while (keyword("AND", "&&")) {
            all.add(unary());
        }
        return all.size() == 1 ? all.getFirst() : new Expr.And(all);
    }

    private Expr unary() {
        space();
        if (keyword("NOT") || keyword("-") || keyword("!")) {
            return new Expr.Not(unary());
        }
        if (keyword("+")) {
            return unary();
        }
        if (pos < fq.length() && fq.charAt(pos) == '(') {
            int start = pos++;
            Expr e = or();
            space();
            if (pos >= fq.length() || fq.charAt(pos) != ')') {
                throw unsupported(start, "'(' is not closed");
            }
            pos++;
            return e;
        }
        return clause();
    }

    private Expr clause() {
        int start = pos;
        String field = word(false);
        if (field.isEmpty() || pos >= fq.length() || fq.charAt(pos) != ':' || !field.matches("[A-Za-z0-9_.\\-]+")) {
            throw unsupported(start, "expected field:value" + (field.isEmpty() ? "" : " at '" + field + "'"));
        }
        pos++;
        return value(new Ref(null, field), start);
    }

    private Expr value(Ref field, int clauseStart) {
        if (pos >= fq.length() || Character.isWhitespace(fq.charAt(pos))) {
            throw unsupported(clauseStart, "no value after '" + field.name() + ":'");
        }
        char c = fq.charAt(pos);
        if (c == '(') {
            pos++;
            List<Expr> any = new ArrayList<>();
            do {
                space();
                any.add(value(field, clauseStart));
            } while (keyword("OR", "||"));
            space();
            if (pos >= fq.length() || fq.charAt(pos) != ')') {
                throw unsupported(clauseStart, "a value list is (a OR b OR ...) and closed by ')'");
            }
            pos++;
            return any.size() == 1 ? any.getFirst() : new Expr.Or(any);
        }
        if (c == '[' || c == '{') {
            return range(field, clauseStart);
        }
        if (c == '"') {
            int end = fq.indexOf('"', pos + 1);
            if (end < 0) {
                throw unsupported(clauseStart, "an unterminated quote");
            }
            String text = fq.substring(pos + 1, end);
            pos = end + 1;
            return new Expr.Compare(field, Expr.Op.EQ, new Value.Literal(text, null, true));
        }
        if (c == '*' && (pos + 1 == fq.length() || " )".indexOf(fq.charAt(pos + 1)) >= 0)) {
            pos++;
            return new Expr.Exists(field);
        }
        String word = word(false);
        if (word.isEmpty()) {
            throw unsupported(clauseStart, "no value after '" + field.name() + ":'");
        }
        return new Expr.Compare(field, Expr.Op.EQ, Value.Literal.of(word));
    }

    private Expr range(Ref field, int clauseStart) {
        boolean lowIn = fq.charAt(pos++) == '[';
        space();
        String low = word(true);
        if (!keyword("TO")) {
            throw unsupported(clauseStart, "a range is [low TO high]");
        }
        space();
        String high = word(true);
        space();
        if (pos >= fq.length() || (fq.charAt(pos) != ']' && fq.charAt(pos) != '}') || low.isEmpty() || high.isEmpty()) {
            throw unsupported(clauseStart, "a range is [low TO high] or {low TO high}");
        }
        boolean highIn = fq.charAt(pos++) == ']';
        List<Expr> both = new ArrayList<>();
        if (!low.equals("*")) {
            both.add(new Expr.Compare(field, lowIn ? Expr.Op.GE : Expr.Op.GT, Value.Literal.of(low)));
        }
        if (!high.equals("*")) {
            both.add(new Expr.Compare(field, highIn ? Expr.Op.LE : Expr.Op.LT, Value.Literal.of(high)));
        }
        return both.isEmpty() ? new Expr.Exists(field) : both.size() == 1 ? both.getFirst() : new Expr.And(both);
    }

    /** A word up to a space or a special character; {@code \} escapes one. In a range bound, {@code :} is a letter. */
    private String word(boolean bound) {
        StringBuilder w = new StringBuilder();
        int start = pos;
        while (pos < fq.length()) {
            char c = fq.charAt(pos);
            if (c == '\\' && pos + 1 < fq.length()) {
                w.append(fq.charAt(pos + 1));
                pos += 2;
                continue;
            }
            if (Character.isWhitespace(c) || "()[]{}\"".indexOf(c) >= 0 || (!bound && c == ':')) {
                break;
            }
            if ((c == '*' && !(bound && w.isEmpty())) || c == '?' || c == '~' || c == '^') {
                throw unsupported(start, "'" + c + "' inside a word (wildcards, fuzzy terms, boosts) is not supported");
            }
            w.append(c);
            pos++;
        }
        return w.toString();
    }

    /** The value at a dotted path of a record, or null. */
    public static Object lookup(Map<String, Object> record, String field) {
        Object v = record.get(field);
        if (v != null || !field.contains(".")) {
            return v;
        }
        Object at = record;
        for (String part : field.split("\\.")) {
            if (!(at instanceof Map<?, ?> m)) {
                return null;
            }
            at = m.get(part);
        }
        return at;
    }

    private AnbefalException unsupported(int at, String what) {
        return new AnbefalException(AnbefalException.Kind.BAD_INPUT, param + " is invalid",
                List.of(param + " is invalid at column " + (at + 1) + ": " + what + " (in '" + fq + "'); supported:"
                        + " field:value, field:\"a value\", field:(a OR b), field:[1 TO 10], field:{1 TO 10}, field:*,"
                        + " negated with - or NOT, joined by AND and OR, grouped in parentheses"));
    }
}
