package io.anbefal.http.miso;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.Anbefal;
import io.anbefal.app.AnbefalException;
import io.anbefal.app.Lengths;
import io.anbefal.catalog.ProductCatalog;
import io.anbefal.http.Http;
import io.anbefal.http.Payloads;
import io.anbefal.http.Routes;
import io.anbefal.store.Limits;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /v1/products}: the catalog. Upload (whole records), read one, delete. */
public final class ProductsService implements HttpService {

    private static final TypeReference<LinkedHashMap<String, Object>> RECORD = new TypeReference<>() { };

    private final Anbefal anbefal;
    private final long maxBody;

    public ProductsService(Anbefal anbefal, long maxBody) {
        this.anbefal = anbefal;
        this.maxBody = MisoHttp.dataLimit(maxBody);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any((req, res) -> MisoHttp.cors(anbefal, req, res))
                .post("/", this::upload)
                .any("/", Routes.allow("POST"))
                .post("/_delete", this::delete)
                .any("/_delete", Routes.allow("POST"))
                .get("/{+id}", this::read) // the id read from the raw path: an encoded slash stays in it
                .any("/{+id}", Routes.allow("GET"));
    }

    private void upload(ServerRequest req, ServerResponse res) {
        String service = MisoHttp.secretService(anbefal, req, "write the catalog");
        JsonNode body = MisoHttp.object(req, maxBody);
        MisoPayloads p = new MisoPayloads();
        JsonNode data = p.records(body);
        List<Map<String, Object>> products = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            JsonNode r = data.get(i);
            String at = "data." + i;
            if (!r.isObject()) {
                p.problem(at + " is invalid: a product object is expected");
                continue;
            }
            p.string(r, ProductCatalog.PRODUCT_ID, at, true, Limits.PRODUCT_ID);
            JsonNode cats = r.get(ProductCatalog.CATEGORIES);
            if (cats != null && !cats.isNull() && !categories(cats)) {
                p.problem(at + ".categories is invalid: an array of category paths (arrays of strings) is expected");
            }
            Map<String, Object> record = Payloads.JSON.convertValue(r, RECORD);
            if (ProductCatalog.toJson(record).length() > Limits.PRODUCT_JSON) {
                p.problem(at + " is invalid: a record is at most " + Limits.PRODUCT_JSON + " characters of JSON");
            } else if (!Lengths.fitsAsJson(ProductCatalog.categoryIds(record))) {
                // the categories become one catalog fact whose entity ids are stored as one JSON array
                p.problem(at + ".categories is invalid: longer than " + Limits.ID_LIST_JSON
                        + " characters in all, as stored");
            }
            products.add(record);
        }
        p.check();
        anbefal.putProducts(service, products);
        MisoHttp.success(res, Map.of("products", products.size()));
    }

    private static boolean categories(JsonNode cats) {
        if (!cats.isArray()) {
            return false;
        }
        for (JsonNode path : cats) {
            if (path.isArray()) {
                for (JsonNode part : path) {
                    if (!part.isTextual()) {
                        return false;
                    }
                }
            } else if (!path.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private void read(ServerRequest req, ServerResponse res) {
        String service = MisoHttp.service(anbefal, req);
        String id = Http.pathIds(req, MisoHttp.PREFIX + "/products", 1).getFirst();
        Map<String, Object> product = anbefal.catalog().product(service, id)
                .orElseThrow(() -> AnbefalException.notFound("not found"));
        MisoHttp.success(res, product);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        String service = MisoHttp.secretService(anbefal, req, "delete from the catalog");
        JsonNode body = MisoHttp.object(req, maxBody);
        MisoPayloads p = new MisoPayloads();
        JsonNode data = body.get("data");
        List<String> ids = List.of();
        if (data == null || !data.isObject()) {
            p.problem("data is required: {\"product_ids\": [...]} is expected");
        } else {
            ids = p.strings(data, "product_ids", "data");
            if (ids.isEmpty() && !data.path("product_ids").isArray()) {
                p.problem("data.product_ids is required: an array of product ids is expected");
            }
        }
        p.check();
        int deleted = anbefal.deleteProducts(service, ids);
        MisoHttp.success(res, Map.of("deleted", deleted));
    }
}
