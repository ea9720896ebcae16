package io.anbefal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.http.TestServer.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One catalog behind the APIs: product records sent to the Miso-style {@code /v1/products} are the attributes
 * Kibo's {@code /recs/1} answers for the products the engine learnt from {@code /recapi/1.0/update}, and they
 * still are after a restart.
 */
class CatalogAcrossApisTest {

    private static final String KEY = "shop-key-0123456789abcdefghijkl";

    @TempDir
    Path data;

    @Test
    void kiboAnswersTheAttributesOfTheMisoCatalog() {
        try (TestServer server = new TestServer(data, "shop")) {
            server.server().anbefal().services().setApiKey("shop", KEY);
            Response put = server.send(server.request("/v1/products").header("X-API-KEY", KEY)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                            {"data":[{"product_id":"B","title":"Bukse","price":499.0,"url":"https://shop.test/b"},
                                     {"product_id":"C","title":"Caps","price":129.5,"url":"https://shop.test/c"}]}"""))
                    .build());
            assertEquals(200, put.status(), put.toString());
            for (String customer : new String[] {"c1", "c2", "c3"}) {
                server.update("shop", customer, "PURCHASE", "A", "B", "C");
            }
            assertEquals(Map.of("B", "Bukse|499.0", "C", "Caps|129.5"), attrs(server));
        }
        try (TestServer restarted = new TestServer(data)) {
            assertEquals(Map.of("B", "Bukse|499.0", "C", "Caps|129.5"), attrs(restarted), "after a restart");
        }
    }

    @Test
    void kiboTermGuideSearchesTheCatalogAndRanksForTheUser() {
        try (TestServer server = new TestServer(data, "shop")) {
            server.server().anbefal().services().setApiKey("shop", KEY);
            Response put = server.send(server.request("/v1/products").header("X-API-KEY", KEY)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                            {"data":[{"product_id":"silver","title":"Duct tape"},
                                     {"product_id":"black","title":"Duct tape, black, heavy duty"},
                                     {"product_id":"masking","title":"Masking tape"},
                                     {"product_id":"hammer","title":"Claw hammer"}]}"""))
                    .build());
            assertEquals(200, put.status(), put.toString());
            // those who buy the hammer buy the black tape; u has bought the hammer
            for (String customer : new String[] {"c1", "c2", "c3"}) {
                server.update("shop", customer, "PURCHASE", "hammer", "black");
            }
            server.update("shop", "u", "PURCHASE", "hammer");

            // every term where some product has them all; the shorter title is the more relevant
            assertEquals(List.of("silver", "black"), termGuide(server, "widget=w&query=duct+tape"));
            // the terms replace the other contexts (here an item, which would give item-to-item)
            assertEquals(List.of("silver", "black"), termGuide(server, "widget=w&productId=hammer&query=duct%20tape"));
            // for a user, a relevant product among the user's recommendations comes first
            assertEquals(List.of("black", "silver"), termGuide(server, "widget=w&query=duct+tape&UserId=u"));
            // any term, when no product has all; a misspelt term corrected from the catalog's words
            assertEquals(java.util.Set.of("masking", "silver", "black"),
                    java.util.Set.copyOf(termGuide(server, "widget=w&query=masking+duct")));
            assertEquals(List.of("masking"), termGuide(server, "widget=w&query=masking+tape"));
            assertEquals(List.of("hammer"), termGuide(server, "widget=w&query=hamer"));
            // "null" is no query: the item context answers again
            Response plain = server.send(server.request("/recs/1/shop?widget=w&productId=hammer&query=null&format=json")
                    .GET().build());
            JsonNode widget = plain.json().get("widgetResults").get(0);
            assertEquals("ItemToItemRecommender", widget.get("algoName").asText(), plain.toString());
            assertEquals("black", widget.get("slotResults").get(0).get("url").asText(), plain.toString());
        }
    }

    /** The product ids of a TermGuide answer, checking that it is one. */
    private static List<String> termGuide(TestServer server, String query) {
        Response r = server.send(server.request("/recs/1/shop?" + query + "&format=json").GET().build());
        assertEquals(200, r.status(), r.toString());
        JsonNode widget = r.json().get("widgetResults").get(0);
        assertEquals("TermGuide", widget.get("algoName").asText(), r.toString());
        List<String> ids = new java.util.ArrayList<>();
        widget.get("slotResults").forEach(slot -> ids.add(slot.get("url").asText()));
        return ids;
    }

    /** Per recommended product: its Title and Price attributes from /recs/1, joined by '|'. */
    private static Map<String, String> attrs(TestServer server) {
        Response r = server.send(server.request("/recs/1/shop?widget=w&productId=A&attrs=Title&attrs=Price&format=json")
                .GET().build());
        assertEquals(200, r.status(), r.toString());
        Map<String, String> found = new HashMap<>();
        for (JsonNode slot : r.json().get("widgetResults").get(0).get("slotResults")) {
            Map<String, String> values = new HashMap<>();
            for (JsonNode attr : slot.get("attrs")) {
                values.put(attr.get("name").asText(), attr.get("values").get(0).asText());
            }
            found.put(slot.get("url").asText(), values.get("Title") + "|" + values.get("Price"));
        }
        return found;
    }
}
