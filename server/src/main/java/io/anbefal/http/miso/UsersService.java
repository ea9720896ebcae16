package io.anbefal.http.miso;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.Anbefal;
import io.anbefal.app.AnbefalException;
import io.anbefal.catalog.ProductCatalog;
import io.anbefal.http.Http;
import io.anbefal.http.Payloads;
import io.anbefal.http.Routes;
import io.anbefal.tenant.Services;
import io.anbefal.store.Limits;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/users}: user records (a {@code user_id} and free attributes, Miso's user data set). Upload (whole
 * records, all or nothing), read one, delete; the secret key only, since records may hold personal data.
 */
public final class UsersService implements HttpService {

    private final Anbefal anbefal;
    private final long maxBody;
    private final MisoTasks tasks = new MisoTasks();

    public UsersService(Anbefal anbefal, long maxBody) {
        this.anbefal = anbefal;
        this.maxBody = MisoHttp.dataLimit(maxBody);
    }

    /** The operations by their bulk name. */
    void operations(Map<String, MisoHttp.Operation> out) {
        out.put("users/upload", this::upload);
        out.put("users/_delete", this::delete);
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
        String service = MisoHttp.secret(caller, "write user records");
        MisoPayloads p = new MisoPayloads();
        JsonNode data = p.records(body);
        Map<String, String> records = new LinkedHashMap<>();
        for (int i = 0; i < data.size(); i++) {
            JsonNode r = data.get(i);
            String at = "data." + i;
            if (!r.isObject()) {
                p.problem(at + " is invalid: a user object is expected");
                continue;
            }
            String id = p.string(r, "user_id", at, true, Limits.USER_ID);
            p.dates(r, at, "created_at", "updated_at");
            JsonNode custom = r.get("custom_attributes");
            if (custom != null && !custom.isNull() && !custom.isObject()) {
                p.problem(at + ".custom_attributes is invalid: an object is expected");
            }
            JsonNode age = r.get("age");
            if (age != null && !age.isNull() && (!age.isNumber() || age.asDouble() < 0 || age.asDouble() > 200)) {
                p.problem(at + ".age is invalid: a number from 0 to 200 is expected");
            }
            String json = ProductCatalog.toJson(Payloads.JSON.convertValue(r, ProductsService.RECORD));
            if (json.length() > Limits.USER_JSON) {
                p.problem(at + " is invalid: a record is at most " + Limits.USER_JSON + " characters of JSON");
            }
            if (id != null) {
                records.put(id, json);
            }
        }
        p.check();
        anbefal.putUsers(service, records);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("users", data.size());
        return MisoHttp.answer(withTask(service, result));
    }

    private Map<String, Object> withTask(String service, Map<String, Object> result) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("task_id", tasks.finished(service, result));
        data.putAll(result);
        return data;
    }

    private void read(ServerRequest req, ServerResponse res) {
        String service = MisoHttp.secretService(anbefal, req, "read user records");
        String id = Http.pathIds(req, MisoHttp.PREFIX + "/users", 1).getFirst();
        String json = anbefal.user(service, id).orElseThrow(() -> AnbefalException.notFound("not found"));
        MisoHttp.success(res, Payloads.JSON.convertValue(Payloads.object(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                ProductsService.RECORD));
    }

    private void status(ServerRequest req, ServerResponse res) {
        String service = MisoHttp.secretService(anbefal, req, "read the tasks of user records");
        String task = req.path().pathParameters().get("task");
        MisoHttp.success(res, tasks.status(service, task).orElseThrow(() -> AnbefalException.notFound("not found")));
    }

    private void deleteOne(ServerRequest req, ServerResponse res) {
        String service = MisoHttp.secretService(anbefal, req, "delete user records");
        String id = Http.pathIds(req, MisoHttp.PREFIX + "/users", 1).getFirst();
        if (anbefal.deleteUsers(service, List.of(id)) == 0) {
            throw AnbefalException.notFound("not found");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("deleted", 1);
        Http.json(res, MisoHttp.answer("deleted", withTask(service, result)));
    }

    private Map<String, Object> delete(Services.KeyOwner caller, JsonNode body) {
        String service = MisoHttp.secret(caller, "delete user records");
        MisoPayloads p = new MisoPayloads();
        JsonNode data = body.get("data");
        List<String> ids = List.of();
        if (data == null || !data.isObject()) {
            p.problem("data is required: {\"user_ids\": [...]} is expected");
        } else {
            ids = p.strings(data, "user_ids", "data");
            if (ids.isEmpty() && !data.path("user_ids").isArray()) {
                p.problem("data.user_ids is required: an array of user ids is expected");
            }
        }
        p.check();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("deleted", anbefal.deleteUsers(service, ids));
        return MisoHttp.answer("deleted", withTask(service, result));
    }
}
