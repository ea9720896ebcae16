package io.anbefal.http;

import io.anbefal.app.AnbefalException;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.HttpMediaType;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.http.RequestException;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipException;

/**
 * The HTTP layer below the API, so that every answer, whatever the request, is a JSON error or a real answer:
 * <ul>
 *     <li>Helidon's own rejections before routing (a malformed request line or header, a URI over the limit, an
 *     unsupported HTTP version) through {@link #directHandlers()}, in the API's error shapes;</li>
 *     <li>a body that cannot be read (a framing that breaks off, a bad chunk size, {@code Content-Encoding: gzip}
 *     on what is not gzip) and a malformed {@code Content-Type} as {@link MalformedRequestException}, a 4xx that
 *     closes the connection when the body's framing is lost;</li>
 *     <li>{@code HEAD} on every {@code GET} resource, answered without a body ({@link #filter()}).</li>
 * </ul>
 */
public final class Protocol {

    private static final String CLOSE = "anbefal.close-connection";
    /** The Miso-style API's path prefix: its answers and errors have Miso's shapes, also before routing. */
    public static final String MISO_PREFIX = "/v1";
    private static final ThreadLocal<Boolean> HEAD = new ThreadLocal<>();
    /** Helidon's text for a rejection whose message is not safe to show. */
    private static final String UNSAFE = "Bad request, see server log";

    private Protocol() {
    }

    /** A request Helidon could not take or whose body could not be read: a 4xx naming the problem. */
    public static final class MalformedRequestException extends AnbefalException {
        private final Status status;
        private final boolean close;

        MalformedRequestException(Status status, String message, boolean close, Throwable cause) {
            super(Kind.BAD_INPUT, message);
            this.status = status;
            this.close = close;
            if (cause != null) {
                initCause(cause);
            }
        }

        public Status status() {
            return status;
        }

        /** Whether the body's framing is lost, so the connection cannot carry another request. */
        public boolean closesConnection() {
            return close;
        }
    }

    /**
     * The first filter of the API's routing: {@code HEAD} is routed as {@code GET} and answered without a body
     * (except on the merge path, whose {@code GET} changes data: there it is a 405), and a request whose body
     * could not be read closes the connection once its error is sent, so that the rest of a broken body is
     * never read as a request of its own.
     */
    public static Filter filter() {
        return (chain, req, res) -> {
            HttpPrologue p = req.prologue();
            boolean head = p.method() == Method.HEAD;
            if (head && !p.uriPath().path().startsWith("/recapi/1.0/merge/")) {
                req.prologue(HttpPrologue.create(p.rawProtocol(), p.protocol(), p.protocolVersion(), Method.GET,
                        p.uriPath(), p.query(), p.fragment()));
            }
            if (head) {
                HEAD.set(Boolean.TRUE);
            }
            try {
                chain.proceed();
            } finally {
                HEAD.remove();
            }
            if (req.context().get(CLOSE, Boolean.class).orElse(false)) {
                throw new CloseConnectionException("the request body could not be read; closing the connection");
            }
        };
    }

    /**
     * Sends an answer's body, or for {@code HEAD} only its headers with the length the body would have had.
     * Every answer of the API goes through here.
     */
    public static void send(ServerResponse res, byte[] body) {
        if (Boolean.TRUE.equals(HEAD.get())) {
            res.header(HeaderNames.CONTENT_LENGTH, String.valueOf(body.length));
            res.send(new byte[0]);
        } else {
            res.send(body);
        }
    }

    /** The request's content type; a header that is not a media type is a 400 naming it. */
    public static Optional<HttpMediaType> contentType(ServerRequest req) {
        try {
            return req.headers().contentType();
        } catch (RuntimeException e) {
            String raw = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
            throw new MalformedRequestException(Status.BAD_REQUEST_400, "the Content-Type header '" + printable(raw)
                    + "' is not a media type such as application/json", false, e);
        }
    }

    /**
     * What reading the request body failed on, as a 4xx naming it. A failure of the framing (a chunk size that is
     * not a hexadecimal number, a body that ends before its {@code Content-Length}) closes the connection; so does
     * a gzip body that is not gzip, whose rest is not worth reading.
     */
    public static AnbefalException unreadable(ServerRequest req, Throwable e) {
        boolean encoded = req.headers().contains(HeaderNames.CONTENT_ENCODING);
        return unreadable(e, encoded);
    }

