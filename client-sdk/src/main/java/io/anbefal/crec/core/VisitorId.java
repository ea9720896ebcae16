package io.anbefal.crec.core;

/**
 * The server's syntax of a visitor id (its {@code app/VisitorIds}): 1 to 64 characters of {@code A-Z a-z 0-9 . _ -}.
 * A {@code localStorage.ssasid} that is not one (left by another script) is replaced by the cookie's id, since the
 * server refuses it. A loop, not a regular expression: TeaVM's regex classes would cost kilobytes.
 */
public final class VisitorId {

    /** The longest visitor id. */
    public static final int MAX_LENGTH = 64;

    private VisitorId() {
    }

    /** Whether the server takes this as a visitor id. */
    public static boolean valid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
