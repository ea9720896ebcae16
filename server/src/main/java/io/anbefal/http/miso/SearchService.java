package io.anbefal.http.miso;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.Anbefal;
import io.anbefal.miso.Miso;
import io.anbefal.miso.MisoSearch;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /v1/search/search}, {@code /v1/search/autocomplete} and {@code /v1/search/mget} over the catalog. */
public final class SearchService implements HttpService {

    private final Anbefal anbefal;
    private final MisoSearch miso;
    private final Miso recommendations;
    private final long maxBody;

    public SearchService(Anbefal anbefal, MisoSearch miso, Miso recommendations, long maxBody) {
        this.anbefal = anbefal;
        this.miso = miso;
        this.recommendations = recommendations;
        this.maxBody = maxBody;
    }

    /** The operations by their bulk name ({@code search/search}, ...). */
    void operations(Map<String, MisoHttp.Operation> out) {
        out.put("search/search", this::search);
        out.put("search/autocomplete", this::autocomplete);
        out.put("search/mget", this::mget);
    }

    @Override
    public void routing(HttpRules rules) {
        MisoHttp.post(rules, anbefal, maxBody, this::operations);
    }

    private Map<String, Object> search(MisoCaller caller, JsonNode body) {
        long t0 = System.nanoTime();
        MisoPayloads p = new MisoPayloads();
        String q = body.path("q").isTextual() && body.get("q").asText().isEmpty() ? "" : p.string(body, "q", null, false, 1000);
        JsonNode auto = body.path("spellcheck").path("enable_auto_spelling_correction");
        if (!auto.isMissingNode() && !auto.isNull() && !auto.isBoolean()) {
            p.problem("spellcheck.enable_auto_spelling_correction is invalid: true or false is expected");
        }
        MisoSearch.SearchQuery query = new MisoSearch.SearchQuery(q, p.person(body), p.rows(body, "rows", 5, 0, 1000),
                p.rows(body, "start", 0, 0, 1_000_000), p.list(body, "fl"), p.fq(body), p.orderBy(body), p.facets(body),
                !auto.isBoolean() || auto.asBoolean());
        p.check();
        MisoHttp.requirePerson(anbefal, caller, p, body, query.person(), false);
        MisoSearch.SearchAnswer a = miso.search(caller.account(), query);
        String original = q == null ? "" : q;
        Map<String, Object> spellcheck = new LinkedHashMap<>();
        spellcheck.put("spelling_errors", a.corrected() != null);
        spellcheck.put("auto_spelling_correction", a.autoCorrected());
        spellcheck.put("original_query", original);
        spellcheck.put("original_query_with_markups", a.corrected() == null ? escape(original) : markup(original, a.corrected()));
        spellcheck.put("corrected_query", a.corrected());
        spellcheck.put("corrected_query_with_markups", a.corrected() == null ? null : markup(a.corrected(), original));
        // the names of this server's first version, kept for its clients
        spellcheck.put("auto_corrected", a.autoCorrected());
        spellcheck.put("auto_corrected_query", a.autoCorrected() ? a.corrected() : null);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("products", a.products());
        data.put("total", a.total());
        data.put("start", query.start());
        data.put("spellcheck", spellcheck);
        data.put("facet_counts", Map.of("facet_fields", a.facetCounts()));
        data.put("took", (System.nanoTime() - t0) / 1_000_000);
        data.put("miso_id", a.misoId());
        return MisoHttp.answer(data);
    }

    /**
     * The query with the words that differ from the other query marked, HTML-escaped as Miso shows it
     * ({@code what is &lt;mark&gt;pythn&lt;/mark&gt;}).
     */
    static String markup(String query, String other) {
        List<String> others = List.of(other.trim().split("\\s+"));
        StringBuilder out = new StringBuilder();
        for (String word : query.trim().split("\\s+")) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(others.contains(word) ? escape(word) : escape("<mark>") + escape(word) + escape("</mark>"));
        }
        return out.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private Map<String, Object> autocomplete(MisoCaller caller, JsonNode body) {
        long t0 = System.nanoTime();
        MisoPayloads p = new MisoPayloads();
        String q = p.string(body, "q", null, true, 1000);
        var fields = p.list(body, "completion_fields");
        int rows = p.rows(body);
        var fl = p.list(body, "fl");
        p.check();
        MisoSearch.Completions c = miso.autocomplete(caller.account(), q, fields.isEmpty() ? List.of("title") : fields,
                rows, fl);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("completions", c.completions());
        data.put("took", (System.nanoTime() - t0) / 1_000_000);
        data.put("miso_id", c.misoId());
        return MisoHttp.answer(data);
    }

    private Map<String, Object> mget(MisoCaller caller, JsonNode body) {
        long t0 = System.nanoTime();
        MisoPayloads p = new MisoPayloads();
        List<String> ids = p.strings(body, "product_ids", null);
        if (!body.path("product_ids").isArray()) {
            p.problem("product_ids is required: an array of product ids is expected");
        } else if (ids.size() > 1000) {
            p.problem("product_ids is invalid: at most 1000 ids");
        }
        List<String> fl = p.list(body, "fl");
        p.check();
        Miso.Answer a = recommendations.mget(caller.account(), ids, fl);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("products", a.items());
        data.put("took", (System.nanoTime() - t0) / 1_000_000);
        data.put("miso_id", a.misoId());
        return MisoHttp.answer(data);
    }
}
