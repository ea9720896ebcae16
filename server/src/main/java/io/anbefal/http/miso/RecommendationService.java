package io.anbefal.http.miso;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.Anbefal;
import io.anbefal.miso.Miso;
import io.anbefal.miso.MisoExperiments;
import io.anbefal.tenant.Services;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/recommendation/...}: products for a user or products, trending products, categories and attribute
 * values with their products, and a user's history.
 */
public final class RecommendationService implements HttpService {

    private final Anbefal anbefal;
    private final Miso miso;
    private final long maxBody;

    public RecommendationService(Anbefal anbefal, Miso miso, long maxBody) {
        this.anbefal = anbefal;
        this.miso = miso;
        this.maxBody = maxBody;
    }

    /** The operations by their bulk name ({@code recommendation/user_to_products}, ...). */
    void operations(Map<String, MisoHttp.Operation> out) {
        for (Miso.Endpoint e : Miso.Endpoint.values()) {
            out.put("recommendation/" + e.path(), (caller, body) -> recommend(caller, body, e));
        }
    }

    @Override
    public void routing(HttpRules rules) {
        MisoHttp.post(rules, anbefal, maxBody, this::operations);
    }

    private Map<String, Object> recommend(MisoCaller caller, JsonNode body, Miso.Endpoint endpoint) {
        long t0 = System.nanoTime();
        MisoPayloads p = new MisoPayloads();
        String person = p.person(body);
        List<String> products = endpoint == Miso.Endpoint.PRODUCT_TO_PRODUCTS ? p.productIds(body) : List.of();
        boolean needsPerson = endpoint == Miso.Endpoint.USER_TO_PRODUCTS || endpoint == Miso.Endpoint.USER_TO_CATEGORIES
                || endpoint == Miso.Endpoint.USER_TO_ATTRIBUTES || endpoint == Miso.Endpoint.USER_TO_HISTORY;
        if (person == null && needsPerson) {
            p.problem("user_id is required: give user_id or anonymous_id");
        }
        boolean groups = endpoint == Miso.Endpoint.USER_TO_CATEGORIES || endpoint == Miso.Endpoint.USER_TO_ATTRIBUTES;
        if (groups && body.hasNonNull("boost_fq")) {
            // its products per group come in the recommender's order: a boost would be dropped without a word
            p.problem("boost_fq is not supported by " + endpoint.path() + ": filter its products with fq");
        }
        String field = endpoint == Miso.Endpoint.USER_TO_ATTRIBUTES ? p.string(body, "field", null, true, 200) : null;
        String perName = endpoint == Miso.Endpoint.USER_TO_ATTRIBUTES ? "products_per_attribute" : "products_per_category";
        Miso.Query q = new Miso.Query(person, products, p.rows(body), p.list(body, "fl"), p.list(body, "exclude"),
                p.fq(body), p.filter(body, "boost_fq"), p.string(body, "engine_id", null, false, 200),
                p.rows(body, perName, 5, 0, 100), field);
        p.check();
        MisoHttp.requirePerson(anbefal, caller, p, body, person, endpoint == Miso.Endpoint.USER_TO_HISTORY);
        Miso.Answer answer = switch (endpoint) {
            case USER_TO_CATEGORIES -> miso.categories(caller.account(), q);
            case USER_TO_ATTRIBUTES -> miso.attributes(caller.account(), q);
            default -> miso.products(caller.account(), endpoint, q);
        };
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("took", (System.nanoTime() - t0) / 1_000_000);
        data.put("miso_id", answer.misoId());
        MisoExperiments.put(data, answer.variant());
        data.put(switch (endpoint) {
            case USER_TO_CATEGORIES -> "categories";
            case USER_TO_ATTRIBUTES -> "attributes";
            default -> "products";
        }, answer.items());
        return MisoHttp.answer(data);
    }
}
