package io.anbefal.miso;

import io.anbefal.app.AnbefalException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The subset of Miso's {@code fq} (Solr filter syntax) that Anbefal supports, as a test on catalog records:
 * clauses joined by {@code AND}, each {@code field:value}, {@code field:"a value"}, {@code field:(a OR "b c")},
 * {@code field:[1 TO 10]} (numbers, inclusive, {@code *} open) or {@code field:*} (has the field), optionally
 * negated by a leading {@code -} or {@code NOT }. A field may be nested ({@code custom_attributes.color}); a list
 * value matches when any element does. Values compare as text, exactly; numbers compare as numbers. Anything
 * else ({@code OR} between clauses, parentheses around clauses, wildcards inside words, functions) is refused
 * with a message naming it.
 */
public final class ProductFilter {

    private ProductFilter() {
    }

    /** Parses a filter; a null or blank one matches everything. */
    public static Predicate<Map<String, Object>> parse(String fq) {
        if (fq == null || fq.isBlank()) {
            return r -> true;
        }
        Predicate<Map<String, Object>> all = r -> true;
        for (String clause : split(fq)) {
            all = all.and(clause(clause.trim(), fq));
        }
        return all;
    }

    /** Splits at top-level {@code AND}, outside quotes, brackets and parentheses. */
    private static List<String> split(String fq) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < fq.length(); i++) {
            char c = fq.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '[')) {
                depth++;
            } else if (!quoted && (c == ')' || c == ']')) {
                depth--;
            } else if (!quoted && depth == 0 && fq.startsWith(" AND ", i)) {
                parts.add(fq.substring(start, i));
                start = i + 5;
                i += 4;
            }
        }
        parts.add(fq.substring(start));
        return parts;
    }

    private static Predicate<Map<String, Object>> clause(String clause, String fq) {
        boolean negated = false;
        if (clause.startsWith("-")) {
            negated = true;
            clause = clause.substring(1).trim();
        } else if (clause.startsWith("NOT ")) {
            negated = true;
            clause = clause.substring(4).trim();
        }
        int colon = clause.indexOf(':');
        if (colon <= 0 || !clause.substring(0, colon).matches("[A-Za-z0-9_.]+")) {
            throw unsupported(clause, fq);
        }
        String field = clause.substring(0, colon);
        String value = clause.substring(colon + 1).trim();
        Predicate<Object> test = valueTest(value, clause, fq);
        Predicate<Map<String, Object>> p = r -> anyMatch(lookup(r, field), test);
        return negated ? p.negate() : p;
    }

    private static Predicate<Object> valueTest(String value, String clause, String fq) {
        if (value.equals("*")) {
            return v -> v != null;
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") && value.indexOf('"', 1) == value.length() - 1) {
            String exact = value.substring(1, value.length() - 1);
            return v -> equal(v, exact);
        }
        if (value.startsWith("[") && value.endsWith("]")) {
            String[] bounds = value.substring(1, value.length() - 1).trim().split("\\s+TO\\s+");
            if (bounds.length != 2) {
                throw unsupported(clause, fq);
            }
            double lo = bound(bounds[0], Double.NEGATIVE_INFINITY, clause, fq);
            double hi = bound(bounds[1], Double.POSITIVE_INFINITY, clause, fq);
            return v -> number(v) != null && number(v) >= lo && number(v) <= hi;
        }
        if (value.startsWith("(") && value.endsWith(")")) {
            List<Predicate<Object>> any = new ArrayList<>();
            for (String alt : value.substring(1, value.length() - 1).trim().split("\\s+OR\\s+")) {
                any.add(valueTest(alt.trim(), clause, fq));
            }
            return v -> any.stream().anyMatch(t -> t.test(v));
        }
        if (value.matches("[^\\s\"()\\[\\]{}*?:\\\\]+")) {
            return v -> equal(v, value);
        }
        throw unsupported(clause, fq);
    }

    private static double bound(String b, double open, String clause, String fq) {
        if (b.equals("*")) {
            return open;
        }
        try {
            return Double.parseDouble(b);
        } catch (NumberFormatException e) {
            throw unsupported(clause, fq);
        }
    }

    private static boolean equal(Object v, String expected) {
        if (v instanceof Number n) {
            try {
                return n.doubleValue() == Double.parseDouble(expected);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return v != null && String.valueOf(v).equals(expected);
    }

    private static Double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
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

    private static boolean anyMatch(Object v, Predicate<Object> test) {
        if (v instanceof List<?> list) {
            for (Object e : list) {
                if (anyMatch(e, test)) {
                    return true;
                }
            }
            return false;
        }
        return v != null && test.test(v);
    }

    private static AnbefalException unsupported(String clause, String fq) {
        return new AnbefalException(AnbefalException.Kind.BAD_INPUT, "fq is invalid",
                List.of("fq is invalid: '" + clause + "' is not supported (in '" + fq + "'); supported: field:value,"
                        + " field:\"a value\", field:(a OR b), field:[1 TO 10], field:*, negated with - or NOT,"
                        + " joined by AND"));
    }
}
