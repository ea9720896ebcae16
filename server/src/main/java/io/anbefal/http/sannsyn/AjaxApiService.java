package io.anbefal.http.sannsyn;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.Anbefal;
import io.anbefal.http.Cors;
import io.anbefal.http.Http;
import io.anbefal.http.Payloads;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;


/**
 * The browser-side API, {@code /ajaxrecapi/1.0}: no basic auth; CORS with credentials for the service's
 * configured origins only; the visitor identified by the x-ssasid header, the ssasid cookie, or an ssasid
 * field or query parameter (a beacon cannot set headers). In whose name a request may act is the browser trust
 * model's decision ({@link io.anbefal.app.BrowserTrust}).
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
                .any("/update", Http.allow("POST"))
                .post("/recommend", this::recommend)
                .any("/recommend", Http.allow("POST"))
                .register(new CrecService(anbefal, maxBody));
    }

    /** The CORS policy ({@link Cors}) with the ajax API's headers; also Kibo's read API's. */
    static void cors(Anbefal anbefal, ServerRequest req, ServerResponse res) {
        Cors.filter(anbefal, req, res, "content-type, x-ssasid");
    }

    private void update(ServerRequest req, ServerResponse res) {
        JsonNode body = Payloads.object(Http.body(req, maxBody));
        String service = Payloads.service(body);
        checkOrigin(req, service);
        anbefal.trust().update(anbefal.service(service), Payloads.updates(body), visitor(req, body));
        Http.ok(res);
    }

    private void recommend(ServerRequest req, ServerResponse res) {
        JsonNode body = Payloads.object(Http.body(req, maxBody));
        String service = Payloads.service(body);
        checkOrigin(req, service);
        Http.sendRecommendation(res, anbefal.trust().recommend(anbefal.service(service), Payloads.recommend(body), visitor(req, body)));
    }

    /** The visitor: header, cookie or query parameter, else the body's {@code ssasid} field. */
    private static String visitor(ServerRequest req, JsonNode body) {
        String id = Http.visitor(req);
        String field = Http.visitor(body, Http.SSASID);
        return id != null ? id : field;
    }

    private void checkOrigin(ServerRequest req, String service) {
        Cors.checkOrigin(anbefal, req, service);
    }
}
