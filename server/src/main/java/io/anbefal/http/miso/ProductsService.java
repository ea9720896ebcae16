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
import io.anbefal.tenant.Services;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /v1/products}: the catalog. Upload (whole records), read one, delete, the status of a task. */
public final class ProductsService implements HttpService {

    static final TypeReference<LinkedHashMap<String, Object>> RECORD = new TypeReference<>() { };

    private final Anbefal anbefal;
    private final long maxBody;
    private final MisoTasks tasks = new MisoTasks();

    public ProductsService(Anbefal anbefal, long maxBody) {
        this.anbefal = anbefal;
        this.maxBody = MisoHttp.dataLimit(maxBody);
    }

    /** The operations by their bulk name. */
    void operations(Map<String, MisoHttp.Operation> out) {
        out.put("products/upload", this::upload);
        out.put("products/_delete", this::delete);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", MisoHttp.handler(anbefal, maxBody, this::upload))
                .any("/", Routes.allow("POST"))
                .post("/_delete", MisoHttp.handler(anbefal, maxBody, this::delete))
                .any("/_delete", Routes.allow("POST"))
                .get("/_status/{task}", this::status)
                .any("/_status/{task}", Routes.allow("GET"))
                .get("/{+id}", this::read) // the id read from the raw path: an encoded slash stays in it
                .delete("/{+id}", this::deleteOne)
                .any("/{+id}", Routes.allow("GET, DELETE"));
    }

    private Map<String, Object> upload(Services.KeyOwner caller, JsonNode body) {
        String service = MisoHttp.secret(caller, "write the catalog");
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
            p.dates(r, at, "created_at", "updated_at", "published_at");
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
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("products", products.size());
        return MisoHttp.answer(withTask(service, result));
    }

    /** The result with a {@code task_id} first, whose status reports the same result. */
    private Map<String, Object> withTask(String service, Map<String, Object> result) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("task_id", tasks.finished(service, result));
        data.putAll(result);
        return data;
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

    private void status(ServerRequest req, ServerResponse res) {
        String service = MisoHttp.secretService(anbefal, req, "read the catalog's tasks");
        String task = req.path().pathParameters().get("task");
        MisoHttp.success(res, tasks.status(service, task).orElseThrow(() -> AnbefalException.notFound("not found")));
    }

    /** {@code DELETE /v1/products/{id}}: 404 for a product not in the catalog. */
    private void deleteOne(ServerRequest req, ServerResponse res) {
        String service = MisoHttp.secretService(anbefal, req, "delete from the catalog");
        String id = Http.pathIds(req, MisoHttp.PREFIX + "/products", 1).getFirst();
        if (anbefal.deleteProducts(service, List.of(id)) == 0) {
            throw AnbefalException.notFound("not found");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("deleted", 1);
        Http.json(res, MisoHttp.answer("deleted", withTask(service, result)));
    }

    private Map<String, Object> delete(Services.KeyOwner caller, JsonNode body) {
        String service = MisoHttp.secret(caller, "delete from the catalog");
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
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("deleted", deleted);
        return MisoHttp.answer("deleted", withTask(service, result));
    }
}
