package io.anbefal.engine.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** How attribute values and literals compare: numbers as numbers, ISO dates and date-times as instants, else text. */
public final class Values {

    private Values() {
    }

    /** The number a text stands for (a decimal number, or an ISO date / date-time as epoch ms), or null. */
    public static Double number(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        char c = text.charAt(0);
        if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
            if (text.length() >= 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
                return date(text);
            }
            try {
                double d = Double.parseDouble(text);
                return Double.isFinite(d) ? d : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Double date(String text) {
        try {
            if (text.length() == 10) {
                return (double) LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            try {
                return (double) OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                try {
                    return (double) Instant.parse(text).toEpochMilli();
                } catch (DateTimeParseException e2) {
                    return (double) LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
                }
            }
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The number of an attribute value (a JSON number, or a text that is one), or null. */
    public static Double number(Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? d : null;
        }
        return v instanceof String s ? number(s) : null;
    }

    /** The text an attribute value is compared as: a whole number without {@code .0}. */
    public static String text(Object v) {
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
        }
        return String.valueOf(v);
    }
}
