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

    /** A value not of its setting's form, the setting, and the form the 400 names. */
    private static final String[][] MALFORMED = {
            {"recommender.X.alpha", "abc", "a number from 0 to 4"},
            {"recommender.ItemToItemRecommender.neighbours", "-3", "a whole number from 1 to 100000"},
            {"recommender.ItemToItemRecommender.neighbours", "1.5", "a whole number from 1 to 100000"},
            {"recommender.ProductForCustomerRecommender.recent", "0", "a whole number from 1 to 1000"},
            {"recommender.ProductForCustomerRecommender.recency-decay", "1.5", "a number from 0 to 1"},
            {"recommender.ProductForCustomerRecommender.exclude-seen", "yes", "true or false"},
            {"recommender.ScoredItemsRecommender.scored", "1", "true or false"},
            {"recommender.ShoppingBasketRecommender.model", "deep", "one of slim, ease, logistic, cooccurrence"},
            {"recommender.ShoppingBasketRecommender.learning-rate", "0", "a number above 0, at most 1000"},
            {"recommender.ShoppingBasketRecommender.iterations", "NaN", "a whole number from 1 to 100000"},
            {"recommender.ShoppingBasketRecommender.lambda", "Infinity", "a number from 0 to 1000000000"},
            {"recommender.ShoppingBasketRecommender.model-max-items", "lots", "a whole number from 0 to 10000"},
            {"answer-cache.entries", "lots", "a whole number from 0 to 1048576"},
            {"answer-cache.entries", "-1", "a whole number from 0 to 1048576"},
            {"weight.PURCHASE", "-4", "a number from 0 to 1000000"},
            {"weight.default", "heavy", "a number from 0 to 1000000"},
            {"cooccurrence.window", "10.5", "a whole number from 1 to 1000"},
            {"cooccurrence.distance-decay", "0x1p3", "a number from 0 to 10"},
            {"exposure.penalty", "-0.1", "a number from 0 to 1000"},
            {"popular.half-life-days", "0", "a number from 0.001 to 100000"},
            {"experiment.g.variant.B.settings.neighbours", "many", "a whole number from 1 to 100000"},
            {"experiment.g.enabled", "off", "true or false"},
            {"miso.search.personal-weight", "strong", "a number from 0 to 100"},
            {"miso.catalog-facts", "no", "true or false"},
            {"crec.consent", "maybe", "true or false"},
            {"crec.require-signature", "nope", "true or false"},
            {"kibo.widget.cheap.slots", "1.5", "whole number from 1 to 100"},
    };

    @Test
    void everyNumericBooleanOrEnumeratedSettingNotOfItsFormIsA400NamingItTheValueAndTheForm() {
        try (TestServer server = new TestServer(dir, "shop")) {
            String experiment = "\"experiment.g.placement\": \"ItemToItemRecommender\", \"experiment.g.variants\": \"A,B\", ";
            for (String[] m : MALFORMED) {
                String body = "{" + experiment + "\"" + m[0] + "\": \"" + m[1] + "\"}";
                Response r = put(server, body);
                assertEquals(400, r.status(), m[0] + "=" + m[1] + ": " + r);
                String text = r.json().get("text").asText();
                assertTrue(text.contains("setting " + m[0]) && text.contains("'" + m[1] + "'") && text.contains(m[2]),
                        m[0] + "=" + m[1] + ": " + text);
                var stored = server.get("/recapi/1.0/settings/shop").json().get("settings");
                assertFalse(stored.has(m[0]) || stored.has("experiment.g.placement"), m[0] + " stored: " + stored);
            }
            // values of the forms are stored (any case and blanks around for true/false and words)
            Response r = put(server, "{" + experiment + """
                    "recommender.X.type": "ItemToItemRecommender", "recommender.X.alpha": "0.9",
                     "recommender.ItemToItemRecommender.neighbours": "50", "recommender.ScoredItemsRecommender.scored": "TRUE",
                     "recommender.ShoppingBasketRecommender.model": " ease ", "answer-cache.entries": "0",
                     "weight.PURCHASE": "5.5", "popular.half-life-days": "1e1", "experiment.g.enabled": "false",
                     "experiment.g.variant.B.settings.neighbours": "1", "miso.search.personal-weight": "0.25",
                     "crec.consent": "true", "kibo.widget.cheap.slots": "7"}""");
            assertEquals(200, r.status(), r.toString());
            assertEquals(0, server.get("/recapi/1.0/servicestatus/shop").json().get("settingsProblems").size());
        }
    }

    @Test
    void routingToAPageTemplateThatDoesNotExistIsRefusedAndSoIsRemovingATemplateThatRoutingNames() {
        try (TestServer server = new TestServer(dir, "shop")) {
            for (String key : new String[] {"kibo.routing.rule.1", "kibo.routing.pagetype.Home", "kibo.routing.default"}) {
                String value = key.endsWith(".1") ? "*/p/* -> nowhere" : "nowhere";
                Response r = put(server, "{\"" + key + "\": \"" + value + "\"}");
                assertEquals(400, r.status(), key + ": " + r);
                String text = r.json().get("text").asText();
                assertTrue(text.contains(key) && text.contains("'nowhere'") && text.contains("does not exist"), text);
                assertFalse(server.get("/recapi/1.0/settings/shop").json().get("settings").has(key));
            }
            // the template and the rule in one request
            Response r = put(server, """
                    {"kibo.pageTemplate.home.widgets": "top", "kibo.routing.rule.1": "*/p/* -> home",
                     "kibo.routing.rule.2": "*/c/* -> home"}""");
            assertEquals(200, r.status(), r.toString());
            Response routed = server.send(server.request("/recs/1/shop?source=https%3A%2F%2Fshop.test%2Fp%2F1&format=json")
                    .GET().build());
            assertEquals("home", routed.json().get("id").asText(), routed.toString());
            // the template cannot go while rules route to it: the 400 names each rule, and nothing is removed
            r = put(server, "{\"kibo.pageTemplate.home.widgets\": null}");
            assertEquals(400, r.status(), r.toString());
            String text = r.json().get("text").asText();
            assertTrue(text.contains("kibo.routing.rule.1") && text.contains("kibo.routing.rule.2")
                    && text.contains("'home'"), text);
            assertTrue(server.get("/recapi/1.0/settings/shop").json().get("settings").has("kibo.pageTemplate.home.widgets"));
            // with its rules, in one request, it can
            r = put(server, """
                    {"kibo.pageTemplate.home.widgets": null, "kibo.routing.rule.1": null, "kibo.routing.rule.2": null}""");
            assertEquals(200, r.status(), r.toString());
            assertEquals(0, server.get("/recapi/1.0/servicestatus/shop").json().get("settingsProblems").size());
        }
    }

    @Test
    void malformedNumbersStoredBeforeTheCheckStartReadAsDefaultsAndAreReported() {
        try (TestServer server = new TestServer(dir, "shop")) {
            server.update("shop", "c1", "BROWSE", "A", "B");
            server.update("shop", "c2", "BROWSE", "A", "B");
        }
        try (Store store = H2Store.open(dir)) { // as an older version stored them
            store.putSetting("shop", "recommender.ItemToItemRecommender.neighbours", "-3");
            store.putSetting("shop", "answer-cache.entries", "lots");
            store.putSetting("shop", "kibo.pageTemplate.home.widgets", "top");
            store.putSetting("shop", "kibo.routing.rule.1", "* -> gone");
        }
        try (TestServer server = new TestServer(dir)) {
            String problems = server.get("/recapi/1.0/servicestatus/shop").json().get("settingsProblems").toString();
            assertTrue(problems.contains("recommender.ItemToItemRecommender.neighbours must be a whole number")
                    && problems.contains("answer-cache.entries") && problems.contains("kibo.routing.rule.1"), problems);
            Response rec = server.send(server.authed("/recapi/1.0/recommend/shop/ItemToItemRecommender/A/5").GET()
                    .build());
            assertEquals(200, rec.status(), rec.toString());
            assertTrue(rec.body().contains("\"B\""), "read with the default of neighbours: " + rec.body());
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
