package io.anbefal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.AnbefalServer;
import io.anbefal.http.TestServer.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rules filter on item facts, over a real server: attributes known only from a Sannsyn update ({@code itemcat} with
 * {@code attr:NAME=VALUE} tags) and from a dataset's {@code <item>}; a catalog record of the same item wins over
 * its facts; and the same filter selects the same items after a restart from the model snapshot and after a
 * restart that replays the log.
 */
class ItemFactsOverHttpTest {

    private static final String KEY = "shop-0123456789abcdefghij";

    @TempDir
    Path dir;

    private static void fact(TestServer server, String item, String... attributes) {
        StringBuilder tags = new StringBuilder("\"itemcat\"");
        for (String a : attributes) {
            tags.append(",\"attr:").append(a).append('"');
        }
        Response r = server.post("/recapi/1.0/update", "{\"service\":\"shop\",\"updates\":[{\"customer\":\"" + item
                + "\",\"entityIDs\":[\"cat-shoes\"],\"what\":\"CATALOG\",\"tags\":[" + tags + "]}]}");
        assertEquals(200, r.status(), r.toString());
    }

    /** The items PopularRecommender answers under a filter tag. */
    private static Set<String> filtered(TestServer server, String filter) {
        Response r = server.post("/recapi/1.0/recommend", "{\"service\":\"shop\",\"recommender\":\"PopularRecommender\","
                + "\"num\":20,\"tags\":[\"filter:" + filter + "\"]}");
        assertEquals(200, r.status(), r.toString());
        Set<String> ids = new TreeSet<>();
        for (JsonNode id : r.json().get("result")) {
            ids.add(id.asText());
        }
        return ids;
    }

    @Test
    void aFilterOnAttributesKnownOnlyFromUpdatesAndDatasetsSelectsTheRightItemsAlsoAfterRestarts() throws Exception {
        try (TestServer server = new TestServer(dir, "shop")) {
            for (String item : new String[] {"sku-1", "sku-2", "sku-3", "sku-4", "sku-5", "sku-6"}) {
                server.update("shop", "buyer-" + item, "PURCHASE", item); // all popular
            }
            fact(server, "sku-1", "price=5", "color=red");
            fact(server, "sku-2", "price=50", "color=red");
            fact(server, "sku-3", "price=8");
            fact(server, "sku-3", "color=blue"); // a later fact adds to the earlier one
            String dataset = """
                    <dataset xmlns="https://anbefal.io/ns/dataset/1.0" version="1.0" service="shop">
                      <item id="sku-4" time="2026-11-01T00:00:00Z">
                        <category>cat-shoes</category>
                        <attribute name="price">3</attribute>
                        <attribute name="color">red</attribute>
                      </item>
                      <item id="sku-5" time="2026-11-01T00:00:00Z">
                        <category>cat-shoes</category>
                        <attribute name="price">4</attribute>
                      </item>
                    </dataset>""";
            Response load = server.send(server.authed("/recapi/1.0/dataset?service=shop")
                    .header("Content-Type", "application/xml").POST(HttpRequest.BodyPublishers.ofString(dataset)).build());
            assertEquals(200, load.status(), load.toString());
            // the catalog's record of sku-5 says 40: the record wins over the dataset's 4
            server.server().anbefal().services().setApiKey("shop", KEY);
            Response put = server.send(server.request("/v1/products").header("X-API-KEY", KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"data\":[{\"product_id\":\"sku-5\",\"title\":\"Boot\",\"price\":40}]}")).build());
            assertTrue(put.status() < 300, put.toString());
            assertEquals(Set.of("sku-1", "sku-3", "sku-4"), filtered(server, "price<10"));
            assertEquals(Set.of("sku-1", "sku-4"), filtered(server, "price<10 and color=\\\"red\\\""));
            assertEquals(Set.of("sku-3"), filtered(server, "color=\\\"blue\\\""));
        }
        // from the model snapshot written on close
        try (TestServer server = new TestServer(dir)) {
            assertTrue(Files.exists(dir.resolve(AnbefalServer.SNAPSHOT)));
            assertEquals(Set.of("sku-1", "sku-3", "sku-4"), filtered(server, "price<10"));
            assertEquals(Set.of("sku-3"), filtered(server, "color=\\\"blue\\\""));
        }
        // from the log alone
        Files.delete(dir.resolve(AnbefalServer.SNAPSHOT));
        try (TestServer server = new TestServer(dir)) {
            assertEquals(Set.of("sku-1", "sku-3", "sku-4"), filtered(server, "price<10"));
            assertEquals(Set.of("sku-1", "sku-4"), filtered(server, "price<10 and color=\\\"red\\\""));
        }
    }
}
