package io.anbefal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.Anbefal;
import io.anbefal.app.AnbefalException;
import io.anbefal.app.AnbefalException.Kind;
import io.anbefal.store.ServiceAccount;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Optional;

/**
 * The browser-side API, {@code /ajaxrecapi/1.0}: no basic auth; CORS with credentials for the service's
 * configured origins only; the visitor identified by the x-ssasid header, the ssasid cookie, or an ssasid
 * field or query parameter (a beacon cannot set headers).
 */
public final class AjaxApiService implements HttpService {

    private final Anbefal anbefal;
    private final long maxBody;

    public AjaxApiService(Anbefal anbefal, long maxBody) {
        this.anbefal = anbefal;
        this.maxBody = maxBody;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any((req, res) -> cors(anbefal, req, res))
                .post("/update", this::update)
                .any("/update", Routes.allow("POST"))
                .post("/recommend", this::recommend)
                .any("/recommend", Routes.allow("POST"))
                .register(new CrecService(anbefal, maxBody));
    }

    /**
     * Allows an origin that some service allows (a preflight names no service; each request is then checked
     * against its own service's origins), answers preflights, and passes everything else on. Also the policy
     * of {@link KiboRtiService}.
     */
    static void cors(Anbefal anbefal, ServerRequest req, ServerResponse res) {
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        boolean preflight = req.prologue().method() == Method.OPTIONS;
        if (origin.isPresent()) {
            if (anbefal.services().anyAllows(origin.get())) {
                res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin.get());
                res.header(HeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
                res.header(HeaderNames.VARY, "Origin");
            } else if (preflight) {
                Http.error(res, Status.FORBIDDEN_403, "origin " + origin.get() + " is not allowed by any service");
                return;
            }
        }
        if (preflight) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "content-type, x-ssasid");
            res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
            res.status(Status.NO_CONTENT_204).send();
            return;
        }
        res.next();
    }

    private void update(ServerRequest req, ServerResponse res) {
        JsonNode body = Payloads.object(Http.body(req, maxBody));
        String service = Payloads.service(body);
        checkOrigin(req, service);
        anbefal.update(service, Payloads.updates(body), visitor(req, body));
        Http.ok(res);
    }

    private void recommend(ServerRequest req, ServerResponse res) {
        JsonNode body = Payloads.object(Http.body(req, maxBody));
        String service = Payloads.service(body);
        checkOrigin(req, service);
        Routes.sendRecommendation(res, anbefal.recommend(service, Payloads.recommend(body), visitor(req, body)));
    }

    /** The visitor: header, cookie or query parameter, else the body's {@code ssasid} field. */
    private static String visitor(ServerRequest req, JsonNode body) {
        String id = Http.visitor(req);
        if (id == null && body.path(Http.SSASID).isTextual() && Http.usable(body.get(Http.SSASID).asText())) {
            id = body.get(Http.SSASID).asText();
        }
        return id;
    }

    private void checkOrigin(ServerRequest req, String service) {
        checkOrigin(anbefal, req, service);
    }

    /** 404 for an unknown service; 403 when the request comes from a browser origin the service does not allow. */
    static void checkOrigin(Anbefal anbefal, ServerRequest req, String service) {
        ServiceAccount account = anbefal.requireService(service);
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        if (origin.isPresent() && !anbefal.services().originAllowed(account, origin.get())) {
            throw new AnbefalException(Kind.FORBIDDEN,
                    "origin " + origin.get() + " is not allowed for service '" + service + "'");
        }
    }
}
