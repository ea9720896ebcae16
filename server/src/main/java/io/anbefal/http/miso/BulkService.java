package io.anbefal.http.miso;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.Anbefal;
import io.anbefal.app.AnbefalException;
import io.anbefal.http.Http;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/bulk}: several API calls in one request, as Miso's browser SDK sends them in its bulk mode:
 * {@code {"requests":[{"api_name":"recommendation/user_to_products","body":{...}}]}} answered
 * {@code {"message":"success","data":[{"status_code":200,"body":{...},"error":false}]}}, each in the order given. Every
 * call runs as if sent alone with the bulk request's key (one failing does not stop the others, and answers its
 * own status and error body). An {@code api_name} is a POST operation: {@code group/name}, the path under
 * {@code /v1} ({@code interactions/upload} and {@code products/upload}, {@code users/upload} for the uploads).
 */
public final class BulkService implements HttpService {

    /** The most calls one bulk request may carry. */
    static final int MAX_REQUESTS = 100;

    private final Anbefal anbefal;
    private final long maxBody;
    private final Map<String, MisoHttp.Operation> operations;

    public BulkService(Anbefal anbefal, long maxBody, Map<String, MisoHttp.Operation> operations) {
        this.anbefal = anbefal;
        this.maxBody = MisoHttp.dataLimit(maxBody);
        this.operations = Map.copyOf(operations);
    }

    /** The operations of the services, by their bulk names. */
    public static Map<String, MisoHttp.Operation> operations(InteractionsService interactions,
                                                             RecommendationService recommendation,
                                                             ProductsService products, UsersService users,
                                                             SearchService search) {
        Map<String, MisoHttp.Operation> out = new LinkedHashMap<>();
        interactions.operations(out);
        recommendation.operations(out);
        products.operations(out);
        users.operations(out);
        search.operations(out);
        return out;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", MisoHttp.handler(anbefal, maxBody, this::bulk))
                .any("/", Http.allow("POST"));
    }

    private Map<String, Object> bulk(MisoCaller caller, JsonNode body) {
        MisoPayloads p = new MisoPayloads();
        JsonNode requests = body.get("requests");
        if (requests == null || !requests.isArray()) {
            p.problem("requests is required: an array of {\"api_name\": GROUP/NAME, \"body\": {...}} is expected");
        } else if (requests.size() > MAX_REQUESTS) {
            p.problem("requests is invalid: " + requests.size() + " calls, at most " + MAX_REQUESTS);
        } else {
            for (int i = 0; i < requests.size(); i++) {
                JsonNode r = requests.get(i);
                if (!r.isObject()) {
                    p.problem("requests." + i + " is invalid: an object is expected");
                    continue;
                }
                String name = p.string(r, "api_name", "requests." + i, true, 200);
                if (name != null && !operations.containsKey(name)) {
                    p.problem("requests." + i + ".api_name is invalid: '" + name + "' is not an API of this server");
                }
                JsonNode b = r.get("body");
                if (b != null && !b.isNull() && !b.isObject()) {
                    p.problem("requests." + i + ".body is invalid: an object is expected");
                }
            }
        }
        p.check();
        List<Map<String, Object>> data = new ArrayList<>(requests.size());
        for (JsonNode r : requests) {
            JsonNode b = r.path("body").isObject() ? r.get("body") : io.anbefal.http.Payloads.JSON.createObjectNode();
            Map<String, Object> one = new LinkedHashMap<>();
            try {
                Map<String, Object> answer = operations.get(r.get("api_name").asText()).call(caller, b);
                one.put("status_code", 200);
                one.put("body", answer);
                one.put("error", false);
            } catch (AnbefalException e) {
                one.put("status_code", MisoHttp.status(e).code());
                one.put("body", MisoHttp.errorBody(e));
                one.put("error", true);
            }
            data.add(one);
        }
        return MisoHttp.answer(data);
    }
}
