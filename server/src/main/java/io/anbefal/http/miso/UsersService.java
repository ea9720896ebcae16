package io.anbefal.http.miso;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.Anbefal;
import io.anbefal.catalog.ProductCatalog;
import io.anbefal.http.Payloads;
import io.anbefal.store.Limits;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /v1/users}: user records (a {@code user_id} and free attributes, Miso's user data set). Upload (whole
 * records, all or nothing), read one, delete; the secret key only, since records may hold personal data.
 */
public final class UsersService implements HttpService {

    private final Anbefal anbefal;
    private final MisoRecords records;

    public UsersService(Anbefal anbefal, long maxBody) {
        this.anbefal = anbefal;
        this.records = new MisoRecords(anbefal, maxBody, new MisoRecords.Names("users", "user", "read user records",
                "delete user records", "read the tasks of user records"), this::upload,
                (service, id) -> anbefal.user(anbefal.service(service), id).map(json -> Payloads.JSON.convertValue(
                        Payloads.object(json.getBytes(StandardCharsets.UTF_8)), MisoRecords.RECORD)),
                (service, ids) -> anbefal.deleteUsers(anbefal.service(service), ids));
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
        String service = caller.secret("write user records");
        MisoPayloads p = new MisoPayloads();
        JsonNode data = p.records(body);
        Map<String, String> users = new LinkedHashMap<>();
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
            String json = ProductCatalog.toJson(Payloads.JSON.convertValue(r, MisoRecords.RECORD));
            if (json.length() > Limits.USER_JSON) {
                p.problem(at + " is invalid: a record is at most " + Limits.USER_JSON + " characters of JSON");
            }
            if (id != null) {
                users.put(id, json);
            }
        }
        p.check();
        anbefal.putUsers(caller.account(), users);
        return records.uploaded(service, data.size());
    }
}
