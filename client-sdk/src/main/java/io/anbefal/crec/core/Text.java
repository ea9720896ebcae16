package io.anbefal.crec.core;

/**
 * The string work the core leaves to its platform: {@link #JVM} here and in tests, the browser's own
 * {@code JSON.stringify} and {@code Array.join} in the script, which cost nothing there, where the compiled
 * class library's StringBuilder would cost kilobytes (see docs/crec.md, "Budget").
 */
public interface Text {

    /** The template with each {@code '\0'} in it replaced by the JSON string literal of the next value. */
    String fill(String template, String[] values);

    /** {@code prefix + parts[0] + sep + parts[1] + ... + parts[n-1] + suffix}. */
    String join(String prefix, String[] parts, int n, String sep, String suffix);

    /** The parts of {@code s} between the occurrences of {@code sep}, also empty ones; none for null or "". */
    String[] split(String s, String sep);

    /** Whether {@code s} has the server's visitor-id syntax ({@code [A-Za-z0-9._-]{1,64}}, its {@code app/VisitorIds}). */
    boolean visitorId(String s);

    /** The JVM's implementation. */
    Text JVM = new Text() {
        @Override
        public String fill(String template, String[] values) {
            StringBuilder b = new StringBuilder();
            int v = 0;
            for (int i = 0; i < template.length(); i++) {
                char t = template.charAt(i);
                if (t != 0) {
                    b.append(t);
                    continue;
                }
                String s = values[v++];
                b.append('"');
                for (int k = 0; k < s.length(); k++) {
                    char c = s.charAt(k);
                    if (c == '"' || c == '\\') {
                        b.append('\\').append(c);
                    } else if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
                b.append('"');
            }
            return b.toString();
        }

        @Override
        public String join(String prefix, String[] parts, int n, String sep, String suffix) {
            StringBuilder b = new StringBuilder(prefix);
            for (int i = 0; i < n; i++) {
                b.append(i == 0 ? "" : sep).append(parts[i]);
            }
            return b.append(suffix).toString();
        }

        @Override
        public String[] split(String s, String sep) {
            return s == null || s.isEmpty() ? new String[0] : s.split(java.util.regex.Pattern.quote(sep), -1);
        }

        @Override
        public boolean visitorId(String s) {
            return s != null && s.matches("[A-Za-z0-9._-]{1,64}");
        }
    };
}
