package io.anbefal.http.sannsyn;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.Anbefal;
import io.anbefal.http.BrowserCaller;
import io.anbefal.http.Http;
import io.anbefal.http.Payloads;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;

import java.util.function.BiFunction;

/**
 * The ajax API's caller filter, the first handler of its POST routes: the JSON body (within the body limit), the
 * service it names (404 for an unknown one) checked against the request's origin (403), and the visitor by the
 * route's rule, resolved once and kept in the request's context as a {@link BrowserCaller} and the {@link Body}.
 */
final class AjaxCaller {

    /** The visitor of an update or a recommend: the header, cookie or query parameter, else the body's field. */
    static final BiFunction<ServerRequest, JsonNode, String> VISITOR = (req, body) -> {
        String id = Http.visitor(req);
        String field = Http.visitor(body, Http.SSASID);
        return id != null ? id : field;
    };

    /** The request's body, as the filter read it. */
    record Body(JsonNode json) {
    }

    private AjaxCaller() {
    }

    /** The filter, with the route's visitor rule (which answers 400 for a visitor id of the wrong syntax). */
    static Handler filter(Anbefal anbefal, long maxBody, BiFunction<ServerRequest, JsonNode, String> visitor) {
        return (req, res) -> {
            JsonNode body = Payloads.object(Http.body(req, maxBody));
            String service = Payloads.service(body);
            BrowserCaller.resolve(anbefal, req, service, visitor.apply(req, body));
            req.context().register(new Body(body));
            res.next();
        };
    }

    /** The request's body, read by {@link #filter}. */
    static JsonNode body(ServerRequest req) {
        return req.context().get(Body.class).orElseThrow(
                () -> new IllegalStateException("no ajax body: the route has no AjaxCaller.filter")).json();
    }
}
