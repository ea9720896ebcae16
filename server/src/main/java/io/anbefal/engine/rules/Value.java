package io.anbefal.engine.rules;

/**
 * A value in a rule: a literal (its text, and its number when it is one: a number, or an ISO date or date-time
 * as epoch milliseconds) or a reference to an attribute of the request context, resolved per request.
 */
public sealed interface Value {

    /**
     * @param text   as written (without quotes)
     * @param number the number, or the date as epoch milliseconds; null for text
     * @param quoted whether it was written in quotes (then it is text, even if it looks like a number)
     */
    record Literal(String text, Double number, boolean quoted) implements Value {
        public static Literal of(String text) {
            return new Literal(text, Values.number(text), false);
        }

        @Override
        public String toString() {
            return quoted || number == null && !text.matches("[A-Za-z0-9_.:/+-]+")
                    ? '"' + text.replace("\"", "\"\"") + '"' : text;
        }
    }

    /** The value(s) of a request context attribute ({@code dept = Product.dept}). */
    record ContextRef(Ref ref) implements Value {
        @Override
        public String toString() {
            return ref.toString();
        }
    }
}
