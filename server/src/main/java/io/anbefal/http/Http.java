package io.anbefal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.AnbefalException;
import io.anbefal.app.AnbefalException.Kind;
import io.anbefal.app.VisitorIds;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.anbefal.engine.Recommendation;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What every handler shares: reading bodies within limits, answering JSON, mapping problems to statuses. */
public final class Http {

    /** The visitor id header of the ajax API. */
    public static final HeaderName X_SSASID = HeaderNames.create("x-ssasid");
    /** The visitor id cookie and body field name. */
    public static final String SSASID = "ssasid";
    private static final Set<String> ACCEPTED_TYPES = Set.of(
            "application/json", "text/plain", "application/x-www-form-urlencoded");
    private static final byte[] OK = "{\"text\":\"Message transmitted\",\"statusOK\":true}"
            .getBytes(StandardCharsets.UTF_8);

    private Http() {
    }

    /**
     * Reads the whole body, at most {@code limit} bytes. JSON may come as {@code application/json},
     * {@code text/plain} (XHR and beacons without a set type), {@code application/x-www-form-urlencoded}
     * (curl's {@code --data}), or with no content type at all.
     */
    public static byte[] body(ServerRequest req, long limit) {
        Optional<HttpMediaType> type = Protocol.contentType(req);
        if (type.isPresent() && !ACCEPTED_TYPES.contains(type.get().mediaType().text().toLowerCase())) {
            throw new AnbefalException(Kind.UNSUPPORTED_MEDIA_TYPE, "content type " + type.get().mediaType().text()
                    + " is not supported: send JSON as application/json or text/plain");
        }
        var declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > limit) {
            throw tooLarge(limit);
        }
        boolean entity;
        InputStream in;
        try {
            entity = req.content().hasEntity();
            in = entity ? req.content().inputStream() : null;
        } catch (RuntimeException e) {
            throw Protocol.unreadable(req, e);
        }
        if (!entity) {
            return new byte[0];
        }
        // not closed when reading fails: closing would read on through a body whose framing is lost
        byte[] bytes;
        try {
            // a declared length is read into an array of its size (readNBytes(n) would take 16 KB buffers first)
            bytes = declared.isPresent() ? exactly(in, (int) declared.getAsLong())
                    : in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        } catch (IOException | RuntimeException e) {
            throw Protocol.unreadable(req, e);
        }
        if (bytes.length > limit) {
            throw tooLarge(limit);
        }
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            throw Protocol.unreadable(req, e);
        }
        return bytes;
    }

    /** The body of a declared length (within the limit): that many bytes, fewer when the stream ends early. */
    private static byte[] exactly(InputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        int n = in.readNBytes(bytes, 0, length);
        return n == length ? bytes : java.util.Arrays.copyOf(bytes, n);
    }

    private static AnbefalException tooLarge(long limit) {
        return new AnbefalException(Kind.TOO_LARGE, "the request body is larger than the limit of " + limit + " bytes");
    }

    /**
     * The ids of a path below {@code prefix} (such as {@code "/recapi/1.0/merge"}), exactly {@code count} of them:
     * the raw path split at its slashes and each segment percent-decoded on its own, so that an id with an encoded
     * slash ({@code cat%2F42}) stays one id. Helidon's decoded path, and so its path parameters, cannot tell that
     * from two segments. Another number of segments, or an empty one, is the 404 of an unknown path.
     */
    public static List<String> pathIds(ServerRequest req, String prefix, int count) {
        String raw = req.path().absolute().rawPath();
        List<String> segments = new ArrayList<>();
        for (String segment : raw.substring(raw.startsWith("/") ? 1 : 0).split("/", -1)) {
            segments.add(percentDecode(segment));
        }
        List<String> fixed = List.of(prefix.substring(1).split("/"));
        if (segments.size() != fixed.size() + count || !segments.subList(0, fixed.size()).equals(fixed)
                || segments.subList(fixed.size(), segments.size()).contains("")) {
            throw AnbefalException.notFound("no such resource: " + req.prologue().method().text() + " "
                    + req.path().absolute().path());
        }
        return List.copyOf(segments.subList(fixed.size(), segments.size()));
    }

    /** One path segment with its percent-escapes decoded as UTF-8 ({@code +} stays a plus); a bad escape is a 400. */
    static String percentDecode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); ) {
            int escape = segment.indexOf('%', i);
            if (escape < 0) {
                escape = segment.length();
            }
            bytes.writeBytes(segment.substring(i, escape).getBytes(StandardCharsets.UTF_8));
            if (escape == segment.length()) {
                break;
            }
            int hi = escape + 2 < segment.length() ? Character.digit(segment.charAt(escape + 1), 16) : -1;
            int lo = hi < 0 ? -1 : Character.digit(segment.charAt(escape + 2), 16);
            if (lo < 0) {
                throw AnbefalException.badInput("malformed percent-escape in the path segment '" + segment + "'");
            }
            bytes.write(hi * 16 + lo);
            i = escape + 3;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw AnbefalException.badInput("the path segment '" + segment + "' is not UTF-8 once decoded");
        }
    }

    /**
     * The visitor id: the x-ssasid header, else the ssasid cookie, else the query parameter; null if none. Each one
     * that is present must be a visitor id ({@link VisitorIds}), else a 400 naming it; an empty value,
     * {@code "undefined"} or {@code "null"} counts as absent (what a page sends before it has an id).
     */
    public static String visitor(ServerRequest req) {
        String header = VisitorIds.fromBrowser("the x-ssasid header", req.headers().first(X_SSASID).orElse(null));
        String cookie = VisitorIds.fromBrowser("the ssasid cookie", req.headers().cookies().first(SSASID).orElse(null));
        String query = VisitorIds.fromBrowser("the ssasid query parameter", req.query().first(SSASID).orElse(null));
        return header != null ? header : cookie != null ? cookie : query;
    }

    /**
     * A visitor id in a JSON body field: null when missing, null or {@linkplain VisitorIds#absent absent}; a 400
     * naming the field when it is not a string or not a visitor id.
     */
    public static String visitor(JsonNode body, String field) {
        JsonNode v = body.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw AnbefalException.badInput(field + " is invalid: " + VisitorIds.EXPECTED + " (as a string)");
        }
        return VisitorIds.fromBrowser(field, v.asText());
    }

    /** Basic-auth user and password, or null when the header is absent or not basic. */
    public static String[] basicAuth(ServerRequest req) {
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty() || !header.get().regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.get().substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Who is asking, for the bounds of password checks: the remote address (of the TCP peer; behind a reverse
     * proxy, the proxy's).
     */
    public static String client(ServerRequest req) {
        SocketAddress address = req.remotePeer().address();
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    /** Answers the 1.0 success message. */
    public static void ok(ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        Protocol.send(res, OK);
    }

    /** Answers a value as JSON with status 200. */
    public static void json(ServerResponse res, Object value) {
        json(res, Status.OK_200, value);
    }

    public static void json(ServerResponse res, Status status, Object value) {
        try {
            byte[] bytes = Payloads.JSON.writeValueAsBytes(value);
            res.status(status);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            Protocol.send(res, bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers an error as {@code {"statusOK":false,"text":...}}. */
    public static void error(ServerResponse res, Status status, String text) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusOK", false);
        body.put("text", text);
        json(res, status, body);
    }

    /** The status for a kind of problem. */
    public static Status status(Kind kind) {
        return switch (kind) {
            case BAD_INPUT -> Status.BAD_REQUEST_400;
            case UNAUTHENTICATED -> Status.UNAUTHORIZED_401;
            case FORBIDDEN -> Status.FORBIDDEN_403;
            case NOT_FOUND -> Status.NOT_FOUND_404;
            case METHOD_NOT_ALLOWED -> Status.METHOD_NOT_ALLOWED_405;
            case TOO_LARGE -> Status.REQUEST_ENTITY_TOO_LARGE_413;
            case UNSUPPORTED_MEDIA_TYPE -> Status.UNSUPPORTED_MEDIA_TYPE_415;
            case CONFLICT -> Status.CONFLICT_409;
        };
    }

    /** A handler answering 405 with the methods a path allows. */
    public static Handler allow(String methods) {
        return (req, res) -> {
            res.header(HeaderNames.ALLOW, methods);
            throw new AnbefalException(AnbefalException.Kind.METHOD_NOT_ALLOWED, req.prologue().method().text()
                    + " is not allowed on " + req.path().absolute().path() + "; use " + methods);
        };
    }

    /**
     * {@code {"result":[...],"origin":...}}, with {@code {"id","w"}} objects for a scored recommender. Written with
     * Jackson's streaming generator (the bytes its tree of maps gave, without building the maps): on a cached answer
     * this was the largest part of a recommend request's own work.
     */
    public static void sendRecommendation(ServerResponse res, Recommendation r) {
        byte[] bytes = recommendationJson(r);
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        Protocol.send(res, bytes);
    }

    /** An answer and its body, as {@link #recommendationJson} rendered it. */
    private record Rendered(Recommendation answer, byte[] body) {
    }

    /**
     * The bodies of recent answers, by the answer's identity: the engine hands out the same immutable answer again
     * while it is current ({@code answer-cache.entries}), and its body is then the same bytes. Bounded: an answer
     * has two slots (two hashes of its identity) and a new one takes an empty one of them, else either; a few
     * hundred bytes a slot.
     */
    private static final java.util.concurrent.atomic.AtomicReferenceArray<Rendered> RENDERED =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(8192);

    /** The body {@link #sendRecommendation} answers (never to be modified: it may be answered again). */
    static byte[] recommendationJson(Recommendation r) {
        int h = System.identityHashCode(r);
        int mask = RENDERED.length() - 1;
        int first = (h ^ (h >>> 13)) & mask;
        int second = (h * 0x9E3779B9 >>> 19) & mask;
        Rendered a = RENDERED.get(first);
        if (a != null && a.answer() == r) {
            return a.body();
        }
        Rendered b = RENDERED.get(second);
        if (b != null && b.answer() == r) {
            return b.body();
        }
        byte[] body = render(r);
        // an empty slot of the two, else either (by a bit of the answer's hash, so that neither slot stays stale)
        RENDERED.set(a == null ? first : b == null || (h & 0x100) == 0 ? second : first, new Rendered(r, body));
        return body;
    }

    private static byte[] render(Recommendation r) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(64 + 48 * r.items().size());
        try (com.fasterxml.jackson.core.JsonGenerator g = Payloads.JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("result");
            for (Recommendation.ScoredItem item : r.items()) {
                if (r.scored()) {
                    g.writeStartObject();
                    g.writeStringField("id", item.id());
                    g.writeNumberField("w", item.score());
                    g.writeEndObject();
                } else {
                    g.writeString(item.id());
                }
            }
            g.writeEndArray();
            g.writeStringField("origin", r.origin());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The Miso-style API's path prefix: its answers and errors have Miso's shapes. */
    public static final String MISO_PREFIX = Protocol.MISO_PREFIX;

    /** Whether the request is one of the Miso-style API ({@code /v1}). */
    public static boolean isMiso(ServerRequest req) {
        String path = req.path().absolute().path();
        return path.equals(MISO_PREFIX) || path.startsWith(MISO_PREFIX + "/");
    }

    /** Answers a malformed request's error, in Miso's shape on {@code /v1}, closing the connection if it asks. */
    static void malformed(ServerRequest req, ServerResponse res, Protocol.MalformedRequestException e) {
        Protocol.closeAfter(req, res, e);
        if (isMiso(req)) {
            misoError(res, e.status(), e.getMessage());
        } else {
            error(res, e.status(), e.getMessage());
        }
    }

    /** Answers an error in Miso's shape, {@code {"message":...}}. */
    public static void misoError(ServerResponse res, Status status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        json(res, status, body);
    }

}
