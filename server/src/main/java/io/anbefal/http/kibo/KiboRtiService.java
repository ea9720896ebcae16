package io.anbefal.http.kibo;

import io.anbefal.app.Anbefal;
import io.anbefal.app.VisitorIds;
import io.anbefal.catalog.Catalog;
import io.anbefal.http.BrowserCaller;
import io.anbefal.http.Cors;
import io.anbefal.http.Http;
import io.anbefal.http.Protocol;
import io.anbefal.kibo.KiboRecs;
import io.anbefal.kibo.KiboRequest;
import io.anbefal.kibo.KiboResult;
import io.anbefal.kibo.KiboWriters;
import io.anbefal.store.ServiceAccount;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Kibo RTI's recommendation server API, {@code /recs/1}: {@code GET /{site}} answers widgets of an Anbefal
 * service as XML (the default) or JSON, {@code GET /schema} the XSD of the XML answer. No basic auth (storefront
 * pages called it); a request with an Origin gets the ajax API's CORS policy; the person it names passes the
 * browser trust model ({@link io.anbefal.app.BrowserTrust#requirePerson}). See docs/api.md.
 */
public final class KiboRtiService implements HttpService {

    /** The cookie that carried Kibo's user id. */
    static final String BN_U = "bn_u";
    /** Where this API is registered. */
    public static final String PREFIX = "/recs/1";
    private static final byte[] SCHEMA = KiboWriters.schema();

    private final Anbefal anbefal;
    private final KiboRecs recs;

    public KiboRtiService(Anbefal anbefal, Catalog catalog) {
        this.anbefal = anbefal;
        this.recs = new KiboRecs(anbefal, catalog);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any((req, res) -> Cors.filter(anbefal, req, res, Cors.VISITOR_HEADERS)) // the ajax API's policy
                .get("/schema", this::schema)
                .any("/schema", Http.allow("GET"))
                .get("/{+site}", this::caller, this::recommend) // the site read from the raw path, as every id in a path
                .any("/{+site}", Http.allow("GET"));
    }

    private void schema(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "application/xml; charset=UTF-8");
        Protocol.send(res, SCHEMA);
    }

    /**
     * The caller's filter: the site (the service) from the path, checked against the request's origin, and the
     * visitor of the {@code ssasid} cookie when it holds a visitor id (any other value counts as none).
     */
    private void caller(ServerRequest req, ServerResponse res) {
        String site = Http.pathIds(req, PREFIX, 1).getFirst();
        BrowserCaller.resolve(anbefal, req, site,
                req.headers().cookies().first(Http.SSASID).filter(VisitorIds::valid).orElse(null));
        res.next();
    }

    private void recommend(ServerRequest req, ServerResponse res) {
        BrowserCaller caller = BrowserCaller.of(req);
        ServiceAccount site = caller.account();
        KiboRequest request = recs.parse(site, req.query().rawValue(),
                req.headers().first(HeaderNames.ACCEPT).orElse(null),
                req.headers().cookies().first(BN_U).orElse(null));
        anbefal.trust().requirePerson(site, request.person(), caller.visitor(),
                req.query().first("sig").orElse(null), recs.readsHistory(site, request));
        KiboResult result = recs.answer(site, request);
        if (request.format() == KiboRequest.Format.JSON) {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            Protocol.send(res, KiboWriters.json(result));
        } else {
            res.header(HeaderNames.CONTENT_TYPE, "application/xml; charset=UTF-8");
            Protocol.send(res, KiboWriters.xml(result));
        }
    }
}
