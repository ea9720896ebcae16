package io.anbefal.kibo;

import io.anbefal.app.AnbefalException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A query string as Kibo's storefront code sent it: names case-insensitive ({@code UserId}, {@code userId},
 * {@code USERID} are one parameter), every value kept in the order given, {@code +} a space. Within limits, so
 * that a request can never make an answer expensive: a value of at most {@link #MAX_VALUE} characters, at most
 * {@link #MAX_PARAMS} parameters.
 */
public final class KiboParams {

    /** The longest value accepted, the API's limit for an id. */
    public static final int MAX_VALUE = 1000;
    /** The most name=value pairs accepted in one request. */
    public static final int MAX_PARAMS = 500;
    private static final int MAX_NAME = 200;

    /** Lower-cased name to its values, in order of first appearance. */
    private final Map<String, List<String>> values;
    /** Lower-cased name to the spelling of its first appearance. */
    private final Map<String, String> spellings;

    private KiboParams(Map<String, List<String>> values, Map<String, String> spellings) {
        this.values = values;
        this.spellings = spellings;
    }

    /** Parses a raw (still percent-encoded) query string; null or empty is no parameter. */
    public static KiboParams parse(String rawQuery) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        Map<String, String> spellings = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new KiboParams(values, spellings);
        }
        int count = 0;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            if (++count > MAX_PARAMS) {
                throw AnbefalException.badInput("too many query parameters: at most " + MAX_PARAMS);
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), pair);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), pair);
            if (name.length() > MAX_NAME) {
                throw AnbefalException.badInput("a query parameter name is longer than " + MAX_NAME + " characters");
            }
            if (value.length() > MAX_VALUE) {
                throw AnbefalException.badInput("the value of query parameter '" + name + "' is longer than "
                        + MAX_VALUE + " characters (" + value.length() + ")");
            }
            String key = name.toLowerCase(java.util.Locale.ROOT);
            values.computeIfAbsent(key, n -> new ArrayList<>()).add(value);
            spellings.putIfAbsent(key, name);
        }
        return new KiboParams(values, spellings);
    }

    private static String decode(String raw, String pair) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AnbefalException.badInput("malformed percent-encoding in query parameter '" + pair + "'");
        }
    }

    /** Every value of a parameter (name in any case), in order; empty when absent. */
    public List<String> all(String name) {
        return values.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
    }

    /** Every non-blank value, trimmed. */
    public List<String> present(String name) {
        List<String> out = new ArrayList<>();
        for (String v : all(name)) {
            if (!v.isBlank()) {
                out.add(v.trim());
            }
        }
        return out;
    }

    /** The first non-blank value, or null. */
    public String first(String name) {
        List<String> p = present(name);
        return p.isEmpty() ? null : p.get(0);
    }

    /** Every parameter name given, spelled as it first appeared, in order of first appearance. */
    public List<String> names() {
        return List.copyOf(spellings.values());
    }

    /** Whether the parameter was given at all (even empty). */
    public boolean has(String name) {
        return values.containsKey(name.toLowerCase(java.util.Locale.ROOT));
    }
}
