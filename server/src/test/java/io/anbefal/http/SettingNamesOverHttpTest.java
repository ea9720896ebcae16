package io.anbefal.http;

import io.anbefal.http.TestServer.Response;
import io.anbefal.store.H2Store;
import io.anbefal.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The names in settings, over a real server: a key under {@code recommender.NAME.}, {@code experiment.},
 * {@code kibo.} or {@code miso.} that no reader knows is a 400 naming it (with "did you mean" when a known key is
 * close), and a setting naming a recommender the service does not have is a 400 naming the setting and the
 * recommender, also when the change removes an instance that a setting still names. Nothing of a refused PUT is
 * stored; such settings stored before the check start and are reported.
 */
class SettingNamesOverHttpTest {

    @TempDir
    Path dir;

    private static final String EXPERIMENT = "\"experiment.e.placement\": \"ItemToItemRecommender\", "
            + "\"experiment.e.variants\": \"A,B\", ";

    /** An unknown key, and what the 400 says of it. */
    private static final String[][] UNKNOWN = {
            {"recommender.ItemToItemRecommender.neighbors", "did you mean recommender.ItemToItemRecommender.neighbours?"},
            {"recommender.Bought.exclude_seen", "did you mean recommender.Bought.exclude-seen?"},
            {"recommender.Bought.colour", "unknown setting recommender.Bought.colour ("},
            {"recommender.type", "unknown setting recommender.type"},
            {"experiment.e.varients", "did you mean experiment.e.variants?"},
            {"experiment.e.variant.B.wieght", "did you mean experiment.e.variant.B.weight?"},
            {"experiment.e.variant.B.settings.neighbors", "did you mean experiment.e.variant.B.settings.neighbours?"},
            {"kibo.widget.W.slot", "did you mean kibo.widget.W.slots?"},
            {"kibo.widget.W.displayname", "did you mean kibo.widget.W.displayName?"},
            {"kibo.widgets.W.slots", "did you mean kibo.widget.W.slots?"},
            {"kibo.pageTemplate.home.widget", "did you mean kibo.pageTemplate.home.widgets?"},
            {"kibo.routing.defualt", "did you mean kibo.routing.default?"},
            {"kibo.colour", "unknown setting kibo.colour ("},
            {"miso.user_to_product.recommender", "did you mean miso.user_to_products.recommender?"},
            {"miso.what.impresion", "did you mean miso.what.impression?"},
            {"miso.search.personal_weight", "did you mean miso.search.personal-weight?"},
    };

