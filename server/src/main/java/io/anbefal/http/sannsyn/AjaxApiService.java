package io.anbefal.http.sannsyn;

import io.anbefal.app.Anbefal;
import io.anbefal.http.BrowserCaller;
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
                .post("/update", AjaxCaller.filter(anbefal, maxBody, AjaxCaller.VISITOR), this::update)
                .any("/update", Http.allow("POST"))
                .post("/recommend", AjaxCaller.filter(anbefal, maxBody, AjaxCaller.VISITOR), this::recommend)
                .any("/recommend", Http.allow("POST"))
                .register(new CrecService(anbefal, maxBody));
    }

    /** The CORS policy ({@link Cors}) with the ajax API's headers. */
    static void cors(Anbefal anbefal, ServerRequest req, ServerResponse res) {
        Cors.filter(anbefal, req, res, Cors.VISITOR_HEADERS);
    }

    private void update(ServerRequest req, ServerResponse res) {
        BrowserCaller caller = BrowserCaller.of(req);
        anbefal.trust().update(caller.account(), Payloads.updates(AjaxCaller.body(req)), caller.visitor());
        Http.ok(res);
    }

    private void recommend(ServerRequest req, ServerResponse res) {
        BrowserCaller caller = BrowserCaller.of(req);
        Http.sendRecommendation(res, anbefal.trust().recommend(caller.account(), Payloads.recommend(AjaxCaller.body(req)),
                caller.visitor()));
    }
}
