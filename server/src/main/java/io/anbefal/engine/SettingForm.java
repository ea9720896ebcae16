package io.anbefal.engine;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The form of a setting's value: a whole number or a decimal number within bounds, {@code true}/{@code false}, or one
 * of a few words. One description serves both sides: the check when the setting is set ({@link #problem}: the
 * setting, the value and the form, as a sentence) and the reader ({@link #number}, {@link #bool}, {@link #word}),
 * which takes the default for a value not of the form (one stored before the check existed), so that what is served
 * is what the check allows. Values are read trimmed; {@code true}/{@code false} and words in any case.
 *
 * @param kind what the value is
 * @param min  the least number (whole, number)
 * @param minIncluded whether {@code min} itself is allowed
 * @param max  the greatest number, included
 * @param words the allowed words (word), lower case
 */
public record SettingForm(Kind kind, double min, boolean minIncluded, double max, List<String> words) {

    /** What a value is. */
    public enum Kind { WHOLE, NUMBER, BOOLEAN, WORD }

    /** {@code true} or {@code false}. */
    public static final SettingForm BOOLEAN = new SettingForm(Kind.BOOLEAN, 0, true, 0, List.of("true", "false"));

    private static final Pattern WHOLE = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d{1,3})?");

    /** A whole number from {@code min} to {@code max}. */
    public static SettingForm whole(long min, long max) {
        return new SettingForm(Kind.WHOLE, min, true, max, List.of());
    }

    /** A (decimal) number from {@code min} to {@code max}. */
    public static SettingForm number(double min, double max) {
        return new SettingForm(Kind.NUMBER, min, true, max, List.of());
    }

    /** A (decimal) number above {@code min}, up to {@code max}. */
    public static SettingForm above(double min, double max) {
        return new SettingForm(Kind.NUMBER, min, false, max, List.of());
    }

    /** One of these words. */
    public static SettingForm oneOf(String... words) {
        return new SettingForm(Kind.WORD, 0, true, 0, List.of(words));
    }

    /** Whether the value has this form. */
    public boolean accepts(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim();
        return switch (kind) {
            case BOOLEAN, WORD -> words.contains(v.toLowerCase(Locale.ROOT));
            case WHOLE -> WHOLE.matcher(v).matches() && within(Long.parseLong(v));
            case NUMBER -> DECIMAL.matcher(v).matches() && within(Double.parseDouble(v));
        };
    }

    private boolean within(double x) {
        return (minIncluded ? x >= min : x > min) && x <= max;
    }

    /** The form in words: "a whole number from 1 to 1000", "true or false", ... */
    public String describe() {
        return switch (kind) {
            case BOOLEAN -> "true or false";
            case WORD -> "one of " + String.join(", ", words);
            case WHOLE -> "a whole number from " + plain(min) + " to " + plain(max);
            case NUMBER -> minIncluded ? "a number from " + plain(min) + " to " + plain(max)
                    : "a number above " + plain(min) + ", at most " + plain(max);
        };
    }

    private static String plain(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.valueOf((long) x) : String.valueOf(x);
    }

    /** Null when the value has this form, else a sentence naming the setting, the value and the form. */
    public String problem(String key, String value) {
        return accepts(value) ? null : "setting " + key + " must be " + describe() + ", not '" + value + "'";
    }

    /** The value as a number, or {@code otherwise} when it is absent or not of this form. */
    public double number(String value, double otherwise) {
        return accepts(value) && (kind == Kind.WHOLE || kind == Kind.NUMBER) ? Double.parseDouble(value.trim())
                : otherwise;
    }

    /** The value as true or false, or {@code otherwise} when it is absent or not of this form. */
    public boolean bool(String value, boolean otherwise) {
        return accepts(value) ? Boolean.parseBoolean(value.trim()) : otherwise;
    }

    /** The value as one of the words (lower case), or {@code otherwise} when it is absent or not of this form. */
    public String word(String value, String otherwise) {
        return accepts(value) ? value.trim().toLowerCase(Locale.ROOT) : otherwise;
    }
}