    private static Response put(TestServer server, String body) {
        return server.send(server.authed("/recapi/1.0/settings/shop").PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static String text(Response r) {
        return r.json().get("text").asText();
    }

    @Test
    void aKeyNoReaderKnowsUnderAKnownPrefixIsA400NamingItWithTheNearestKnownKey() {
        try (TestServer server = new TestServer(dir, "shop")) {
            for (String[] u : UNKNOWN) {
                String body = "{" + EXPERIMENT + "\"kibo.widget.W.slots\": \"3\", \"" + u[0] + "\": \"5\"}";
                Response r = put(server, body);
                assertEquals(400, r.status(), u[0] + ": " + r);
                assertTrue(text(r).contains("unknown setting " + u[0]) && text(r).contains(u[1]), u[0] + ": " + text(r));
                var stored = server.get("/recapi/1.0/settings/shop").json().get("settings");
                assertFalse(stored.has(u[0]) || stored.has("kibo.widget.W.slots"), u[0] + " stored: " + stored);
            }
            // the keys as spelt, and keys outside these prefixes (as before: a service's own), are stored
            Response r = put(server, "{" + EXPERIMENT + """
                    "recommender.ItemToItemRecommender.neighbours": "50", "experiment.e.variant.B.weight": "2",
                     "experiment.e.variant.B.settings.neighbours": "20", "kibo.widget.W.slots": "3",
                     "kibo.widget.W.displayName": "W", "kibo.routing.pagetype.Home": "home",
                     "kibo.pageTemplate.home.widgets": "W", "kibo.routing.rule.1": "*/p/* -> home",
                     "kibo.userIdAttribute": "uid", "miso.what.impression": "RECEXPOSURE",
                     "miso.search.personal-weight": "1", "shop.note": "anything"}""");
            assertEquals(200, r.status(), r.toString());
            assertEquals(0, server.get("/recapi/1.0/servicestatus/shop").json().get("settingsProblems").size());
        }
    }

    /** A setting naming a recommender, and its 400 when the recommender does not exist. */
    private static final String[] NAMES = {"recommender.Bought.fallback", "kibo.widget.W.recommender",
        "miso.user_to_products.recommender", "miso.product_to_products.recommender", "miso.search.recommender"};

    @Test
    void aSettingNamingARecommenderTheServiceDoesNotHaveIsA400AndSoIsRemovingOneStillNamed() {
        try (TestServer server = new TestServer(dir, "shop")) {
            for (String key : NAMES) {
                Response r = put(server, "{\"recommender.Bought.type\": \"ItemToItemRecommender\", \"" + key
                        + "\": \"Nobody\"}");
                assertEquals(400, r.status(), key + ": " + r);
                assertTrue(text(r).contains("the setting " + key + " names recommender 'Nobody'"), text(r));
                var stored = server.get("/recapi/1.0/settings/shop").json().get("settings");
                assertFalse(stored.has(key) || stored.has("recommender.Bought.type"), key + " stored: " + stored);
            }
            // the instance and the settings naming it in one PUT; a default instance (a type's name) is one too
            StringBuilder body = new StringBuilder("{\"recommender.Bought.type\": \"ItemToItemRecommender\", "
                    + "\"recommender.Also.type\": \"ItemToItemRecommender\", \"recommender.Also.fallback\": "
                    + "\"PopularRecommender\"");
            for (String key : NAMES) {
                body.append(", \"").append(key).append("\": \"").append(key.startsWith("recommender.") ? "Also" : "Bought")
                        .append('"');
            }
            Response r = put(server, body + "}");
            assertEquals(200, r.status(), r.toString());
            // the instance cannot go while settings name it: the 400 names each, and nothing is removed
            r = put(server, "{\"recommender.Bought.type\": null}");
            assertEquals(400, r.status(), r.toString());
            for (String key : NAMES) {
                if (!key.startsWith("recommender.")) {
                    assertTrue(text(r).contains("the setting " + key + " names recommender 'Bought'"), text(r));
                }
            }
            assertTrue(server.get("/recapi/1.0/settings/shop").json().get("settings").has("recommender.Bought.type"));
            r = put(server, "{\"recommender.Also.type\": null}");
            assertEquals(400, r.status(), r.toString());
            assertTrue(text(r).contains("the setting recommender.Bought.fallback names recommender 'Also'"), text(r));
            // with them, in one PUT, it can (the Also instance's own settings may stay: they name no one)
            r = put(server, """
                    {"recommender.Bought.type": null, "recommender.Bought.fallback": null,
                     "kibo.widget.W.recommender": null, "miso.user_to_products.recommender": "",
                     "miso.product_to_products.recommender": null, "miso.search.recommender": null}""");
            assertEquals(200, r.status(), r.toString());
            assertEquals(0, server.get("/recapi/1.0/servicestatus/shop").json().get("settingsProblems").size());
        }
    }

    @Test
    void unknownKeysAndMissingRecommendersStoredBeforeTheCheckStartAndAreReported() {
        try (TestServer server = new TestServer(dir, "shop")) {
            server.update("shop", "c1", "BROWSE", "A", "B");
            server.update("shop", "c2", "BROWSE", "A", "B");
        }
        try (Store store = H2Store.open(dir)) { // as an older version stored them
            store.putSetting("shop", "recommender.ItemToItemRecommender.neighbors", "5");
            store.putSetting("shop", "kibo.widget.W.slot", "3");
            store.putSetting("shop", "miso.user_to_products.recommender", "Gone");
            store.putSetting("shop", "recommender.ItemToItemRecommender.fallback", "Gone");
        }
        try (TestServer server = new TestServer(dir)) {
            String problems = server.get("/recapi/1.0/servicestatus/shop").json().get("settingsProblems").toString();
            assertTrue(problems.contains("recommender.ItemToItemRecommender.neighbors")
                    && problems.contains("kibo.widget.W.slot") && problems.contains("miso.user_to_products.recommender")
                    && problems.contains("recommender.ItemToItemRecommender.fallback"), problems);
            Response rec = server.send(server.authed("/recapi/1.0/recommend/shop/ItemToItemRecommender/A/5").GET()
                    .build());
            assertEquals(200, rec.status(), rec.toString());
            assertTrue(rec.body().contains("\"B\""), rec.body());
            // another change is still taken: the old problems do not block it
            assertEquals(200, put(server, "{\"kibo.widget.W.displayName\": \"W\"}").status());
        }
    }
}
