package io.anbefal.http.miso;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.cli.Launcher;
import io.anbefal.http.TestServer;
import io.anbefal.http.TestServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Miso-style API over HTTP against a real server and H2 file store; each test in its own service. */
class MisoApiTest {

    static final String KEY = "misokey1-0123456789abcdefghij";
    static final String OTHER_KEY = "misokey1-the-same-id-but-wrong";

    @TempDir
    static Path data;
    static TestServer server;

    @BeforeAll
    static void start() {
        List<String> services = List.of("seed", "bad", "realtime", "link", "catalog", "search", "fields", "bulk",
                "browser", "signed");
        List<String> all = new ArrayList<>(services);
        all.add("keys");
        server = new TestServer(data, all.toArray(String[]::new));
        for (String s : services) {
            server.server().anbefal().services().setApiKey(s, key(s));
        }
        server.server().anbefal().services().setApiKey("keys", KEY);
        server.server().anbefal().services().setPublishableKey("browser", publishable("browser"));
        server.server().anbefal().services().setPublishableKey("signed", publishable("signed"));
        server.server().anbefal().configure(server.server().anbefal().service("signed"), io.anbefal.tenant.CustomerSignatures.SECRET, "s3cret-for-the-test");
    }

    static String publishable(String service) {
        return service + "-pub-0123456789abcdefghijkl";
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String key(String service) {
        return service + "-key-0123456789abcdefghijkl";
    }

    static String seed() throws IOException {
        try (InputStream in = MisoApiTest.class.getResourceAsStream("/seeds/miso-api-first-personalization.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** POST with the service's key in the X-API-KEY header. */
    static Response post(String service, String path, String body) {
        return server.send(server.request(path).header("X-API-KEY", key(service)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static Response get(String service, String path) {
        return server.send(server.request(path).header("X-API-KEY", key(service)).GET().build());
    }

    static void ok(Response r) {
        assertEquals(200, r.status(), r.toString());
        assertEquals("success", r.json().get("message").asText(), r.toString());
    }

    static List<String> ids(Response r, String list) {
        List<String> ids = new ArrayList<>();
        for (JsonNode p : r.json().get("data").get(list)) {
            ids.add(p.get("product_id").asText());
        }
        return ids;
    }

    static String view(String user, String... products) {
        return "{\"type\":\"product_detail_page_view\",\"user_id\":\"" + user + "\",\"product_ids\":[\""
                + String.join("\",\"", products) + "\"]}";
    }

    static void interactions(String service, String... records) {
        ok(post(service, "/v1/interactions", "{\"data\":[" + String.join(",", records) + "]}"));
    }

    /** The count of {@code what} in the stats of a service (through the Sannsyn API), in a time range. */
    static long count(String service, String what, String range) {
        Response r = server.get("/recapi/1.0/stats/" + service + range);
        assertEquals(200, r.status(), r.toString());
        JsonNode n = r.json().get("what").get(what);
        return n == null ? 0 : n.asLong();
    }

    // --- the seed's examples ----------------------------------------------------------------------------

    @Test
    void theSeedsInteractionExampleWorksAsWrittenEnDashesIncluded() throws IOException {
        Matcher m = Pattern.compile("POST (/v1/interactions) (\\{.*?\\n\\})", Pattern.DOTALL).matcher(seed());
        assertTrue(m.find(), "the interactions example is in the seed");
        String body = m.group(2);
        assertTrue(body.contains("2021\u201308\u201324T14:15:22Z"), "the seed's timestamp has en dashes: " + body);
        // the Python example's way: the key as the api_key query parameter, the body as JSON
        Response r = server.send(server.request(m.group(1) + "?api_key=" + key("seed"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        ok(r);
        assertEquals(1, r.json().get("data").get("records").asInt(), r.toString());
        // stored as a BROWSE at the record's time, not at the time of arrival
        assertEquals(1, count("seed", "BROWSE", "?from=2021-08-24T14:15:22Z&to=2021-08-24T14:15:23Z"));
    }

    @Test
    void theSeedsPythonRecordsWithoutProductsAreAcceptedInTens() {
        // {"user_id": ..., "type": "product_detail_page_view", "timestamp": ...}, sent in chunks of 10
        List<String> chunk = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            chunk.add("{\"user_id\":\"py-" + i + "\",\"type\":\"product_detail_page_view\",\"timestamp\":\"2022-11-17T10:00:0" + i + "Z\"}");
        }
        Response r = server.send(server.request("/v1/interactions?api_key=" + key("seed")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\": [" + String.join(", ", chunk) + "]}")).build());
        ok(r);
        assertEquals(10, r.json().get("data").get("stored").asInt(), r.toString());
    }

    @Test
    void theSeedsSearchExampleWorksAsWrittenTypographicQuotesIncluded() throws IOException {
        ok(post("seed", "/v1/products", "{\"data\":[{\"product_id\":\"j-1\",\"title\":\"Slim Jeans\"},"
                + "{\"product_id\":\"s-1\",\"title\":\"Linen shirt\"}]}"));
        Matcher m = Pattern.compile("POST (/v1/search/search) (\\{.*\\})").matcher(seed());
        assertTrue(m.find(), "the search example is in the seed");
        assertTrue(m.group(2).contains("\u201Cq\u201D"), "the seed's quotes are typographic: " + m.group(2));
        Response r = post("seed", m.group(1), m.group(2));
        ok(r);
        assertEquals(List.of("j-1"), ids(r, "products"));
        assertEquals(1, r.json().get("data").get("total").asInt());
        // and the same with straight quotes, as the brief spells it
        Response straight = post("seed", "/v1/search/search", "{\"q\":\"jeans\",\"user_id\":\"user-123\"}");
        ok(straight);
        assertEquals(List.of("j-1"), ids(straight, "products"));
    }

    // --- interactions -----------------------------------------------------------------------------------

    @Test
    void aBadBatchIsRejectedWholeWithEveryProblemListed() {
        String body = "{\"data\":["
                + view("ok-user", "p1") + ","
                + "{\"type\":\"teleport\",\"user_id\":\"u\",\"timestamp\":\"yesterday\"},"
                + "{\"type\":\"click\",\"product_ids\":[7]},"
                + "{\"type\":\"custom\",\"anonymous_id\":\"a\",\"rating\":9,\"timestamp\":\"2021-13-01T00:00:00Z\"}]}";
        Response r = post("bad", "/v1/interactions", body);
        assertEquals(422, r.status(), r.toString());
        JsonNode json = r.json();
        assertTrue(json.get("errors").asBoolean());
        assertTrue(json.get("message").isTextual());
        List<String> problems = new ArrayList<>();
        json.get("data").forEach(p -> problems.add(p.asText()));
        for (String expected : List.of("data.1.type is invalid", "data.1.timestamp is invalid", "data.2.user_id is required",
                "data.2.product_ids.0 is invalid", "data.3.custom_action_name is required", "data.3.rating is invalid",
                "data.3.timestamp is invalid")) {
            assertTrue(problems.stream().anyMatch(p -> p.startsWith(expected)), expected + " in " + problems);
        }
        assertEquals(7, problems.size(), problems.toString());
        // nothing of the batch was stored, the good record neither
        Response status = server.get("/recapi/1.0/servicestatus/bad");
        assertEquals(0, status.json().get("numUpdates").asInt(), status.toString());
    }

    @Test
    void tenThousandRecordsAreOneBatchAndOneMoreIsRefused() {
        StringBuilder body = new StringBuilder("{\"data\":[");
        for (int i = 0; i < 10_000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"type\":\"add_to_cart\",\"anonymous_id\":\"v").append(i % 500)
                    .append("\",\"product_ids\":[\"p").append(i % 97).append("\"],\"timestamp\":\"2026-11-30T12:00:00Z\"}");
        }
        Response r = post("bulk", "/v1/interactions", body + "]}");
        ok(r);
        assertEquals(10_000, r.json().get("data").get("stored").asInt());
        assertEquals(10_000, count("bulk", "ADD_TO_CART", ""));
        Response more = post("bulk", "/v1/interactions", body + "," + view("one", "more") + "]}");
        assertEquals(422, more.status(), more::toString);
        assertTrue(more.json().get("data").get(0).asText().contains("at most 10000"), more::toString);
        assertEquals(10_000, count("bulk", "ADD_TO_CART", ""));
    }

    @Test
    void malformedJsonAndAnEmptyBatchAre422InMisosShape() {
        Response r = post("bad", "/v1/interactions", "{\"data\":[");
        assertEquals(422, r.status(), r.toString());
        assertTrue(r.json().get("errors").asBoolean());
        assertTrue(r.json().get("data").get(0).asText().startsWith("malformed JSON"), r.toString());
        Response empty = post("bad", "/v1/interactions", "{\"data\":[]}");
        assertEquals(422, empty.status(), empty.toString());
        assertEquals("data is invalid: it is empty", empty.json().get("data").get(0).asText());
    }

    @Test
    void aMissingOrWrongKeyIs401() {
        String body = "{\"data\":[" + view("u", "p") + "]}";
        for (HttpRequest.Builder b : List.of(server.request("/v1/interactions"),
                server.request("/v1/interactions?api_key=" + OTHER_KEY),
                server.request("/v1/interactions").header("X-API-KEY", "short"),
                server.request("/v1/search/search").header("X-API-KEY", OTHER_KEY),
                server.request("/v1/recommendation/user_to_products?api_key=" + OTHER_KEY))) {
            Response r = server.send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build());
            assertEquals(401, r.status(), r.toString());
            assertEquals("{\"message\":\"invalid api key.\"}", r.body());
        }
        Response right = server.send(server.request("/v1/interactions").header("X-API-KEY", KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        ok(right);
        // an API key is no basic-auth password
        Response basic = server.send(server.request("/recapi/1.0/servicestatus/keys")
                .header("Authorization", TestServer.basic("api-key:misokey1", KEY)).GET().build());
        assertEquals(401, basic.status(), basic.toString());
        Response gone = server.send(server.request("/v1/nothing-here").header("X-API-KEY", KEY).GET().build());
        assertEquals(404, gone.status(), gone.toString());
        assertTrue(gone.json().get("message").asText().contains("no such resource"), gone.toString());
    }

    // --- browsers: the publishable key and CORS -----------------------------------------------------------

    static Response browser(String service, String origin, String path, String body) {
        HttpRequest.Builder b = server.request(path).header("X-API-KEY", publishable(service))
                .header("Content-Type", "application/json");
        if (origin != null) {
            b.header("Origin", origin);
        }
        return server.send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void aPublishableKeyServesBrowsersOfTheServicesOriginsAndCannotWriteTheCatalog() {
        String origin = TestServer.ORIGIN;
        // the preflight names no key: any origin some service allows, with the key header allowed
        Response preflight = server.send(server.request("/v1/search/search").header("Origin", origin)
                .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "x-api-key,content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(204, preflight.status(), preflight.toString());
        assertEquals(origin, preflight.header("Access-Control-Allow-Origin"));
        assertTrue(preflight.header("Access-Control-Allow-Headers").contains("x-api-key"), preflight.toString());
        Response strangers = server.send(server.request("/v1/interactions").header("Origin", "https://evil.test")
                .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
        assertEquals(403, strangers.status(), strangers.toString());
        assertTrue(strangers.json().get("message").asText().contains("https://evil.test"), strangers.toString());

        ok(post("browser", "/v1/products", "{\"data\":[{\"product_id\":\"a\",\"title\":\"Apron\"},"
                + "{\"product_id\":\"b\",\"title\":\"Bowl\"}]}"));
        // from the browser: interactions, recommendations, search, a product; the answers carry the CORS headers
        Response sent = browser("browser", origin, "/v1/interactions", "{\"data\":[" + view("u1", "a", "b") + ","
                + view("u2", "a", "b") + "," + view("x", "a") + "]}");
        ok(sent);
        assertEquals(origin, sent.header("Access-Control-Allow-Origin"));
        Response recs = browser("browser", origin, "/v1/recommendation/user_to_products", "{\"user_id\":\"x\"}");
        ok(recs);
        assertEquals("b", ids(recs, "products").getFirst(), recs.toString());
        assertEquals(origin, recs.header("Access-Control-Allow-Origin"));
        ok(browser("browser", origin, "/v1/search/search", "{\"q\":\"bowl\"}"));
        Response product = server.send(server.request("/v1/products/a").header("X-API-KEY", publishable("browser"))
                .header("Origin", origin).GET().build());
        ok(product);
        // but not the catalog's writes, which stay with the shop's server and its secret key
        for (String path : List.of("/v1/products", "/v1/products/_delete")) {
            Response write = browser("browser", origin, path, path.endsWith("_delete")
                    ? "{\"data\":{\"product_ids\":[\"a\"]}}" : "{\"data\":[{\"product_id\":\"c\"}]}");
            assertEquals(403, write.status(), write.toString());
            assertTrue(write.json().get("message").asText().contains("publishable key"), write.toString());
            assertEquals(origin, write.header("Access-Control-Allow-Origin"), "errors carry CORS headers too");
        }
        assertTrue(server.server().anbefal().catalog().product("browser", "a").isPresent(), "nothing deleted");
        // another origin, or no key at all, is refused
        Response elsewhere = browser("browser", "https://evil.test", "/v1/interactions", "{\"data\":[" + view("e", "a") + "]}");
        assertEquals(403, elsewhere.status(), elsewhere.toString());
        assertEquals(null, elsewhere.header("Access-Control-Allow-Origin"));
        // a publishable key is no basic-auth password either
        Response basic = server.send(server.request("/recapi/1.0/servicestatus/browser")
                .header("Authorization", TestServer.basic("publishable-key:browser-", publishable("browser"))).GET().build());
        assertEquals(401, basic.status(), basic.toString());
    }

    @Test
    void aBrowserLinksAnonymousHistoryOnlyWhereTheServiceRequiresNoSignedIds() {
        String both = "{\"data\":[{\"type\":\"product_detail_page_view\",\"user_id\":\"w\",\"anonymous_id\":\"v\","
                + "\"product_ids\":[\"a\"]}]}";
        ok(browser("browser", TestServer.ORIGIN, "/v1/interactions", both));
        assertEquals("w", server.server().anbefal().linkedTo(server.server().anbefal().service("browser"), "v"));
        Response refused = browser("signed", TestServer.ORIGIN, "/v1/interactions", both);
        assertEquals(403, refused.status(), "signed mode: a user_id needs its user_hash, an anonymous_id must be issued: " + refused);
        assertEquals(null, server.server().anbefal().linkedTo(server.server().anbefal().service("signed"), "v"), "signed ids required: no link from a browser");
        ok(post("signed", "/v1/interactions", both));
        assertEquals("w", server.server().anbefal().linkedTo(server.server().anbefal().service("signed"), "v"), "the secret key links");
    }

    // --- recommendations ----------------------------------------------------------------------------------

    @Test
    void interactionsChangeRecommendationsAtOnce() throws InterruptedException {
        Response before = post("realtime", "/v1/recommendation/user_to_products", "{\"user_id\":\"x\"}");
        ok(before);
        assertEquals(List.of(), ids(before, "products"));
        interactions("realtime", view("u1", "a"), view("u1", "b"), view("u2", "a"), view("u2", "b"),
                view("u3", "a"), view("u3", "c"), view("x", "a"));
        Response after = post("realtime", "/v1/recommendation/user_to_products", "{\"user_id\":\"x\",\"rows\":2}");
        ok(after);
        assertEquals(List.of("b", "c"), ids(after, "products"));
        JsonNode data = after.json().get("data");
        assertTrue(data.get("took").isIntegralNumber());
        assertTrue(data.get("miso_id").asText().startsWith("ProductForCustomerRecommender:"), after.toString());
        Response similar = post("realtime", "/v1/recommendation/product_to_products", "{\"product_id\":\"a\",\"rows\":1}");
        ok(similar);
        assertEquals(List.of("b"), ids(similar, "products"));
        // the trending list is rebuilt at most a second after events arrived (docs/engine.md)
        Response trending = post("realtime", "/v1/recommendation/user_to_trending", "{\"anonymous_id\":\"someone\"}");
        for (long until = System.currentTimeMillis() + 3000; ids(trending, "products").isEmpty()
                && System.currentTimeMillis() < until; ) {
            Thread.sleep(100);
            trending = post("realtime", "/v1/recommendation/user_to_trending", "{\"anonymous_id\":\"someone\"}");
        }
        ok(trending);
        assertEquals(List.of("a", "b", "c"), ids(trending, "products"), trending.toString());
        // checkout: a purchase leaves the product out of the buyer's recommendations
        interactions("realtime", "{\"type\":\"checkout\",\"user_id\":\"x\",\"product_ids\":[\"b\"],\"quantities\":[1]}");
        Response bought = post("realtime", "/v1/recommendation/user_to_products", "{\"user_id\":\"x\",\"rows\":2}");
        ok(bought);
        assertFalse(ids(bought, "products").contains("b"), bought.toString());
        assertEquals(List.of("c", "a"), ids(bought, "products"), bought.toString());
        Response missing = post("realtime", "/v1/recommendation/product_to_products", "{\"rows\":0}");
        assertEquals(422, missing.status(), missing.toString());
        assertEquals(2, missing.json().get("data").size(), missing.toString());
    }

    @Test
    void aRecordWithBothIdsLinksTheAnonymousHistoryToTheUser() {
        interactions("link", view("u1", "a"), view("u1", "b"), view("u2", "a"), view("u2", "b"),
                "{\"type\":\"product_detail_page_view\",\"anonymous_id\":\"anon-1\",\"product_ids\":[\"a\"]}");
        Response cold = post("link", "/v1/recommendation/user_to_products", "{\"user_id\":\"user-9\"}");
        ok(cold);
        assertTrue(cold.json().get("data").get("miso_id").asText().startsWith("PopularRecommender:"), cold.toString());
        // the sign-in: one record naming both ids, no product needed
        interactions("link", "{\"type\":\"home_page_view\",\"anonymous_id\":\"anon-1\",\"user_id\":\"user-9\"}");
        Response warm = post("link", "/v1/recommendation/user_to_products", "{\"user_id\":\"user-9\",\"rows\":1}");
        ok(warm);
        assertTrue(warm.json().get("data").get("miso_id").asText().startsWith("ProductForCustomerRecommender:"), warm.toString());
        assertEquals(List.of("b"), ids(warm, "products"));
    }

    @Test
    void fieldsExcludeFilterCategoriesAndWhatIsUnsupported() {
        ok(post("fields", "/v1/products", "{\"data\":["
                + "{\"product_id\":\"a\",\"title\":\"A\",\"brand\":\"Acme\",\"price\":10,\"categories\":[[\"Men\",\"Jeans\"]]},"
                + "{\"product_id\":\"b\",\"title\":\"B\",\"brand\":\"Acme\",\"price\":20,\"categories\":[[\"Men\",\"Jeans\"]]},"
                + "{\"product_id\":\"c\",\"title\":\"C\",\"brand\":\"Other\",\"price\":30,\"categories\":[[\"Men\",\"Shirts\"]]},"
                + "{\"product_id\":\"d\",\"title\":\"D\",\"brand\":\"Acme\",\"price\":40,\"categories\":[[\"Women\",\"Shoes\"]]}]}"));
        interactions("fields", view("u1", "a", "b", "c", "d"), view("u2", "a", "b", "c"), view("u3", "a", "b"),
                view("x", "a"), "{\"type\":\"add_to_cart\",\"user_id\":\"x\",\"product_ids\":[\"a\"]}",
                "{\"type\":\"product_detail_page_view\",\"user_id\":\"ghost-viewer\",\"product_ids\":[\"not-in-catalog\",\"b\"]}");
        Response all = post("fields", "/v1/recommendation/user_to_products", "{\"user_id\":\"x\",\"rows\":10,\"fl\":[\"title\",\"price\"]}");
        ok(all);
        // personal first; the popular fallback fills the rest, and only catalog products are answered
        assertEquals(List.of("b", "c", "d"), ids(all, "products").subList(0, 3), all.toString());
        assertFalse(ids(all, "products").contains("not-in-catalog"), "only catalog products: " + all);
        JsonNode first = all.json().get("data").get("products").get(0);
        assertEquals("B", first.get("title").asText());
        assertEquals(20, first.get("price").asInt());
        assertFalse(first.has("brand"), first.toString());
        Response filtered = post("fields", "/v1/recommendation/user_to_products",
                "{\"user_id\":\"x\",\"rows\":10,\"exclude\":[\"b\"],\"fq\":\"brand:Acme AND price:[* TO 100]\"}");
        ok(filtered);
        assertEquals("d", ids(filtered, "products").getFirst(), filtered.toString());
        assertFalse(ids(filtered, "products").contains("b"), filtered.toString());
        assertFalse(ids(filtered, "products").contains("c"), filtered.toString());
        Response either = post("fields", "/v1/recommendation/user_to_products",
                "{\"user_id\":\"x\",\"rows\":10,\"fq\":\"brand:Other OR (price:{10 TO 40} AND -categories:Shirts)\"}");
        ok(either);
        assertEquals(List.of("b", "c"), ids(either, "products"), either.toString());
        Response bad = post("fields", "/v1/recommendation/user_to_products",
                "{\"user_id\":\"x\",\"fq\":\"brand:Ac*\"}");
        assertEquals(422, bad.status(), bad.toString());
        assertTrue(bad.json().get("data").get(0).asText().contains("not supported"), bad.toString());
        Response categories = post("fields", "/v1/recommendation/user_to_categories", "{\"user_id\":\"x\"}");
        ok(categories);
        assertEquals("[\"Men\",\"Jeans\"]", categories.json().get("data").get("categories").get(0).get("category").toString(),
                categories.toString());
        Response boosted = post("fields", "/v1/recommendation/user_to_categories", "{\"user_id\":\"x\",\"boost_fq\":\"brand:Acme\"}");
        assertEquals(422, boosted.status(), boosted.toString());
        assertTrue(boosted.json().get("data").get(0).asText().startsWith("boost_fq is not supported by user_to_categories"),
                boosted.toString());
        Response attributes = post("fields", "/v1/recommendation/user_to_attributes", "{\"user_id\":\"x\"}");
        assertEquals(422, attributes.status(), attributes.toString());
        assertTrue(attributes.json().get("data").get(0).asText().startsWith("field is required"), attributes.toString());
    }

    // --- the catalog --------------------------------------------------------------------------------------

    @Test
    void productsRoundTripAreReplacedWholeAndDeleted() {
        ok(post("catalog", "/v1/products", "{\"data\":[{\"product_id\":\"p-1\",\"title\":\"First\",\"price\":9.5,"
                + "\"custom_attributes\":{\"color\":\"red\"}},{\"product_id\":\"p-2\",\"title\":\"Second\"}]}"));
        Response one = get("catalog", "/v1/products/p-1");
        ok(one);
        assertEquals("{\"product_id\":\"p-1\",\"title\":\"First\",\"price\":9.5,\"custom_attributes\":{\"color\":\"red\"}}",
                one.json().get("data").toString());
        assertEquals("First", server.server().anbefal().catalog().product("catalog", "p-1").orElseThrow().get("title"));
        ok(post("catalog", "/v1/products", "{\"data\":[{\"product_id\":\"p-1\",\"title\":\"Renamed\"}]}"));
        assertEquals("{\"product_id\":\"p-1\",\"title\":\"Renamed\"}", get("catalog", "/v1/products/p-1").json().get("data").toString());
        Response deleted = post("catalog", "/v1/products/_delete", "{\"data\":{\"product_ids\":[\"p-1\",\"never\"]}}");
        assertEquals(200, deleted.status(), deleted.toString());
        assertEquals("deleted", deleted.json().get("message").asText(), deleted.toString()); // Miso's answer
        assertEquals(1, deleted.json().get("data").get("deleted").asInt());
        Response gone = get("catalog", "/v1/products/p-1");
        assertEquals(404, gone.status(), gone.toString());
        assertEquals("{\"message\":\"not found\"}", gone.body());
        ok(get("catalog", "/v1/products/p-2"));
        // another service's key does not see this catalog
        assertEquals(404, get("search", "/v1/products/p-2").status());
        Response invalid = post("catalog", "/v1/products", "{\"data\":[{\"title\":\"no id\"},{\"product_id\":\"p-3\","
                + "\"categories\":\"Men\"},{\"product_id\":\"\"},{\"product_id\":\"huge\",\"description\":\""
                + "x".repeat(1_000_001) + "\"}]}");
        assertEquals(422, invalid.status(), invalid.toString());
        assertEquals(4, invalid.json().get("data").size(), invalid.toString());
        assertTrue(invalid.json().get("data").get(3).asText().startsWith("data.3 is invalid: a record is at most"), invalid.toString());
        assertEquals(404, get("catalog", "/v1/products/p-3").status(), "nothing of a rejected batch is stored");
    }

    // --- search -------------------------------------------------------------------------------------------

    @Test
    void searchFindsByTextFiltersFacetsAndPersonalises() {
        ok(post("search", "/v1/products", "{\"data\":["
                + "{\"product_id\":\"jeans-slim\",\"title\":\"Slim jeans\",\"description\":\"Classic jeans, slim fit\",\"brand\":\"Acme\",\"price\":50},"
                + "{\"product_id\":\"jeans-wide\",\"title\":\"Wide jeans\",\"brand\":\"Other\",\"price\":60},"
                + "{\"product_id\":\"shirt-1\",\"title\":\"Oxford shirt\",\"tags\":[\"cotton\"],\"brand\":\"Acme\",\"price\":30}]}"));
        Response anonymous = post("search", "/v1/search/search", "{\"q\":\"jeans\",\"rows\":10,\"facets\":[\"brand\"],\"fl\":[\"title\"]}");
        ok(anonymous);
        assertEquals(List.of("jeans-slim", "jeans-wide"), ids(anonymous, "products"), "more relevant first: " + anonymous);
        JsonNode data = anonymous.json().get("data");
        assertEquals("Slim jeans", data.get("products").get(0).get("title").asText());
        assertEquals(2, data.get("total").asInt());
        assertEquals(0, data.get("start").asInt());
        assertFalse(data.get("spellcheck").get("spelling_errors").asBoolean());
        assertEquals(2, data.get("facet_counts").get("facet_fields").get("brand").size(), anonymous.toString());
        assertEquals(List.of("shirt-1"), ids(post("search", "/v1/search/search", "{\"q\":\"cotton\"}"), "products"));
        // people who look at the shirt look at the wide jeans: a user who saw the shirt gets those first
        interactions("search", view("u1", "shirt-1"), view("u1", "jeans-wide"), view("u2", "shirt-1"),
                view("u2", "jeans-wide"), view("shopper", "shirt-1"));
        Response personal = post("search", "/v1/search/search", "{\"q\":\"jeans\",\"user_id\":\"shopper\"}");
        ok(personal);
        assertEquals(List.of("jeans-wide", "jeans-slim"), ids(personal, "products"), personal.toString());
        // filters, order, paging, spelling
        assertEquals(List.of("jeans-slim"), ids(post("search", "/v1/search/search", "{\"q\":\"jeans\",\"fq\":\"brand:Acme\"}"), "products"));
        Response ordered = post("search", "/v1/search/search",
                "{\"q\":\"\",\"order_by\":[{\"field\":\"price\",\"order\":\"desc\"}],\"rows\":2,\"start\":1}");
        ok(ordered);
        assertEquals(List.of("jeans-slim", "shirt-1"), ids(ordered, "products"));
        assertEquals(3, ordered.json().get("data").get("total").asInt());
        Response misspelt = post("search", "/v1/search/search", "{\"q\":\"jaens\"}");
        ok(misspelt);
        assertTrue(misspelt.json().get("data").get("spellcheck").get("auto_corrected").asBoolean(), misspelt.toString());
        assertEquals("jeans", misspelt.json().get("data").get("spellcheck").get("auto_corrected_query").asText());
        assertEquals(2, misspelt.json().get("data").get("total").asInt());
        Response complete = post("search", "/v1/search/autocomplete", "{\"q\":\"sli\",\"fl\":[\"price\"]}");
        ok(complete);
        JsonNode c = complete.json().get("data").get("completions").get("title").get(0);
        assertEquals("Slim jeans", c.get("text").asText());
        assertEquals("<mark>Sli</mark>m jeans", c.get("text_with_markups").asText());
        assertEquals(50, c.get("product").get("price").asInt());
        // a deleted product is no longer found
        assertEquals(200, post("search", "/v1/products/_delete", "{\"data\":{\"product_ids\":[\"jeans-wide\"]}}").status());
        assertEquals(List.of("jeans-slim"), ids(post("search", "/v1/search/search", "{\"q\":\"jeans\"}"), "products"));
    }

    // --- durability ---------------------------------------------------------------------------------------

    @Test
    void theCatalogAndTheKeySurviveARestart(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Launcher()).setErr(new PrintWriter(err));
        String key = "kept-key-0123456789abcdefgh";
        assertEquals(0, cli.execute("service", "add", "kept", "--api-key", key, "--data", dir.toString()), err.toString());
        assertEquals(2, cli.execute("service", "key", "kept", "--api-key", "too-short", "--data", dir.toString()));
        String body = "{\"data\":[{\"product_id\":\"k-1\",\"title\":\"Kept jeans\",\"categories\":[[\"Jeans\"]]},"
                + "{\"product_id\":\"k-2\",\"title\":\"Kept shirt\"}]}";
        String history = "{\"data\":[" + view("u1", "k-1") + "," + view("u1", "k-2") + "," + view("back", "k-1")
                + ",{\"type\":\"home_page_view\",\"anonymous_id\":\"v-1\",\"user_id\":\"back\"}]}";
        try (TestServer first = new TestServer(dir)) {
            Response r = first.send(first.request("/v1/products?api_key=" + key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            assertEquals(200, r.status(), r.toString());
            Response h = first.send(first.request("/v1/interactions?api_key=" + key)
                    .POST(HttpRequest.BodyPublishers.ofString(history)).build());
            assertEquals(200, h.status(), h.toString());
        }
        try (TestServer second = new TestServer(dir)) {
            Response r = second.send(second.request("/v1/products/k-1").header("X-API-KEY", key).GET().build());
            assertEquals(200, r.status(), r.toString());
            assertEquals("Kept jeans", r.json().get("data").get("title").asText());
            Response found = second.send(second.request("/v1/search/search").header("X-API-KEY", key)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"q\":\"jeans\"}")).build());
            assertEquals(200, found.status(), found.toString());
            assertEquals("k-1", found.json().get("data").get("products").get(0).get("product_id").asText());
            Response recs = second.send(second.request("/v1/recommendation/user_to_products").header("X-API-KEY", key)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"user_id\":\"back\",\"rows\":1,\"fl\":[\"title\"]}")).build());
            assertEquals("{\"product_id\":\"k-2\",\"title\":\"Kept shirt\"}",
                    recs.json().get("data").get("products").get(0).toString(), recs.toString());
        }
        // the history exports as a valid dataset (the record without products left out) that imports elsewhere
        Path file = dir.resolve("kept.xml");
        assertEquals(0, cli.execute("export", "--service", "kept", "-o", file.toString(), "--data", dir.toString()), err.toString());
        Path other = dir.resolve("other");
        assertEquals(0, cli.execute("service", "add", "kept", "--api-key", key, "--data", other.toString()), err.toString());
        assertEquals(0, cli.execute("import", file.toString(), "--service", "kept", "--data", other.toString()), err.toString());
        // a new key replaces the old one
        String newKey = "kept-key-NEW-0123456789abcdef";
        assertEquals(0, cli.execute("service", "key", "kept", "--api-key", newKey, "--data", dir.toString()));
        // and a publishable key is a second key beside it, which cannot write the catalog
        String pub = "kept-pub-0123456789abcdefgh";
        assertEquals(0, cli.execute("service", "key", "kept", "--publishable", "--api-key", pub, "--data", dir.toString()));
        try (TestServer third = new TestServer(dir)) {
            assertEquals(401, third.send(third.request("/v1/products/k-1").header("X-API-KEY", key).GET().build()).status());
            assertEquals(200, third.send(third.request("/v1/products/k-1").header("X-API-KEY", newKey).GET().build()).status());
            assertEquals(200, third.send(third.request("/v1/products/k-1").header("X-API-KEY", pub).GET().build()).status());
            assertEquals(403, third.send(third.request("/v1/products").header("X-API-KEY", pub)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build()).status());
        }
    }
}
