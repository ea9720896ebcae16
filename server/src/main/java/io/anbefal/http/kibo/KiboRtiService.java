package io.anbefal.http.kibo;

import io.anbefal.app.Anbefal;
import io.anbefal.app.VisitorIds;
import io.anbefal.catalog.Catalog;
import io.anbefal.http.Cors;
import io.anbefal.http.Http;
import io.anbefal.http.Protocol;
import io.anbefal.kibo.KiboRecs;
import io.anbefal.kibo.KiboRequest;
import io.anbefal.kibo.KiboResult;
import io.anbefal.kibo.KiboWriters;
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
        rules.any((req, res) -> Cors.filter(anbefal, req, res, "content-type, x-ssasid")) // the ajax API's CORS policy
                .get("/schema", this::schema)
                .any("/schema", Http.allow("GET"))
                .get("/{+site}", this::recommend) // the site read from the raw path, as every id in a path
                .any("/{+site}", Http.allow("GET"));
    }

    private void schema(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "application/xml; charset=UTF-8");
        Protocol.send(res, SCHEMA);
    }

    private void recommend(ServerRequest req, ServerResponse res) {
        String site = Http.pathIds(req, PREFIX, 1).getFirst();
        Cors.checkOrigin(anbefal, req, site);
        KiboRequest request = recs.parse(anbefal.service(site), req.query().rawValue(),
                req.headers().first(HeaderNames.ACCEPT).orElse(null),
                req.headers().cookies().first(BN_U).orElse(null));
        anbefal.trust().requirePerson(anbefal.service(site), request.person(),
                req.headers().cookies().first(Http.SSASID).filter(VisitorIds::valid).orElse(null),
                req.query().first("sig").orElse(null), recs.readsHistory(anbefal.service(site), request));
        KiboResult result = recs.answer(anbefal.service(site), request);
        if (request.format() == KiboRequest.Format.JSON) {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            Protocol.send(res, KiboWriters.json(result));
        } else {
            res.header(HeaderNames.CONTENT_TYPE, "application/xml; charset=UTF-8");
            Protocol.send(res, KiboWriters.xml(result));
        }
    }
}
