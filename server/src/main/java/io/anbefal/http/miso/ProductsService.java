package io.anbefal.http.miso;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.Anbefal;
import io.anbefal.app.Lengths;
import io.anbefal.catalog.ProductCatalog;
import io.anbefal.http.Payloads;
import io.anbefal.store.Limits;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /v1/products}: the catalog. Upload (whole records), read one, delete, the status of a task. */
public final class ProductsService implements HttpService {

    private final Anbefal anbefal;
    private final MisoRecords records;

    public ProductsService(Anbefal anbefal, long maxBody) {
        this.anbefal = anbefal;
        this.records = new MisoRecords(anbefal, maxBody, new MisoRecords.Names("products", "product", null,
                "delete from the catalog", "read the catalog's tasks"), this::upload,
                (service, id) -> anbefal.catalog().product(service, id), (service, ids) -> anbefal.deleteProducts(anbefal.service(service), ids));
    }

    /** The operations by their bulk name. */
    void operations(Map<String, MisoHttp.Operation> out) {
        records.operations(out);
    }

    @Override
    public void routing(HttpRules rules) {
        records.routing(rules);
    }

    private Map<String, Object> upload(MisoCaller caller, JsonNode body) {
        String service = caller.secret("write the catalog");
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
            Map<String, Object> record = Payloads.JSON.convertValue(r, MisoRecords.RECORD);
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
        anbefal.putProducts(caller.account(), products);
        return records.uploaded(service, products.size());
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
}
