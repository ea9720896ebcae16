package io.anbefal.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shop's routes over real HTTP, on a Helidon server started the way the server's shop listener runs it. */
class DemoShopHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicReference<Supplier<String>> STATS = new AtomicReference<>();
    private static WebServer server;
    private static HttpClient http;
    private static String base;

    @BeforeAll
    static void start() {
        DemoShop shop = new DemoShop(new DemoShop.Settings("http://localhost:8080", "demo", () -> STATS.get().get()));
        server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(shop::routing).build().start();
        base = "http://127.0.0.1:" + server.port();
        http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String type, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertJsonError(HttpResponse<String> res, int status) throws IOException {
        assertEquals(status, res.statusCode(), res.body());
        assertTrue(res.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        JsonNode body = JSON.readTree(res.body());
        assertFalse(body.get("statusOK").asBoolean());
        assertFalse(body.get("text").asText().isBlank());
    }

    @Test
    void everyPageIsHtmlWithTheCrecTag() throws Exception {
        String product = Catalog.standard().products().get(3).id();
        for (String path : new String[] {"/", "/c/coffee", "/p/" + product, "/cart", "/checkout", "/signin", "/stats"}) {
            HttpResponse<String> res = get(path);
            assertEquals(200, res.statusCode(), path);
            assertTrue(res.headers().firstValue("content-type").orElse("").startsWith("text/html"), path);
            assertTrue(res.body().contains("src=\"http://localhost:8080/ajaxrecapi/1.0/crec?service=demo\""), path);
        }
    }

    @Test
    void signInSetsTheCookieAndTheEuid() throws Exception {
        SampleCustomer who = DemoSeed.sampleCustomers().get(1);
        HttpResponse<String> res = post("/signin", "application/x-www-form-urlencoded",
                "customer=" + who.id() + "&return=%2Fcart");
        assertEquals(303, res.statusCode());
        assertEquals("/cart", res.headers().firstValue("location").orElseThrow());
        String cookie = res.headers().firstValue("set-cookie").orElseThrow();
        assertTrue(cookie.startsWith(DemoShop.CUSTOMER_COOKIE + "=" + who.id()), cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);

        HttpResponse<String> page = get("/cart", "Cookie", DemoShop.CUSTOMER_COOKIE + "=" + who.id());
        assertTrue(page.body().contains("crec?service=demo&euid=" + who.id() + "\""), page.body());
        assertTrue(page.body().contains("data-customer=\"" + who.id() + "\""));

        HttpResponse<String> out = post("/signout", "application/x-www-form-urlencoded", "return=/");
        assertEquals(303, out.statusCode());
        String cleared = out.headers().firstValue("set-cookie").orElseThrow();
        assertTrue(cleared.contains("Expires=Thu, 1 Jan 1970"), cleared);
    }

    @Test
    void aForgedCookieIsAnonymous() throws Exception {
        HttpResponse<String> page = get("/", "Cookie", DemoShop.CUSTOMER_COOKIE + "=somebody-else");
        assertFalse(page.body().contains("euid="));
    }

    @Test
    void badSignInsAreJsonErrors() throws Exception {
        assertJsonError(post("/signin", "application/x-www-form-urlencoded", "customer=nobody"), 400);
        assertJsonError(post("/signin", "application/x-www-form-urlencoded", ""), 400);
        assertJsonError(post("/signin", "application/json", "{\"customer\":\"cust-0001\"}"), 415);
        assertJsonError(post("/signin", "application/x-www-form-urlencoded", "customer=%zz"), 400);
    }

    @Test
    void signInNeverRedirectsOffSite() throws Exception {
        String id = DemoSeed.sampleCustomers().getFirst().id();
        HttpResponse<String> res = post("/signin", "application/x-www-form-urlencoded",
                "customer=" + id + "&return=%2F%2Fevil.example%2F");
        assertEquals("/", res.headers().firstValue("location").orElseThrow());
    }

    @Test
    void unknownThingsAre404() throws Exception {
        assertJsonError(get("/p/nope"), 404);
        assertJsonError(get("/c/nope"), 404);
        assertJsonError(get("/img/nope.svg"), 404);
        assertJsonError(get("/static/nope.js"), 404);
        HttpResponse<String> page = get("/p/nope", "Accept", "text/html");
        assertEquals(404, page.statusCode());
        assertTrue(page.body().contains("There is no product nope."));
    }

    @Test
    void imagesAreSvgPerProduct() throws Exception {
        var products = Catalog.standard().products();
        HttpResponse<String> a = get("/img/" + products.get(0).id() + ".svg");
        HttpResponse<String> b = get("/img/" + products.get(60).id() + ".svg");
        assertEquals(200, a.statusCode());
        assertEquals("image/svg+xml", a.headers().firstValue("content-type").orElseThrow());
        assertTrue(a.body().startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assertTrue(a.body().endsWith("</svg>"));
        assertFalse(a.body().equals(b.body()));
        String etag = a.headers().firstValue("etag").orElseThrow();
        assertEquals(304, get("/img/" + products.get(0).id() + ".svg", "If-None-Match", etag).statusCode());
    }

    @Test
    void catalogJsonListsEveryProduct() throws Exception {
        HttpResponse<String> res = get("/catalog.json");
        assertEquals(200, res.statusCode());
        JsonNode root = JSON.readTree(res.body());
        assertEquals(Catalog.standard().products().size(), root.get("products").size());
        JsonNode first = root.get("products").get(0);
        assertEquals("/p/" + first.get("id").asText(), first.get("url").asText());
        assertTrue(first.get("price").asInt() > 0);
    }

    @Test
    void staticAssetsAreServed() throws Exception {
        HttpResponse<String> js = get("/static/shop.js");
        assertEquals(200, js.statusCode());
        assertTrue(js.headers().firstValue("content-type").orElseThrow().startsWith("text/javascript"));
        assertTrue(js.body().contains("data-sannsyn-recommender-ID"));
        assertEquals(200, get("/static/shop.css").statusCode());
        assertEquals(200, get("/static/stats.js").statusCode());
    }

    @Test
    void statsJsonPassesTheSupplierThrough() throws Exception {
        String stats = "{\"service\":\"demo\",\"what\":{\"BROWSE\":3},\"recommenders\":"
                       + "[{\"origin\":\"ItemToItemRecommender\",\"exposures\":10,\"clicks\":2,\"ctr\":0.2}]}";
        STATS.set(() -> stats);
        HttpResponse<String> res = get("/stats.json");
        assertEquals(200, res.statusCode());
        assertEquals(stats, res.body());
        assertEquals("no-store", res.headers().firstValue("cache-control").orElseThrow());

        STATS.set(() -> {
            throw new IllegalStateException("the API answered 401");
        });
        HttpResponse<String> failed = get("/stats.json");
        assertJsonError(failed, 503);
        assertTrue(failed.body().contains("401"));
    }
}
