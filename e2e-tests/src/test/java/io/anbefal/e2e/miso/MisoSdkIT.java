package io.anbefal.e2e.miso;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import io.anbefal.AnbefalServer;
import io.anbefal.e2e.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Miso's own browser SDK, {@code @miso.ai/client-sdk} 1.3.0 from the npm registry (installed by this module's build
 * from {@code npm/package-lock.json}), unchanged, in real Chromium on a page of another origin, pointed at a real
 * server's {@code /v1} with a publishable key: every API group the SDK offers (interactions, recommendation, search),
 * each call, one at a time and in the SDK's bulk mode.
 */
class MisoSdkIT {

    private static final String SERVICE = "miso-sdk";
    private static final String SECRET = "miso-sdk-secret-0123456789abcdef";
    private static final String PUBLISHABLE = "miso-sdk-public-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static AnbefalServer server;
    private static HttpServer pages;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        Path sdk = Path.of(System.getProperty("miso.sdk", "npm/node_modules/@miso.ai/client-sdk/dist/umd/miso.min.js"));
        assertTrue(Files.isRegularFile(sdk), "the SDK is installed by the build (npm ci in e2e-tests/npm): " + sdk);
        byte[] script = Files.readAllBytes(sdk);
        Path data = Files.createTempDirectory(Path.of("target"), "miso-e2e");
        server = AnbefalServer.start(AnbefalServer.Settings.forTest(data));
        pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pages.createContext("/", exchange -> {
            boolean js = exchange.getRequestURI().getPath().equals("/miso.min.js");
            byte[] body = js ? script : ("<!doctype html><html><head><meta charset=\"utf-8\">"
                    + "<script src=\"/miso.min.js\"></script></head><body><p>shop</p></body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", js ? "application/javascript" : "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        pages.start();
        server.anbefal().services().add(SERVICE, "miso", "miso-password", List.of(origin()));
        server.anbefal().services().setApiKey(SERVICE, SECRET);
        server.anbefal().services().setPublishableKey(SERVICE, PUBLISHABLE);
        // the shop's server uploads the catalog with the secret key
        HttpResponse<String> up = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api() + "/v1/products"))
                .header("X-API-KEY", SECRET).POST(HttpRequest.BodyPublishers.ofString("""
                        {"data":[
                         {"product_id":"jeans-1","title":"Slim jeans","brand":"Acme","categories":[["Men","Jeans"]]},
                         {"product_id":"jeans-2","title":"Wide jeans","brand":"Acme","categories":[["Men","Jeans"]]},
                         {"product_id":"shirt-1","title":"Linen shirt","brand":"Other","categories":[["Men","Shirts"]]}]}"""))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, up.statusCode(), up.body());
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (pages != null) {
            pages.stop(0);
        }
        if (server != null) {
            server.close();
        }
    }

    static String origin() {
        return "http://localhost:" + pages.getAddress().getPort();
    }

    static String api() {
        return "http://localhost:" + server.port();
    }

    /** Runs the script (the body of an async function of {@code client}) in the page; its JSON result. */
    static JsonNode run(Page page, String body) throws Exception {
        Object out = page.evaluate("async ([key, host]) => {\n"
                + "  const client = new MisoClient({apiKey: key, apiHost: host + '/v1'});\n"
                + "  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('unsettled after 20 s')), 20000));\n"
                + "  const work = (async () => {" + body + "})();\n"
                + "  return JSON.stringify(await Promise.race([work, timeout]));\n"
                + "}", List.of(PUBLISHABLE, api()));
        return JSON.readTree((String) out);
    }

    static List<String> ids(JsonNode products) {
        List<String> out = new ArrayList<>();
        products.forEach(p -> out.add(p.get("product_id").asText()));
        return out;
    }

    @Test
    void everyApiGroupOfTheSdkWorksUnchangedOneCallAtATimeAndInBulk() throws Exception {
        try (BrowserContext context = chromium.browser().newContext()) {
            Page page = context.newPage();
            List<String> failed = new ArrayList<>();
            page.onRequestFailed(r -> failed.add(r.url() + " " + r.failure()));
            page.navigate(origin() + "/");
            try {
                JsonNode out = run(page, """
                        const out = {};
                        out.upload = await client.api.interactions.upload([
                          {type: 'product_detail_page_view', product_ids: ['jeans-1']},
                          {type: 'add_to_cart', product_ids: ['jeans-2']}]);
                        out.userToProducts = await client.api.recommendation.userToProducts({rows: 3, fl: ['title']});
                        out.productToProducts = await client.api.recommendation.productToProducts({product_id: 'jeans-1', rows: 2});
                        out.userToTrending = await client.api.recommendation.userToTrending({rows: 3});
                        out.userToCategories = await client.api.recommendation.userToCategories({rows: 2, products_per_category: 2});
                        out.userToAttributes = await client.api.recommendation.userToAttributes({field: 'brand', rows: 2});
                        out.userToHistory = await client.api.recommendation.userToHistory({rows: 5});
                        out.search = await client.api.search.search({q: 'jeans', fl: ['title']});
                        out.autocomplete = await client.api.search.autocomplete({q: 'sli'});
                        out.mget = await client.api.search.mget({product_ids: ['shirt-1', 'nothing']});
                        out.bulk = await Promise.all([
                          client.api.recommendation.userToHistory({rows: 5}, {bulk: true}),
                          client.api.search.mget({product_ids: ['jeans-2']}, {bulk: true}),
                          client.api.interactions.upload([{type: 'home_page_view'}], {bulk: true})]);
                        try {
                          await client.api.recommendation.productToProducts({rows: 2}, {bulk: true});
                          out.bulkError = 'resolved';
                        } catch (e) {
                          out.bulkError = e.status_code;
                        }
                        return out;""");
                assertEquals(2, out.get("upload").get("stored").asInt(), out.toString());
                assertEquals(List.of("jeans-1", "jeans-2"), ids(out.get("userToProducts").get("products")).stream().sorted().toList(),
                        "the catalog's products anyone interacted with: " + out);
                assertTrue(out.get("userToProducts").get("products").get(0).has("title"), out.toString());
                assertTrue(ids(out.get("productToProducts").get("products")).contains("jeans-2"), out.toString());
                assertTrue(out.get("userToTrending").get("products").size() >= 1, out.toString());
                assertEquals("[\"Men\",\"Jeans\"]", out.get("userToCategories").get("categories").get(0).get("category").toString(),
                        out.toString());
                assertTrue(out.get("userToAttributes").get("attributes").size() >= 1, out.toString());
                assertEquals(List.of("jeans-2", "jeans-1"), ids(out.get("userToHistory").get("products")), out.toString());
                assertEquals(List.of("jeans-1", "jeans-2"), ids(out.get("search").get("products")).stream().sorted().toList());
                assertEquals("Slim jeans", out.get("autocomplete").get("completions").get("title").get(0).get("text").asText());
                assertEquals("title", out.get("autocomplete").get("completions").get("title").get(0).get("type").asText());
                assertEquals(List.of(true, false), List.of(out.get("mget").get("products").get(0).get("_found").asBoolean(),
                        out.get("mget").get("products").get(1).get("_found").asBoolean()));
                JsonNode bulk = out.get("bulk");
                assertEquals(List.of("jeans-2", "jeans-1"), ids(bulk.get(0).get("products")), bulk.toString());
                assertEquals("jeans-2", bulk.get(1).get("products").get(0).get("product_id").asText(), bulk.toString());
                assertEquals(1, bulk.get(2).get("stored").asInt(), bulk.toString());
                assertEquals(422, out.get("bulkError").asInt(), "a failed call in bulk rejects its own promise: " + out);
                assertEquals(List.of(), failed, "no request of the page failed (CORS included)");
            } finally {
                Chromium.screenshot(page, "miso-sdk");
            }
        }
    }
}
