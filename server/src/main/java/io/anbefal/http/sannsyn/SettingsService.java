package io.anbefal.http.sannsyn;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.Anbefal;
import io.anbefal.app.AnbefalException;
import io.anbefal.app.Lengths;
import io.anbefal.http.BasicAuth;
import io.anbefal.http.Http;
import io.anbefal.http.Payloads;
import io.anbefal.store.Limits;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET} and {@code PUT /recapi/1.0/settings/{service}}: a service's settings (secrets masked) and changes to
 * them, such as experiments ({@code experiment.NAME.*}), Kibo widgets ({@code kibo.*}) or recommender instances
 * ({@code recommender.NAME.*}). A {@code PUT} body is one JSON object of keys to string values, {@code null}
 * removing a key, stored whole or not at all ({@link Anbefal#configure}: one transaction, one entry of the log); what
 * it leaves is checked first ({@code app/SettingsCheck}), and a problem is a 400 naming the setting.
 */
final class SettingsService {

    private final Anbefal anbefal;
    private final long maxBody;

    SettingsService(Anbefal anbefal, long maxBody) {
        this.anbefal = anbefal;
        this.maxBody = maxBody;
    }

    void get(ServerRequest req, ServerResponse res) {
        String service = Http.pathIds(req, RecApiService.PREFIX + "/settings", 1).getFirst();
        BasicAuth.authorize(anbefal, req, service);
        Http.json(res, body(service));
    }

    void put(ServerRequest req, ServerResponse res) {
        String service = Http.pathIds(req, RecApiService.PREFIX + "/settings", 1).getFirst();
        BasicAuth.authorize(anbefal, req, service);
        JsonNode body = Payloads.object(Http.body(req, maxBody));
        Map<String, String> changes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            String key = Lengths.check("a setting's key", e.getKey(), Limits.SETTING_KEY);
            JsonNode v = e.getValue();
            if (!v.isNull() && !v.isTextual()) {
                throw AnbefalException.badInput("the setting " + key + " must be a string, or null to remove it");
            }
            changes.put(key, v.isNull() ? null : Lengths.check("the value of " + key, v.asText(), Limits.SETTING_VALUE));
        }
        if (changes.isEmpty()) {
            throw AnbefalException.badInput("no settings: send an object of keys to string values (null removes)");
        }
        anbefal.configure(anbefal.service(service), changes);
        Http.json(res, body(service));
    }

    private Map<String, Object> body(String service) {
        Map<String, Object> settings = new TreeMap<>();
        anbefal.service(service).settings()
                .forEach((k, v) -> settings.put(k, RecApiService.secretSetting(k) ? "(set, not shown)" : v));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", service);
        body.put("settings", settings);
        body.put("statusOK", true);
        return body;
    }
}
