package io.anbefal.http.miso;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.Anbefal;
import io.anbefal.http.Routes;
import io.anbefal.miso.Miso;
import io.anbefal.tenant.Services;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /v1/recommendation/...}: products for a user or a product, trending products, categories. */
public final class RecommendationService implements HttpService {

    private final Anbefal anbefal;
    private final Miso miso;
    private final long maxBody;

    public RecommendationService(Anbefal anbefal, Miso miso, long maxBody) {
        this.anbefal = anbefal;
        this.miso = miso;
        this.maxBody = maxBody;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any((req, res) -> MisoHttp.cors(anbefal, req, res));
        for (Miso.Endpoint e : Miso.Endpoint.values()) {
            rules.post("/" + e.path(), (req, res) -> recommend(req, res, e))
                    .any("/" + e.path(), Routes.allow("POST"));
        }
        rules.post("/user_to_attributes", this::unsupported)
                .any("/user_to_attributes", Routes.allow("POST"));
    }

    private void recommend(ServerRequest req, ServerResponse res, Miso.Endpoint endpoint) {
        long t0 = System.nanoTime();
        Services.KeyOwner caller = MisoHttp.caller(anbefal, req);
        String service = caller.service();
        JsonNode body = MisoHttp.object(req, maxBody);
        MisoPayloads p = new MisoPayloads();
        String person = p.person(body);
        String product = p.string(body, "product_id", null, endpoint == Miso.Endpoint.PRODUCT_TO_PRODUCTS, 1000);
        if (person == null && (endpoint == Miso.Endpoint.USER_TO_PRODUCTS || endpoint == Miso.Endpoint.USER_TO_CATEGORIES)) {
            p.problem("user_id is required: give user_id or anonymous_id");
        }
        Miso.Query q = new Miso.Query(person, product, p.rows(body), p.list(body, "fl"), p.list(body, "exclude"), p.fq(body));
        p.check();
        MisoHttp.requirePerson(anbefal, caller, p, body, person);
        Miso.Answer answer = endpoint == Miso.Endpoint.USER_TO_CATEGORIES ? miso.categories(service, q)
                : miso.products(service, endpoint, q);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("took", (System.nanoTime() - t0) / 1_000_000);
        data.put("miso_id", answer.misoId());
        data.put(endpoint == Miso.Endpoint.USER_TO_CATEGORIES ? "categories" : "products", answer.items());
        MisoHttp.success(res, data);
    }

    private void unsupported(ServerRequest req, ServerResponse res) {
        MisoHttp.service(anbefal, req);
        throw Miso.invalid("user_to_attributes is not supported", List.of("user_to_attributes is not supported by"
                + " this server: it learns no product attributes from interactions; use user_to_categories, or"
                + " user_to_products with fl"));
    }
}
