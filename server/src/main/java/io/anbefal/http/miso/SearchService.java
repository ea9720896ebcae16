package io.anbefal.http.miso;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.Anbefal;
import io.anbefal.http.Routes;
import io.anbefal.miso.Miso;
import io.anbefal.miso.MisoSearch;
import io.anbefal.tenant.Services;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /v1/search/search} and {@code /v1/search/autocomplete} over the catalog. */
public final class SearchService implements HttpService {

    private final Anbefal anbefal;
    private final MisoSearch miso;
    private final long maxBody;

    public SearchService(Anbefal anbefal, MisoSearch miso, long maxBody) {
        this.anbefal = anbefal;
        this.miso = miso;
        this.maxBody = maxBody;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any((req, res) -> MisoHttp.cors(anbefal, req, res))
                .post("/search", this::search)
                .any("/search", Routes.allow("POST"))
                .post("/autocomplete", this::autocomplete)
                .any("/autocomplete", Routes.allow("POST"));
    }

    private void search(ServerRequest req, ServerResponse res) {
        long t0 = System.nanoTime();
        Services.KeyOwner caller = MisoHttp.caller(anbefal, req);
        String service = caller.service();
        JsonNode body = MisoHttp.object(req, maxBody);
        MisoPayloads p = new MisoPayloads();
        String q = body.path("q").isTextual() && body.get("q").asText().isEmpty() ? "" : p.string(body, "q", null, false, 1000);
        MisoSearch.SearchQuery query = new MisoSearch.SearchQuery(q, p.person(body), p.rows(body, "rows", 5, 0, 1000),
                p.rows(body, "start", 0, 0, 1_000_000), p.list(body, "fl"), p.fq(body), p.orderBy(body), p.facets(body));
        p.check();
        MisoHttp.requirePerson(anbefal, caller, p, body, query.person());
        MisoSearch.SearchAnswer a = miso.search(service, query);
        Map<String, Object> spellcheck = new LinkedHashMap<>();
        spellcheck.put("spelling_errors", a.corrected() != null);
        spellcheck.put("original_query", q == null ? "" : q);
        spellcheck.put("auto_corrected", a.corrected() != null);
        spellcheck.put("auto_corrected_query", a.corrected());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("products", a.products());
        data.put("total", a.total());
        data.put("start", query.start());
        data.put("spellcheck", spellcheck);
        data.put("facet_counts", Map.of("facet_fields", a.facetCounts()));
        data.put("took", (System.nanoTime() - t0) / 1_000_000);
        data.put("miso_id", a.misoId());
        MisoHttp.success(res, data);
    }

    private void autocomplete(ServerRequest req, ServerResponse res) {
        long t0 = System.nanoTime();
        String service = MisoHttp.service(anbefal, req);
        JsonNode body = MisoHttp.object(req, maxBody);
        MisoPayloads p = new MisoPayloads();
        String q = p.string(body, "q", null, true, 1000);
        var fields = p.list(body, "completion_fields");
        int rows = p.rows(body);
        var fl = p.list(body, "fl");
        p.check();
        MisoSearch.Completions c = miso.autocomplete(service, q, fields.isEmpty() ? java.util.List.of("title") : fields,
                rows, fl);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("completions", c.completions());
        data.put("took", (System.nanoTime() - t0) / 1_000_000);
        data.put("miso_id", c.misoId());
        MisoHttp.success(res, data);
    }
}
