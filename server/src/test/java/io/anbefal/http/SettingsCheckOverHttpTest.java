package io.anbefal.http;

import io.anbefal.http.TestServer.Response;
import io.anbefal.store.H2Store;
import io.anbefal.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rule and experiment settings are checked when they are set, over a real server: an invalid one is a 400 naming the
 * setting and the problem (the rule parser's column), and nothing of the request is stored. One stored before the
 * check (written straight into the H2 file) does not stop the server: servicestatus reports it and a request that
 * hits it is a 400 naming it, as before.
 */
class SettingsCheckOverHttpTest {

    @TempDir
    Path dir;

    /** Each invalid setting, with a valid one beside it that must not be stored either, and what the 400 says. */
    private static final Map<String, String[]> BAD = Map.ofEntries(
            Map.entry("kibo.widget.cheap.rules", new String[] {"filter price <", "column"}),
            Map.entry("kibo.pageTemplate.home.rules", new String[] {"filter (price < 3", "column"}),
            Map.entry("kibo.widget.cheap.slots", new String[] {"zero", "whole number from 1"}),
            Map.entry("kibo.routing.rule.1", new String[] {"*/p/* no arrow", "PATTERN -> TEMPLATE"}),
            Map.entry("recommender.Cheap.rules", new String[] {"pin at 1", "recommender.Cheap.rules"}),
            Map.entry("recommender.Cheap.type", new String[] {"NoSuchType", "no recommender type"}),
            Map.entry("experiment.e.placement", new String[] {"NoSuchRecommender", "is no recommender"}),
            Map.entry("experiment.f.variants", new String[] {"A", "placement is missing"}));

    private static Response put(TestServer server, String body) {
        return server.send(server.authed("/recapi/1.0/settings/shop").PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    @Test
    void everyInvalidRuleOrExperimentSettingIsA400NamingItAndNothingIsStored() {
        try (TestServer server = new TestServer(dir, "shop")) {
            BAD.forEach((key, bad) -> {
                String body = "{\"kibo.widget.other.displayName\": \"Other\", \"" + key + "\": \"" + bad[0] + "\"}";
                Response r = put(server, body);
                assertEquals(400, r.status(), key + ": " + r);
                assertEquals("application/json", r.header("Content-Type").split(";")[0], r.toString());
                assertTrue(r.body().contains(key.startsWith("experiment.") ? key.substring(0, 12) : key), r.body());
                assertTrue(r.body().contains(bad[1]), key + ": " + r.body());
                var stored = server.get("/recapi/1.0/settings/shop").json().get("settings");
                assertFalse(stored.has(key), key + " stored: " + stored);
                assertFalse(stored.has("kibo.widget.other.displayName"), key + ": its neighbour stored: " + stored);
            });
            // a variant's own rules and recommender
            Response r = put(server, """
                    {"experiment.g.placement": "ItemToItemRecommender", "experiment.g.variants": "A,B",
                     "experiment.g.variant.B.settings.rules": "filter price <<< 3"}""");
            assertEquals(400, r.status(), r.toString());
            assertTrue(r.body().contains("experiment.g.variant.B.settings.rules") && r.body().contains("column"), r.body());
            r = put(server, """
                    {"experiment.g.placement": "ItemToItemRecommender", "experiment.g.variants": "A,B",
                     "experiment.g.variant.B.recommender": "Nobody", "experiment.g.variant.A.weight": "-1"}""");
            assertEquals(400, r.status(), r.toString());
            assertTrue(r.body().contains("recommender 'Nobody' is no recommender") && r.body().contains("weight '-1'"),
                    r.body());
            // the same keys with valid values are stored
            r = put(server, """
                    {"kibo.widget.cheap.rules": "filter price < 10", "kibo.widget.cheap.slots": "5",
                     "kibo.routing.rule.1": "*/p/* -> home", "kibo.pageTemplate.home.widgets": "cheap",
                     "recommender.Cheap.type": "PopularRecommender", "recommender.Cheap.rules": "filter price < 10",
                     "experiment.g.placement": "ItemToItemRecommender", "experiment.g.variants": "A,B",
                     "experiment.g.variant.B.settings.rules": "filter price < 3"}""");
            assertEquals(200, r.status(), r.toString());
            assertEquals("filter price < 10", r.json().get("settings").get("kibo.widget.cheap.rules").asText());
            var status = server.get("/recapi/1.0/servicestatus/shop").json();
            assertEquals(0, status.get("settingsProblems").size(), status.toString());
        }
    }

    @Test
    void anInvalidSettingStoredBeforeTheCheckIsServedReportedAndAnswered400WhenHit() {
        try (TestServer server = new TestServer(dir, "shop")) {
            assertEquals(200, put(server, "{\"kibo.widget.cheap.displayName\": \"Cheap\"}").status());
        }
        try (Store store = H2Store.open(dir)) { // as an older version stored it
            store.putSetting("shop", "kibo.widget.cheap.rules", "filter price <");
        }
        try (TestServer server = new TestServer(dir)) {
            var status = server.get("/recapi/1.0/servicestatus/shop");
            assertEquals(200, status.status(), status.toString());
            String problems = status.json().get("settingsProblems").toString();
            assertTrue(problems.contains("kibo.widget.cheap.rules") && problems.contains("column"), problems);
            Response hit = server.send(server.request("/recs/1/shop?widget=cheap&format=json").GET().build());
            assertEquals(400, hit.status(), hit.toString());
            assertTrue(hit.body().contains("kibo.widget.cheap.rules"), hit.body());
            // another change is still taken (the old problem does not block it), and fixing the bad one clears it
            assertEquals(200, put(server, "{\"kibo.widget.cheap.slots\": \"3\"}").status());
            assertEquals(200, put(server, "{\"kibo.widget.cheap.rules\": \"filter price < 10\"}").status());
            assertEquals(0, server.get("/recapi/1.0/servicestatus/shop").json().get("settingsProblems").size());
            assertEquals(200, server.send(server.request("/recs/1/shop?widget=cheap&format=json").GET().build())
                    .status());
        }
    }
}