    private static AnbefalException unreadable(Throwable e, boolean encoded) {
        if (e instanceof AnbefalException a) {
            return a;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ZipException || t instanceof EOFException && (encoded || gzip(e))) {
                return new MalformedRequestException(Status.BAD_REQUEST_400, "the body is sent with Content-Encoding:"
                        + " gzip but is not whole gzip data (" + t.getClass().getSimpleName()
                        + (t.getMessage() == null ? "" : ": " + t.getMessage()) + ")", true, e);
            }
            if (t instanceof DataReader.InsufficientDataAvailableException) {
                return new MalformedRequestException(Status.BAD_REQUEST_400,
                        "the body ended before the length its Content-Length or chunk size announced", true, e);
            }
            if (t instanceof NumberFormatException) {
                return new MalformedRequestException(Status.BAD_REQUEST_400, "a chunk size of the chunked body is not"
                        + " a hexadecimal number (chunk extensions are not supported)", true, e);
            }
            if (t instanceof RequestException re && re.status().code() >= 400 && re.status().code() < 500) {
                return new MalformedRequestException(re.status(), re.status().code() == 413
                        ? "the request body is larger than the server's limit"
                        : "the request body is malformed: " + re.getMessage(), true, e);
            }
        }
        return new MalformedRequestException(Status.BAD_REQUEST_400, "the request body could not be read ("
                + e.getClass().getSimpleName() + ")", true, e);
    }

    private static boolean gzip(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("gzip")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's fault among exceptions that reached the routing's last error handler, or empty for a real
     * fault (a 500): Helidon's own 4xx exceptions (from parsing a header lazily, say) and failures of reading the
     * body that a handler did not wrap.
     */
    static Optional<MalformedRequestException> clientFault(Throwable e) {
        if (e instanceof HttpException h && h.status().code() >= 400 && h.status().code() < 500) {
            return Optional.of(new MalformedRequestException(h.status(), "malformed request: " + h.getMessage(),
                    false, e));
        }
        if (e instanceof IOException || e instanceof java.io.UncheckedIOException
                || e instanceof DataReader.InsufficientDataAvailableException || e instanceof RequestException) {
            return Optional.of((MalformedRequestException) unreadable(e, false));
        }
        return Optional.empty();
    }

    /**
     * Marks the connection for closing after the answer when the malformed request's fault asks for it (its error
     * is answered by the error mapping).
     */
    static void closeAfter(ServerRequest req, ServerResponse res, MalformedRequestException e) {
        if (e.closesConnection()) {
            res.header(HeaderValues.CONNECTION_CLOSE);
            req.context().register(CLOSE, Boolean.TRUE);
        }
    }

    /** Helidon's handlers of rejections before routing, answering in the API's JSON error shapes. */
    public static DirectHandlers directHandlers() {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, new JsonDirectHandler());
        }
        return builder.build();
    }

    /**
     * A rejection as JSON. Before routing every failure is the request's (the request line or a header could not
     * be parsed, or the head broke off), so Helidon's "internal error" there is a 400; a rejection from within
     * routing (which comes with the exception) keeps its status.
     */
    private static final class JsonDirectHandler implements DirectHandler {
        @Override
        public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                        ServerResponseHeaders headers, Throwable thrown) {
            String message = thrown instanceof RequestException re && re.safeMessage() ? thrown.getMessage() : null;
            return answer(request, status, headers, message, true);
        }

        @Override
        public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                        ServerResponseHeaders headers, String message) {
            return answer(request, status, headers, message, false);
        }

        private static TransportResponse answer(TransportRequest request, Status status, ServerResponseHeaders headers,
                                                String message, boolean routed) {
            if (!routed && status.code() >= 500 && status.code() != 503 && status.code() != 505) {
                status = Status.BAD_REQUEST_400;
                message = null;
            }
            String text = text(status, message);
            Map<String, Object> body = new LinkedHashMap<>();
            String path = safePath(request);
            if (path.equals(MISO_PREFIX) || path.startsWith(MISO_PREFIX + "/")) {
                body.put("message", text);
            } else {
                body.put("statusOK", false);
                body.put("text", text);
            }
            byte[] bytes;
            try {
                bytes = Payloads.JSON.writeValueAsBytes(body);
            } catch (IOException e) {
                bytes = "{\"statusOK\":false,\"text\":\"bad request\"}".getBytes(StandardCharsets.UTF_8);
            }
            headers.set(HeaderNames.CONTENT_TYPE, "application/json");
            TransportResponse.Builder response = TransportResponse.builder().status(status).headers(headers);
            return "HEAD".equals(safeMethod(request)) ? response.build() : response.entity(bytes).build();
        }

        private static String safeMethod(TransportRequest request) {
            try {
                return request.method();
            } catch (RuntimeException e) {
                return "";
            }
        }

        private static String safePath(TransportRequest request) {
            try {
                String path = request.path();
                return path == null ? "" : path;
            } catch (RuntimeException e) {
                return "";
            }
        }

        private static String text(Status status, String message) {
            boolean detail = message != null && !message.isBlank() && !message.startsWith(UNSAFE);
            String what = switch (status.code()) {
                case 400 -> "malformed request: the request line, a header or the body's framing is not valid HTTP/1.1";
                case 413 -> "the request is larger than the server's limit";
                case 414 -> "the request URI is longer than the server's limit";
                case 431 -> "the request's headers are larger than the server's limit";
                case 501 -> "not implemented: the request asks for something this server does not support";
                case 503 -> "the server is busy: too many requests at once";
                case 505 -> "the HTTP version is not supported: send HTTP/1.1";
                default -> status.code() + " " + status.reasonPhrase();
            };
            return detail ? what + " (" + printable(message) + ")" : what;
        }
    }

    /** A value for an error message: control characters as {@code \\uXXXX}, at most 200 characters. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 200) + 8);
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return s.length() > 200 ? b + "..." : b.toString();
    }
}
