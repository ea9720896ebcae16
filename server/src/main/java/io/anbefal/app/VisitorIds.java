package io.anbefal.app;

import io.anbefal.engine.RecommendRequest;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The one syntax of a visitor id (the browser's {@code ssasid}, Kibo's {@code bn_u} cookie, Miso's
 * {@code anonymous_id}): 1 to {@value #MAX_LENGTH} characters of {@code A-Z a-z 0-9 . _ -}. Every way a visitor id
 * enters is checked here, so none can carry a {@code ;}, a quote, a space or a control character into a
 * {@code Set-Cookie} header, a log line or the store.
 * <p>
 * What the server makes itself fits: {@code crec} creates 22 characters of URL-safe Base64 (128 random bits), and
 * the seed's examples use names such as {@code visitor-of-the-seed}; UUIDs fit too.
 */
public final class VisitorIds {

    /** The longest visitor id. */
    public static final int MAX_LENGTH = 64;
    private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");
    /** What the syntax is, for error messages. */
    public static final String EXPECTED = "a visitor id of 1 to " + MAX_LENGTH
            + " characters A-Z, a-z, 0-9, '.', '_' or '-' is expected";

    private VisitorIds() {
    }

    /** Whether a string is a visitor id. */
    public static boolean valid(String id) {
        return id != null && SYNTAX.matcher(id).matches();
    }

    /**
     * Whether a browser sent no id: nothing, blanks, or what JavaScript writes for a missing value
     * ({@code localStorage.ssasid} of a first visit is {@code "undefined"}, as in the Sannsyn examples).
     */
    public static boolean absent(String id) {
        return id == null || id.isBlank() || "undefined".equals(id) || "null".equals(id);
    }

    /**
     * A visitor id from a browser: null when {@linkplain #absent absent}, the id when valid, else a 400 naming
     * {@code field}.
     */
    public static String fromBrowser(String field, String id) {
        if (absent(id)) {
            return null;
        }
        return require(field, id);
    }

    /** The id when valid, else a 400 naming {@code field} (the value is not echoed: it may hold control bytes). */
    public static String require(String field, String id) {
        if (!valid(id)) {
            throw AnbefalException.badInput(field + " is invalid: " + EXPECTED);
        }
        return id;
    }

    /**
     * A recommendation request as it is answered: the visitor id (may be null: nothing changes) stands in for
     * {@code "anonymous"} in externalIds and in a {@code userid:anonymous} tag, and for empty externalIds.
     */
    public static RecommendRequest resolve(RecommendRequest request, String visitor) {
        if (visitor == null) {
            return request;
        }
        List<String> ids = request.externalIds();
        ids = ids.isEmpty() ? List.of(visitor) : ids.stream().map(id -> Anbefal.ANONYMOUS.equals(id) ? visitor : id).toList();
        List<String> tags = request.tags().stream()
                .map(t -> ("userid:" + Anbefal.ANONYMOUS).equals(t) ? "userid:" + visitor : t).toList();
        return request.with(ids, tags);
    }
}
