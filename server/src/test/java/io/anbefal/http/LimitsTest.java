package io.anbefal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.store.Limits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every id and string field that reaches the store is checked against its limit ({@link Limits}) first: a value
 * one over is a 4xx JSON error naming the field, never the database's "value too long" as a 500, and nothing of
 * the request is stored. A body is one JSON value: trailing content is refused, not silently dropped. Ids in
 * paths keep their encoded slashes.
 */
class LimitsTest {

    private static final String KEY = "limitskey-0123456789abcdefghij";

    @TempDir
    static Path data;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(data, "lim");
        server.server().anbefal().services().setApiKey("lim", KEY);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String x(int n) {
        return "x".repeat(n);
    }

    private static String update(String fields) {
        return "{\"service\":\"lim\",\"updates\":[{\"customer\":\"c\",\"entityIDs\":[\"i\"],\"what\":\"BROWSE\"" + fields + "}]}";
    }

    private long updates() {
        return server.get("/recapi/1.0/servicestatus/lim").json().get("numUpdates").asLong();
    }

    private static TestServer.Response v1(String path, String body) {
        return server.send(server.request(path).header("X-API-KEY", KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A 4xx whose JSON error names the field; the store unchanged. */
    private void refused(TestServer.Response r, String field, long before) {
        assertTrue(r.status() == 400 || r.status() == 422, r.status() + " " + r.body().substring(0, Math.min(300, r.body().length())));
        JsonNode body = r.json();
        String text = body.has("text") ? body.get("text").asText() : body.get("message").asText() + body.path("data");
        assertTrue(text.contains(field), "names " + field + ": " + text);
        assertEquals(before, updates(), "nothing stored");
    }

    @Test
    void anIdOneOverItsColumnInAMergePathIsA400NamingIt() {
        long before = updates();
        refused(server.get("/recapi/1.0/merge/lim/new/" + x(Limits.PERSON + 1)), "oldId", before);
        refused(server.get("/recapi/1.0/merge/lim/" + x(Limits.PERSON + 1) + "/old"), "newId", before);
        // at the limit it is taken
        TestServer.Response ok = server.get("/recapi/1.0/merge/lim/new/" + x(Limits.PERSON));
        assertEquals(200, ok.status(), ok.toString());
    }

    @Test
    void everyStringFieldOfAnUpdateIsCheckedBeforeTheStore() {
        long before = updates();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("updates[0].customer", "{\"service\":\"lim\",\"updates\":[{\"customer\":\"" + x(Limits.PERSON + 1)
                + "\",\"entityIDs\":[\"i\"],\"what\":\"BROWSE\"}]}");
        cases.put("updates[0].entityIDs[0]", "{\"service\":\"lim\",\"updates\":[{\"customer\":\"c\",\"entityIDs\":[\""
                + x(Limits.ENTITY + 1) + "\"],\"what\":\"BROWSE\"}]}");
        cases.put("updates[0].what", "{\"service\":\"lim\",\"updates\":[{\"customer\":\"c\",\"entityIDs\":[\"i\"],\"what\":\""
                + x(Limits.WHAT + 1) + "\"}]}");
        cases.put("updates[0].where", update(",\"where\":\"" + x(Limits.CHANNEL + 1) + "\""));
        cases.put("updates[0].origin", update(",\"origin\":\"" + x(Limits.ORIGIN + 1) + "\""));
        cases.put("updates[0].tags[0]", update(",\"tags\":[\"" + x(Limits.ENTITY + 1) + "\"]"));
        cases.put("updates[0].eventId", update(",\"eventId\":\"" + x(Limits.EVENT_ID + 1) + "\""));
        cases.put("service", "{\"service\":\"" + x(Limits.SERVICE + 1) + "\",\"updates\":[]}");
        cases.forEach((field, body) -> refused(server.post("/recapi/1.0/update", body), field, before));
    }

    @Test
    void entityIdsThatFitOneByOneButNotTogetherAreA400() {
        // 1,000 ids of 1,000 characters: each at its limit, together more than the JSON column holds
        long before = updates();
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            ids.append(i == 0 ? "" : ",").append('"').append(String.format("%04d", i)).append(x(Limits.ENTITY - 4)).append('"');
        }
        String body = "{\"service\":\"lim\",\"updates\":[{\"customer\":\"c\",\"entityIDs\":[" + ids + "],\"what\":\"BROWSE\"}]}";
        refused(server.post("/recapi/1.0/update", body), "updates[0].entityIDs", before);
    }

    @Test
    void productCategoriesThatOverflowTheCatalogFactAreA422NamingThem() {
        // a record under its own limit whose category ids, stored as one JSON array (quotes escaped), would not fit
        long before = updates();
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < 175_000; i++) {
            path.append(i == 0 ? "" : ",").append("\"a\"");
        }
        String body = "{\"data\":[{\"product_id\":\"p1\",\"categories\":[[" + path + "]]}]}";
        refused(v1("/v1/products", body), "data.0.categories", before);
        TestServer.Response read = server.send(server.request("/v1/products/p1").header("X-API-KEY", KEY).GET().build());
        assertEquals(404, read.status(), "the record was not stored either");
    }

    @Test
    void aServiceNameOverItsLimitInAPathIsA400NotADatabaseError() {
        for (String path : List.of("/recapi/1.0/servicestatus/", "/recapi/1.0/stats/", "/recs/1/")) {
            TestServer.Response r = server.get(path + x(Limits.SERVICE + 1));
            assertEquals(400, r.status(), path + " " + r);
            assertTrue(r.json().get("text").asText().contains("service"), r.toString());
        }
    }

    // --- one JSON value per body ---------------------------------------------------------------------

    @Test
    void twoConcatenatedBatchesAreRefusedWholeOnEveryUpdateApi() {
        long before = updates();
        String one = update(",\"eventId\":\"cat-1\"");
        String two = update(",\"eventId\":\"cat-2\"");
        TestServer.Response r = server.post("/recapi/1.0/update", one + two);
        assertEquals(400, r.status(), r.toString());
        assertTrue(r.json().get("text").asText().contains("trailing content"), r.toString());
        assertEquals(before, updates(), "neither batch is stored");

        String interaction = "{\"data\":[{\"type\":\"product_detail_page_view\",\"product_ids\":[\"i\"],\"user_id\":\"u\"}]}";
        TestServer.Response misoR = v1("/v1/interactions", interaction + interaction);
        assertEquals(422, misoR.status(), misoR.toString()); // the /v1 API's status for any malformed body
        assertTrue(misoR.json().get("message").asText().contains("trailing content"), misoR.toString());
        String product = "{\"data\":[{\"product_id\":\"twice\"}]}";
        TestServer.Response products = v1("/v1/products", product + "\n" + product);
        assertEquals(422, products.status(), products.toString());
        assertEquals(before, updates(), "nothing stored");
        assertEquals(404, server.send(server.request("/v1/products/twice").header("X-API-KEY", KEY).GET().build()).status());
    }

    @Test
    void strayBracketsAfterTheValueAreRefusedAndWhitespaceIsNot() {
        TestServer.Response search = v1("/v1/search/search", "{\"q\":\"jeans\"} ]]");
        assertEquals(422, search.status(), search.toString());
        assertTrue(search.json().get("message").asText().contains("trailing content"), search.toString());
        TestServer.Response recommend = server.post("/recapi/1.0/recommend",
                "{\"service\":\"lim\",\"recommender\":\"PopularRecommender\"} x");
        assertEquals(400, recommend.status(), recommend.toString());
        // whitespace after the value, and a trailing comma inside it (the seed's exposure example), are fine
        TestServer.Response ok = server.post("/recapi/1.0/update",
                "{\"service\":\"lim\",\"updates\":[{\"customer\":\"c\",\"entityIDs\":[\"i\",],\"what\":\"BROWSE\"},]}\n \r\n");
        assertEquals(200, ok.status(), ok.toString());
    }

    // --- encoded slashes in path ids -----------------------------------------------------------------

    @Test
    void aProductIdWithASlashCanBeReadBack() {
        TestServer.Response put = v1("/v1/products", "{\"data\":[{\"product_id\":\"cat/42\",\"title\":\"Slash\"},"
                + "{\"product_id\":\"100%\",\"title\":\"Percent\"}]}");
        assertEquals(200, put.status(), put.toString());
        TestServer.Response read = server.send(server.request("/v1/products/cat%2F42").header("X-API-KEY", KEY).GET().build());
        assertEquals(200, read.status(), read.toString());
        assertEquals("cat/42", read.json().get("data").get("product_id").asText());
        TestServer.Response percent = server.send(server.request("/v1/products/100%25").header("X-API-KEY", KEY).GET().build());
        assertEquals("Percent", percent.json().get("data").get("title").asText(), percent.toString());
        // an unencoded slash is a path of two segments, which is no product
        assertEquals(404, server.send(server.request("/v1/products/cat/42").header("X-API-KEY", KEY).GET().build()).status());
    }

    @Test
    void idsWithSlashesReachTheRecApiHandlers() {
        TestServer.Response merge = server.get("/recapi/1.0/merge/lim/new%2Fid/old%2Fid");
        assertEquals(200, merge.status(), merge.toString());
        assertEquals("Merged old/id into new/id", merge.json().get("text").asText());
        server.update("lim", "shopper", "BROWSE", "shoe/1", "shoe/2");
        server.update("lim", "other", "BROWSE", "shoe/1", "shoe/2");
        TestServer.Response rec = server.get("/recapi/1.0/recommend/lim/ItemToItemRecommender/shoe%2F1/5");
        assertEquals(200, rec.status(), rec.toString());
        List<String> ids = new ArrayList<>();
        rec.json().get("result").forEach(n -> ids.add(n.isTextual() ? n.asText() : n.get("id").asText()));
        assertTrue(ids.contains("shoe/2"), rec.toString());
        // the wrong number of segments stays a 404, a known method on it a 405 as before
        assertEquals(404, server.get("/recapi/1.0/merge/lim/a/b/c").status());
        assertEquals(405, server.send(server.authed("/recapi/1.0/merge/lim/a/b").DELETE().build()).status());
    }

    @Test
    void theLengthCheckedIsTheLengthTheStoreWrites() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper plain = new com.fasterxml.jackson.databind.ObjectMapper();
        for (List<String> ids : List.of(List.<String>of(), List.of("a"), List.of("a", "b\"c", "back\\slash"),
                List.of("\n\t\r\b\f", "\u0001\u001f", "æøå ☃ \uD83D\uDE00", "\u2028/</script>"))) {
            assertEquals(plain.writeValueAsString(ids).length(), Limits.jsonLength(ids), ids.toString());
        }
    }
}
