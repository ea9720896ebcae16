package io.anbefal.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A string template from the class path: {@code {{name}}} inserts an HTML-escaped value,
 * {@code {{{name}}}} inserts a value as it is (already HTML). A placeholder without a value is an error,
 * so a typo fails the first render instead of leaving a hole in the page.
 */
final class Template {

    private final String name;
    /** Alternating literal text and placeholders: even indexes literal, odd indexes a placeholder. */
    private final List<String> parts = new ArrayList<>();
    private final List<Boolean> raw = new ArrayList<>();

    private Template(String name, String text) {
        this.name = name;
        int at = 0;
        while (true) {
            int open = text.indexOf("{{", at);
            if (open < 0) {
                break;
            }
            boolean triple = text.startsWith("{{{", open);
            String close = triple ? "}}}" : "}}";
            int end = text.indexOf(close, open);
            if (end < 0) {
                throw new IllegalArgumentException("unclosed placeholder in template " + name);
            }
            parts.add(text.substring(at, open));
            raw.add(false);
            parts.add(text.substring(open + (triple ? 3 : 2), end).trim());
            raw.add(triple);
            at = end + close.length();
        }
        parts.add(text.substring(at));
        raw.add(false);
    }

    /** Loads {@code templates/<name>} next to this class. */
    static Template load(String name) {
        String path = "/io/anbefal/demo/templates/" + name;
        try (InputStream in = Template.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing template " + path);
            }
            return new Template(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Template of(String name, String text) {
        return new Template(name, text);
    }

    /** Fills the placeholders. */
    String render(Map<String, String> values) {
        StringBuilder out = new StringBuilder(4096);
        for (int i = 0; i < parts.size(); i++) {
            if (i % 2 == 0) {
                out.append(parts.get(i));
                continue;
            }
            String key = parts.get(i);
            String value = values.get(key);
            if (value == null) {
                throw new IllegalStateException("template " + name + " needs a value for " + key);
            }
            out.append(raw.get(i) ? value : Html.escape(value));
        }
        return out.toString();
    }
}
