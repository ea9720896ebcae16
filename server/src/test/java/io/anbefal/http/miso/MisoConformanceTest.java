package io.anbefal.http.miso;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.http.TestServer;
import io.anbefal.http.TestServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The requests and answers of Miso's API reference (docs.miso.ai: interaction, product, user, recommendation and
 * search APIs), written down here from its examples, against a real server: each request as the reference shows
 * it (ids of its examples, its field names), each answer checked for the shape the reference gives. Where this server
 * deliberately differs, docs/api.md says so.
 */
class MisoConformanceTest {

    @TempDir
    static Path data;
    static TestServer server;

    static final String[] SERVICES = {"bulk", "mget", "history", "movies", "spell", "catalog", "users", "times",
        "stats", "boost"};

    @BeforeAll
    static void start() {
        server = new TestServer(data, SERVICES);
        for (String s : SERVICES) {
            server.server().anbefal().services().setApiKey(s, MisoApiTest.key(s));
            server.server().anbefal().services().setPublishableKey(s, MisoApiTest.publishable(s));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Response post(String service, String path, String body) {
        return send(service, "POST", path, body, MisoApiTest.key(service), null);
    }

    static Response send(String service, String method, String path, String body, String key, String origin) {
        HttpRequest.Builder b = server.request(path).header("Content-Type", "application/json");
        if (key != null) {
            b.header("X-API-KEY", key);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return server.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static void ok(Response r) {
        assertEquals(200, r.status(), r.toString());
        assertEquals("success", r.json().get("message").asText(), r.toString());
    }

    static List<String> ids(JsonNode products) {
        List<String> out = new ArrayList<>();
        products.forEach(p -> out.add(p.get("product_id").asText()));
        return out;
    }

    static String view(String user, String... products) {
        return "{\"type\":\"product_detail_page_view\",\"user_id\":\"" + user + "\",\"product_ids\":[\""
                + String.join("\",\"", products) + "\"]}";
    }

    static void interactions(String service, String... records) {
        ok(post(service, "/v1/interactions", "{\"data\":[" + String.join(",", records) + "]}"));
    }

    /** A few movies as the reference's examples name them, with categories and a director. */
    static void movies(String service) {
        ok(post(service, "/v1/products", """
                {"data":[
                 {"product_id":"tmdb-286217","title":"The Martian (2015)","categories":[["Drama"],["Sci-Fi","Space Travel"]],
                  "custom_attributes":{"director":"Ridley Scott"}},
                 {"product_id":"tmdb-281957","title":"The Revenant (2015)","categories":[["Drama"]],
                  "custom_attributes":{"director":"Alejandro G. Inarritu"}},
                 {"product_id":"tmdb-68718","title":"Django Unchained (2012)","categories":[["Drama"]],
                  "custom_attributes":{"director":"Quentin Tarantino"}},
                 {"product_id":"tmdb-680","title":"Pulp Fiction (1994)","categories":[["Thriller"]],
                  "custom_attributes":{"director":"Quentin Tarantino"}},
                 {"product_id":"tmdb-11324","title":"Shutter Island (2010)","categories":[["Thriller"]],
                  "custom_attributes":{"director":"Martin Scorsese"}},
                 {"product_id":"tmdb-1422","title":"The Departed (2006)","categories":[["Thriller"]],
                  "custom_attributes":{"director":"Martin Scorsese"}},
                 {"product_id":"tmdb-4982","title":"American Gangster (2007)","categories":[["Drama"]],
                  "custom_attributes":{"director":"Ridley Scott"}}]}"""));
    }

    // --- bulk, as the browser SDK sends it, and CORS on every /v1 answer ---------------------------------

    @Test
    void bulkRunsEachCallAsIfSentAloneInOrder() {
        movies("bulk");
        // the SDK's bulk mode: {requests:[{api_name: group/name, body}]} -> data:[{status_code, body, error}]
        Response r = post("bulk", "/v1/bulk", """
                {"requests":[
                 {"api_name":"interactions/upload","body":{"data":[{"type":"product_detail_page_view",
                   "anonymous_id":"visitor-123","product_ids":["tmdb-680"]}]}},
                 {"api_name":"recommendation/user_to_products","body":{"anonymous_id":"visitor-123","rows":2}},
                 {"api_name":"search/search","body":{"q":"pulp","fl":["title"]}},
                 {"api_name":"recommendation/product_to_products","body":{}},
                 {"api_name":"search/mget","body":{"product_ids":["tmdb-680"]}}]}""");
        ok(r);
        JsonNode answers = r.json().get("data");
        assertEquals(5, answers.size(), r.toString());
        for (int i : new int[] {0, 1, 2, 4}) {
            assertEquals(200, answers.get(i).get("status_code").asInt(), answers.get(i).toString());
            assertFalse(answers.get(i).get("error").asBoolean());
            assertEquals("success", answers.get(i).get("body").get("message").asText());
        }
        assertEquals(1, answers.get(0).get("body").get("data").get("stored").asInt());
        assertEquals("tmdb-680", answers.get(1).get("body").get("data").get("products").get(0).get("product_id").asText(),
                "the call after the upload sees it: " + answers.get(1));
        assertEquals("Pulp Fiction (1994)", answers.get(2).get("body").get("data").get("products").get(0).get("title").asText());
        // a failing call answers its own status and Miso's error body; the others still ran
        assertEquals(422, answers.get(3).get("status_code").asInt(), answers.get(3).toString());
        assertTrue(answers.get(3).get("error").asBoolean());
        assertTrue(answers.get(3).get("body").get("data").get(0).asText().startsWith("product_id is required"));
        assertTrue(answers.get(4).get("body").get("data").get("products").get(0).get("_found").asBoolean());
        // an unknown api_name rejects the whole bulk request with a 422 naming it
        Response unknown = post("bulk", "/v1/bulk", "{\"requests\":[{\"api_name\":\"ask/questions\",\"body\":{}}]}");
        assertEquals(422, unknown.status(), unknown.toString());
        assertTrue(unknown.json().get("data").get(0).asText().startsWith("requests.0.api_name is invalid"), unknown.toString());
        // a publishable key cannot write the catalog through bulk either
        Response write = send("bulk", "POST", "/v1/bulk", "{\"requests\":[{\"api_name\":\"products/upload\","
                + "\"body\":{\"data\":[{\"product_id\":\"x\"}]}}]}", MisoApiTest.publishable("bulk"), TestServer.ORIGIN);
        ok(write);
        assertEquals(403, write.json().get("data").get(0).get("status_code").asInt(), write.toString());
    }

    @Test
    void everyV1AnswerToAnAllowedOriginCarriesTheCorsHeaderUnknownPathsIncluded() {
        String origin = TestServer.ORIGIN;
        Response preflight = server.send(server.request("/v1/bulk").header("Origin", origin)
                .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(204, preflight.status(), preflight.toString());
        assertEquals(origin, preflight.header("Access-Control-Allow-Origin"));
        assertTrue(preflight.header("Access-Control-Allow-Methods").contains("DELETE"), preflight.toString());
        Response bulk = send("bulk", "POST", "/v1/bulk", "{\"requests\":[{\"api_name\":\"recommendation/user_to_trending\","
                + "\"body\":{\"anonymous_id\":\"v\"}}]}", MisoApiTest.publishable("bulk"), origin);
        ok(bulk);
        assertEquals(origin, bulk.header("Access-Control-Allow-Origin"));
        for (String path : List.of("/v1/nothing-here", "/v1/recommendation/user_to_nothing", "/v1")) {
            Response missing = send("bulk", "POST", path, "{}", MisoApiTest.publishable("bulk"), origin);
            assertEquals(404, missing.status(), path + " " + missing);
            assertEquals(origin, missing.header("Access-Control-Allow-Origin"), path + " " + missing);
            assertTrue(missing.json().get("message").asText().startsWith("no such resource"), missing.toString());
        }
        Response noKey = send("bulk", "POST", "/v1/bulk", "{}", null, origin);
        assertEquals(401, noKey.status());
        assertEquals(origin, noKey.header("Access-Control-Allow-Origin"));
    }

    // --- search ---------------------------------------------------------------------------------------------

    @Test
    void mgetAnswersProductsInTheOrderGivenWithFound() {
        ok(post("mget", "/v1/products", "{\"data\":[{\"product_id\":\"123ABC-S-Black\",\"title\":\"Product ABC in Black\","
                + "\"price\":15},{\"product_id\":\"123ABC-S-Blue\",\"title\":\"Product ABC in Blue\"}]}"));
        // the reference: {"product_ids": ["Product_Not_Exists", "123ABC-S-Black"]}
        Response r = post("mget", "/v1/search/mget", "{\"product_ids\": [\"Product_Not_Exists\", \"123ABC-S-Black\"]}");
        ok(r);
        JsonNode products = r.json().get("data").get("products");
        assertEquals("{\"_found\":false,\"product_id\":\"Product_Not_Exists\"}", products.get(0).toString());
        assertTrue(products.get(1).get("_found").asBoolean());
        assertEquals("Product ABC in Black", products.get(1).get("title").asText());
        assertEquals(15, products.get(1).get("price").asInt(), "all fields by default");
        Response fl = post("mget", "/v1/search/mget", "{\"product_ids\": [\"123ABC-S-Black\", \"123ABC-S-Blue\"], \"fl\": [\"title\"]}");
        ok(fl);
        assertEquals(List.of("123ABC-S-Black", "123ABC-S-Blue"), ids(fl.json().get("data").get("products")));
        assertFalse(fl.json().get("data").get("products").get(0).has("price"), fl.toString());
        Response bad = post("mget", "/v1/search/mget", "{}");
        assertEquals(422, bad.status());
        assertTrue(bad.json().get("data").get(0).asText().startsWith("product_ids is required"), bad.toString());
    }

    @Test
    void searchNamesItsSpellingCorrectionAsMisoDoesAndAutocompleteTypesEachCompletion() {
        ok(post("spell", "/v1/products", "{\"data\":[{\"product_id\":\"py\",\"title\":\"Learning python\",\"brand\":\"Miso\"},"
                + "{\"product_id\":\"mi\",\"title\":\"Mitsui tea\",\"brand\":\"Mitsui\"}]}"));
        Response r = post("spell", "/v1/search/search", "{\"q\":\"pythn\"}");
        ok(r);
        JsonNode spell = r.json().get("data").get("spellcheck");
        assertTrue(spell.get("spelling_errors").asBoolean(), spell.toString());
        assertTrue(spell.get("auto_spelling_correction").asBoolean(), spell.toString());
        assertEquals("pythn", spell.get("original_query").asText());
        assertEquals("python", spell.get("corrected_query").asText());
        assertEquals("&lt;mark&gt;pythn&lt;/mark&gt;", spell.get("original_query_with_markups").asText());
        assertEquals("&lt;mark&gt;python&lt;/mark&gt;", spell.get("corrected_query_with_markups").asText());
        assertEquals(List.of("py"), ids(r.json().get("data").get("products")));
        // "spellcheck": {"enable_auto_spelling_correction": false}: the correction is only suggested
        Response off = post("spell", "/v1/search/search",
                "{\"q\":\"pythn\",\"spellcheck\":{\"enable_auto_spelling_correction\":false}}");
        ok(off);
        assertEquals(0, off.json().get("data").get("total").asInt(), off.toString());
        assertFalse(off.json().get("data").get("spellcheck").get("auto_spelling_correction").asBoolean());
        assertEquals("python", off.json().get("data").get("spellcheck").get("corrected_query").asText());
        Response right = post("spell", "/v1/search/search", "{\"q\":\"python\"}");
        assertFalse(right.json().get("data").get("spellcheck").get("spelling_errors").asBoolean());
        assertTrue(right.json().get("data").get("spellcheck").get("corrected_query").isNull());
        // the reference's autocomplete answer: {"title":[{"text":..., "type":"title", "product":{...}}], "brand":[...]}
        Response ac = post("spell", "/v1/search/autocomplete", "{\"q\":\"mi\",\"completion_fields\":[\"title\",\"brand\"]}");
        ok(ac);
        JsonNode completions = ac.json().get("data").get("completions");
        assertEquals("title", completions.get("title").get(0).get("type").asText(), completions.toString());
        assertEquals("brand", completions.get("brand").get(0).get("type").asText(), completions.toString());
        assertEquals(List.of("Miso", "Mitsui"), List.of(completions.get("brand").get(0).get("text").asText(),
                completions.get("brand").get(1).get("text").asText()));
    }

    // --- recommendations ----------------------------------------------------------------------------------

    @Test
    void userToHistoryAnswersTheUsersOwnProductsMostRecentFirst() {
        movies("history");
        interactions("history", view("user-123", "tmdb-680"), view("user-123", "tmdb-1422"), view("someone", "tmdb-4982"));
        Response r = post("history", "/v1/recommendation/user_to_history", "{\"user_id\":\"user-123\",\"fl\":[\"title\"]}");
        ok(r);
        assertEquals(List.of("tmdb-1422", "tmdb-680"), ids(r.json().get("data").get("products")), r.toString());
        assertEquals("The Departed (2006)", r.json().get("data").get("products").get(0).get("title").asText());
        // a user without history has none (no popular fallback)
        Response none = post("history", "/v1/recommendation/user_to_history", "{\"user_id\":\"new-user\"}");
        ok(none);
        assertEquals(0, none.json().get("data").get("products").size(), none.toString());
        // a browser's publishable key answers only the history of the id it names, and must name one
        Response browser = send("history", "POST", "/v1/recommendation/user_to_history", "{\"rows\":5}",
                MisoApiTest.publishable("history"), TestServer.ORIGIN);
        assertEquals(422, browser.status(), browser.toString());
        assertEquals(TestServer.ORIGIN, browser.header("Access-Control-Allow-Origin"));
    }

    @Test
    void userToCategoriesAndUserToAttributesAnswerTheirProductsAndTotalsAsTheReferenceShows() {
        movies("movies");
        interactions("movies", view("fan", "tmdb-286217", "tmdb-281957", "tmdb-68718"),
                view("fan2", "tmdb-286217", "tmdb-281957", "tmdb-68718", "tmdb-4982"),
                view("fan3", "tmdb-680", "tmdb-68718", "tmdb-11324"), view("user-123", "tmdb-286217"),
                view("test", "tmdb-286217"));
        // {"user_id": "user-123", "rows": 2, "products_per_category": 3, "fl": ["title"]}
        Response r = post("movies", "/v1/recommendation/user_to_categories",
                "{\"user_id\": \"user-123\", \"rows\": 2, \"products_per_category\": 3, \"fl\": [\"title\"]}");
        ok(r);
        JsonNode categories = r.json().get("data").get("categories");
        assertTrue(categories.size() >= 1 && categories.size() <= 2, categories.toString());
        JsonNode drama = null;
        for (JsonNode c : categories) {
            if (c.get("category").toString().equals("[\"Drama\"]")) {
                drama = c;
            }
        }
        assertNotNull(drama, categories.toString());
        assertEquals(4, drama.get("total").asInt(), "the catalog's Drama movies: " + drama);
        JsonNode products = drama.get("recommended_products");
        assertTrue(products.size() >= 1 && products.size() <= 3, drama.toString());
        for (JsonNode p : products) {
            assertTrue(List.of("tmdb-281957", "tmdb-68718", "tmdb-4982", "tmdb-286217").contains(p.get("product_id").asText()),
                    "a Drama movie: " + p);
            assertTrue(p.has("title"), p.toString());
        }
        // {"user_id": "test", "field": "custom_attributes.director", "rows": 3, "products_per_attribute": 2, "fl": ["title"]}
        Response a = post("movies", "/v1/recommendation/user_to_attributes", "{\"user_id\": \"test\","
                + " \"field\": \"custom_attributes.director\", \"rows\": 3, \"products_per_attribute\": 2, \"fl\": [\"title\"]}");
        ok(a);
        JsonNode attributes = a.json().get("data").get("attributes");
        assertEquals(3, attributes.size(), attributes.toString());
        for (JsonNode v : attributes) {
            assertTrue(v.get("value").isTextual(), v.toString());
            assertTrue(v.get("total").asInt() >= v.get("recommended_products").size(), v.toString());
            assertTrue(v.get("recommended_products").size() >= 1 && v.get("recommended_products").size() <= 2, v.toString());
            assertTrue(v.get("recommended_products").get(0).has("title"), v.toString());
        }
        JsonNode tarantino = null;
        for (JsonNode v : attributes) {
            if (v.get("value").asText().equals("Quentin Tarantino")) {
                tarantino = v;
            }
        }
        assertNotNull(tarantino, "the director of the movies the user's peers watched most: " + attributes);
        assertEquals(2, tarantino.get("total").asInt(), tarantino.toString());
    }

    @Test
    void productToProductsTakesTheListFormScoresWhenAskedBoostsAndAcceptsEngineId() {
        movies("boost");
        interactions("boost", view("u1", "tmdb-286217", "tmdb-281957", "tmdb-680"),
                view("u2", "tmdb-286217", "tmdb-281957", "tmdb-680"), view("u3", "tmdb-286217", "tmdb-11324"));
        // the reference: {"user_id": "user_123", "product_id": ["toy-story-1995"], "rows": 3, "fl": ["title"]}
        Response list = post("boost", "/v1/recommendation/product_to_products",
                "{\"user_id\": \"user_123\", \"product_id\": [\"tmdb-286217\"], \"rows\": 3, \"fl\": [\"title\"]}");
        ok(list);
        List<String> related = ids(list.json().get("data").get("products"));
        Response one = post("boost", "/v1/recommendation/product_to_products",
                "{\"user_id\": \"user_123\", \"product_id\": \"tmdb-286217\", \"rows\": 3, \"fl\": [\"title\"]}");
        assertEquals(related, ids(one.json().get("data").get("products")), "the list of one is the id: " + list);
        assertFalse(related.contains("tmdb-286217"));
        assertEquals(java.util.Set.of("tmdb-281957", "tmdb-680"), java.util.Set.copyOf(related.subList(0, 2)), list.toString());
        // _personalization_score when asked (fl), from 1 (the best) down
        Response scored = post("boost", "/v1/recommendation/user_to_products",
                "{\"user_id\":\"u3\",\"rows\":3,\"fl\":[\"_personalization_score\"]}");
        ok(scored);
        JsonNode ps = scored.json().get("data").get("products");
        double previous = 1.0;
        for (JsonNode p : ps) {
            double s = p.get("_personalization_score").asDouble();
            assertTrue(s > 0 && s <= previous, ps.toString());
            previous = s;
        }
        assertFalse(list.json().get("data").get("products").get(0).has("_personalization_score"), "only when asked");
        // boost_fq: matching products come first, the rest after
        Response boosted = post("boost", "/v1/recommendation/product_to_products",
                "{\"product_id\": [\"tmdb-286217\"], \"rows\": 3, \"boost_fq\": \"categories:Thriller\", \"fl\":[\"categories\"]}");
        ok(boosted);
        JsonNode bp = boosted.json().get("data").get("products");
        assertEquals("[[\"Thriller\"]]", bp.get(0).get("categories").toString(), bp.toString());
        assertTrue(ids(bp).contains("tmdb-281957"), "not a filter: " + bp);
        // engine_id: a recommender of the service when one has that name, else ignored
        Response engine = post("boost", "/v1/recommendation/user_to_products",
                "{\"user_id\":\"u3\",\"engine_id\":\"PopularRecommender\"}");
        ok(engine);
        assertTrue(engine.json().get("data").get("miso_id").asText().startsWith("PopularRecommender:"), engine.toString());
        Response unknown = post("boost", "/v1/recommendation/user_to_products",
                "{\"user_id\":\"u3\",\"rows\":3,\"engine_id\":\"a-miso-engine-id\"}");
        ok(unknown);
        assertEquals(ids(scored.json().get("data").get("products")), ids(unknown.json().get("data").get("products")));
    }

    // --- products and users ----------------------------------------------------------------------------

    @Test
    void productUploadAndDeleteAnswerTaskIdsWhoseStatusIsFinal() {
        Response up = post("catalog", "/v1/products", "{\"data\":[{\"product_id\":\"arizona-ginseng-honey\","
                + "\"title\":\"Arizona, Green Tea with Ginseng & Honey\",\"price\":1.99},{\"product_id\":\"cat/42\"}]}");
        ok(up);
        String task = up.json().get("data").get("task_id").asText();
        Response status = send("catalog", "GET", "/v1/products/_status/" + task, null, MisoApiTest.key("catalog"), null);
        ok(status);
        assertEquals(task, status.json().get("data").get("task_id").asText());
        assertEquals("finished", status.json().get("data").get("status").asText());
        assertEquals(2, status.json().get("data").get("products").asInt(), status.toString());
        assertEquals(404, send("catalog", "GET", "/v1/products/_status/no-such-task", null, MisoApiTest.key("catalog"), null).status());
        // {"message": "deleted", "data": {"task_id": "{task_id}"}}
        Response bulk = post("catalog", "/v1/products/_delete", "{\"data\":{\"product_ids\":[\"cat/42\"]}}");
        assertEquals(200, bulk.status());
        assertEquals("deleted", bulk.json().get("message").asText());
        assertTrue(bulk.json().get("data").get("task_id").isTextual(), bulk.toString());
        Response del = send("catalog", "DELETE", "/v1/products/arizona-ginseng-honey", null, MisoApiTest.key("catalog"), null);
        assertEquals(200, del.status(), del.toString());
        assertEquals("deleted", del.json().get("message").asText());
        assertEquals(404, send("catalog", "GET", "/v1/products/arizona-ginseng-honey", null, MisoApiTest.key("catalog"), null).status());
        assertEquals(404, send("catalog", "DELETE", "/v1/products/arizona-ginseng-honey", null, MisoApiTest.key("catalog"), null).status());
        assertEquals(403, send("catalog", "DELETE", "/v1/products/x", null, MisoApiTest.publishable("catalog"), null).status());
    }

    @Test
    void usersAreUploadedWholeOrNotAtAllReadAndDeleted() {
        // the reference's user record
        String record = """
                {"user_id": "user_1234", "created_at": "2023-11-07T05:31:56Z", "updated_at": "2023-11-07T05:31:56Z",
                 "name": "John Doe", "profile_image": "https://example.com/p.png", "age": 33, "gender": "M",
                 "city": "Mountain View", "state": "California", "country": "US", "group_id": "Northwind Corp",
                 "description": "Engineer from Northwind Corp",
                 "custom_attributes": {"acquisition_channel": "Facebook Campaign 2020", "declared_interests": ["Drama", "Romance"]}}""";
        Response up = post("users", "/v1/users", "{\"data\": [" + record + "]}");
        ok(up);
        assertTrue(up.json().get("data").get("task_id").isTextual(), up.toString());
        ok(send("users", "GET", "/v1/users/_status/" + up.json().get("data").get("task_id").asText(), null,
                MisoApiTest.key("users"), null));
        Response read = send("users", "GET", "/v1/users/user_1234", null, MisoApiTest.key("users"), null);
        ok(read);
        assertEquals("John Doe", read.json().get("data").get("name").asText());
        assertEquals("[\"Drama\",\"Romance\"]",
                read.json().get("data").get("custom_attributes").get("declared_interests").toString());
        // {"errors": true, "data": ["data.0.user_id is invalid. ..."]}, and nothing of the request is stored
        Response bad = post("users", "/v1/users", "{\"data\": [{\"user_id\": \"fine\"}, {\"user_id\": 42},"
                + " {\"user_id\": \"x\", \"created_at\": \"last tuesday\"}]}");
        assertEquals(422, bad.status(), bad.toString());
        assertTrue(bad.json().get("errors").asBoolean());
        assertTrue(bad.json().get("data").get(0).asText().startsWith("data.1.user_id is invalid"), bad.toString());
        assertTrue(bad.json().get("data").get(1).asText().startsWith("data.2.created_at is invalid"), bad.toString());
        assertEquals(404, send("users", "GET", "/v1/users/fine", null, MisoApiTest.key("users"), null).status());
        // a record replaces the whole earlier one
        ok(post("users", "/v1/users", "{\"data\": [{\"user_id\": \"user_1234\", \"city\": \"Oslo\"}]}"));
        assertEquals("{\"user_id\":\"user_1234\",\"city\":\"Oslo\"}",
                send("users", "GET", "/v1/users/user_1234", null, MisoApiTest.key("users"), null).json().get("data").toString());
        // personal data: not with a publishable key
        assertEquals(403, send("users", "GET", "/v1/users/user_1234", null, MisoApiTest.publishable("users"), null).status());
        assertEquals(403, send("users", "POST", "/v1/users", "{\"data\":[{\"user_id\":\"a\"}]}",
                MisoApiTest.publishable("users"), null).status());
        Response del = send("users", "DELETE", "/v1/users/user_1234", null, MisoApiTest.key("users"), null);
        assertEquals(200, del.status(), del.toString());
        assertEquals(404, send("users", "GET", "/v1/users/user_1234", null, MisoApiTest.key("users"), null).status());
        ok(post("users", "/v1/users", "{\"data\": [{\"user_id\": \"a\"}, {\"user_id\": \"b\"}]}"));
        Response many = post("users", "/v1/users/_delete", "{\"data\":{\"user_ids\":[\"a\",\"b\",\"c\"]}}");
        assertEquals(2, many.json().get("data").get("deleted").asInt(), many.toString());
    }

    // --- interactions -----------------------------------------------------------------------------------

    @Test
    void timestampsInTheFormsMisoAcceptsAreReadAndNonsenseIsA422NamingTheField() {
        Response r = post("times", "/v1/interactions", "{\"data\":["
                + "{\"type\":\"product_detail_page_view\",\"user_id\":\"t\",\"product_ids\":[\"a\"],\"timestamp\":\"2021-08-24T15:15:22+01:00\"},"
                + "{\"type\":\"product_detail_page_view\",\"user_id\":\"t\",\"product_ids\":[\"b\"],\"timestamp\":\"2021-08-24T14:15:22.123456Z\"},"
                + "{\"type\":\"product_detail_page_view\",\"user_id\":\"t\",\"product_ids\":[\"c\"],\"timestamp\":\"2021-08-24 14:15:22\"}]}");
        ok(r);
        // all three fall within that second (UTC): the stats of it count them
        Response stats = server.get("/recapi/1.0/stats/times?from=2021-08-24T14:15:22Z&to=2021-08-24T14:15:23Z");
        assertEquals(3, stats.json().get("what").get("BROWSE").asInt(), stats.toString());
        Response bad = post("times", "/v1/interactions", "{\"data\":["
                + "{\"type\":\"product_detail_page_view\",\"user_id\":\"t\",\"product_ids\":[\"a\"]},"
                + "{\"type\":\"product_detail_page_view\",\"user_id\":\"t\",\"product_ids\":[\"a\"],\"timestamp\":\"24/08/2021 14:15\"}]}");
        assertEquals(422, bad.status(), bad.toString());
        assertTrue(bad.json().get("data").get(0).asText().startsWith("data.1.timestamp is invalid"), bad.toString());
    }

    @Test
    void statsCountAnInteractionWithoutProductsOnce() {
        interactions("stats", "{\"type\":\"home_page_view\",\"anonymous_id\":\"v-1\"}",
                "{\"type\":\"home_page_view\",\"user_id\":\"u-1\"}", view("u-1", "a", "b"));
        Response stats = server.get("/recapi/1.0/stats/stats");
        assertEquals(200, stats.status());
        assertEquals(2, stats.json().get("what").get("HOME_PAGE_VIEW").asInt(), stats.toString());
        assertEquals(2, stats.json().get("what").get("BROWSE").asInt(), "entity-events still: " + stats);
    }
}
