package io.anbefal.crec.core;

/**
 * The string work the core leaves to its platform: {@link #JVM} here and in tests, the browser's own
 * {@code JSON.stringify} and {@code Array.join} in the script, which cost nothing there, where the compiled
 * class library's StringBuilder would cost kilobytes (see docs/crec.md, "Budget").
 */
public interface Text {

    /** A JSON string literal. */
    String quote(String s);

    /** {@code prefix + parts[0] + sep + parts[1] + ... + parts[n-1] + suffix}. */
    String join(String prefix, String[] parts, int n, String sep, String suffix);

    /** The JVM's implementation. */
    Text JVM = new Text() {
        @Override
        public String quote(String s) {
            StringBuilder b = new StringBuilder(s.length() + 2).append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            return b.append('"').toString();
        }

        @Override
        public String join(String prefix, String[] parts, int n, String sep, String suffix) {
            StringBuilder b = new StringBuilder(prefix);
            for (int i = 0; i < n; i++) {
                b.append(i == 0 ? "" : sep).append(parts[i]);
            }
            return b.append(suffix).toString();
        }
    };
}
