package io.anbefal.http.miso;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.Anbefal;
import io.anbefal.app.AnbefalException;
import io.anbefal.http.Http;
import io.anbefal.http.Payloads;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** What the {@code /v1} handlers share: the API key header, bodies, the routes of operations (their caller is
 * {@link MisoCaller}), and Miso's answer and error shapes. */
public final class MisoHttp {

    /** The path prefix of the Miso-style API. */
    public static final String PREFIX = Http.MISO_PREFIX;
    /** The API key header. */
    public static final HeaderName X_API_KEY = HeaderNames.create("X-API-KEY");

    /** The body limit of the data endpoints (interactions, products) at least: 10,000 records need some MB. */
    public static final long DATA_BODY_LIMIT = 16L << 20;

    private MisoHttp() {
    }

    /** The body limit of a data endpoint: the server's limit, but at least {@link #DATA_BODY_LIMIT}. */
    static long dataLimit(long maxBody) {
        return Math.max(maxBody, DATA_BODY_LIMIT);
    }

    /**
     * With a publishable key, checks the person of a read (user_id, else anonymous_id) against the browser trust
     * model: in signed mode it needs its {@code user_hash}, or to be an issued visitor id or linked to the request's
     * issued anonymous_id. The secret key is trusted.
     */
    static void requirePerson(Anbefal anbefal, MisoCaller caller, MisoPayloads p, JsonNode body, String person,
            boolean history) {
        if (caller.publishable()) {
            anbefal.trust().requirePerson(caller.account(), person, p.anonymous(body), p.userHash(body), history);
        }
    }

    /**
     * The body as one JSON object. A body that is not JSON only because its quotes are typographic ones
     * ({@code “q”: “jeans”}, as a blog post prints them) is read with straight quotes.
     */
    static JsonNode object(ServerRequest req, long maxBody) {
        byte[] body = Http.body(req, maxBody);
        try {
            return Payloads.object(body);
        } catch (AnbefalException e) {
            String text = new String(body, StandardCharsets.UTF_8);
            if (text.indexOf('\u201C') < 0 && text.indexOf('\u201D') < 0) {
                throw e;
            }
            try {
                return Payloads.object(text.replace('\u201C', '"').replace('\u201D', '"').getBytes(StandardCharsets.UTF_8));
            } catch (AnbefalException again) {
                throw e;
            }
        }
    }

    /** {@code {"message":"success","data":...}}. */
    static void success(ServerResponse res, Object data) {
        Http.json(res, answer(data));
    }

    /** {@code {"message":"success","data":...}} as a map. */
    static Map<String, Object> answer(Object data) {
        return answer("success", data);
    }

    /** {@code {"message":...,"data":...}} as a map. */
    static Map<String, Object> answer(String message, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("data", data);
        return body;
    }

    /**
     * One POST operation of the API, which {@code POST /v1/bulk} can call too: the caller (already authenticated and
     * checked against the request's origin) and the JSON body in, the whole answer body out.
     */
    @FunctionalInterface
    interface Operation {
        Map<String, Object> call(MisoCaller caller, JsonNode body);
    }

    /** The handlers of an operation's route: the caller's filter ({@link MisoCaller}), then the body (within {@code maxBody}) and the answer. */
    static Handler[] handler(Anbefal anbefal, long maxBody, Operation op) {
        return withCaller(anbefal, (req, res) -> Http.json(res, op.call(MisoCaller.of(req), object(req, maxBody))));
    }

    /** The handlers of a route that reads its caller: {@link MisoCaller#filter} first, then {@code handler}. */
    static Handler[] withCaller(Anbefal anbefal, Handler handler) {
        return new Handler[] {MisoCaller.filter(anbefal), handler};
    }

    /**
     * Routes the operations a service lists by bulk name, each as a POST at its name's path after the resource
     * ({@code search/mget} at {@code /mget}); another method there is a 405.
     */
    static void post(HttpRules rules, Anbefal anbefal, long maxBody, Consumer<Map<String, Operation>> operations) {
        Map<String, Operation> ops = new LinkedHashMap<>();
        operations.accept(ops);
        ops.forEach((name, op) -> {
            String path = name.substring(name.indexOf('/'));
            rules.post(path, handler(anbefal, maxBody, op)).any(path, Http.allow("POST"));
        });
    }

    /** Whether a request is on the Miso-style API (its errors take Miso's shapes). */
    public static boolean isMiso(ServerRequest req) {
        return Http.isMiso(req);
    }

    /**
     * A problem in Miso's shapes: 401 {@code {"message":"invalid api key."}}, 422 {@code {"errors":true,
     * "message":...,"data":[every problem]}} for bad input, otherwise the status with {@code {"message":...}}.
     */
    public static void error(ServerResponse res, AnbefalException e) {
        Http.json(res, status(e), errorBody(e));
    }

    /** The status of a problem on {@code /v1}: 422 for bad input (Miso's), else the 1.0 API's. */
    static Status status(AnbefalException e) {
        return e.kind() == AnbefalException.Kind.BAD_INPUT ? Status.UNPROCESSABLE_CONTENT_422 : Http.status(e.kind());
    }

    /** The body of a problem in Miso's shapes (see {@link #error(ServerResponse, AnbefalException)}). */
    static Map<String, Object> errorBody(AnbefalException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (e.kind() == AnbefalException.Kind.BAD_INPUT) {
            body.put("errors", true);
            body.put("message", e.getMessage());
            body.put("data", e.details().isEmpty() ? List.of(e.getMessage()) : e.details());
            return body;
        }
        body.put("message", e.getMessage());
        return body;
    }

    /** A 404 or 500 in Miso's shape. */
    public static void error(ServerResponse res, Status status, String message) {
        Http.misoError(res, status, message);
    }
}
