package io.anbefal.e2e.crec;

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
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An A/B test end to end in real Chromium: visitors (one browser context each) get recommendations through the
 * crec script's {@code recommend} command, the page marks them with the answer's origin (which names the
 * variant), the script reports the exposures and the clicks, and {@code GET /recapi/1.0/stats} counts them per
 * variant. Visitors of variant B click the first recommendation, visitors of A click nothing.
 */
class ExperimentIT {

    private static final String SERVICE = "abtest";
    private static final String USER = "ab";
    private static final String PASSWORD = "ab-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static AnbefalServer server;
    private static HttpServer pages;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "experiment-e2e");
        server = AnbefalServer.start(AnbefalServer.Settings.forTest(data));
        pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pages.createContext("/", exchange -> {
            byte[] body = page(exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        pages.start();
        server.anbefal().services().add(SERVICE, USER, PASSWORD,
                List.of("http://localhost:" + pages.getAddress().getPort()));
        chromium = new Chromium();
        // three popular items, and the experiment: Popular (A) against ProductForCustomer (B), whose cold start
        // falls back to Popular under B's label
        JsonNode ok = send("POST", "/recapi/1.0/update", "{\"service\":\"" + SERVICE + "\",\"updates\":["
                + "{\"customer\":\"c1\",\"entityIDs\":[\"red\",\"blue\"],\"what\":\"PURCHASE\"},"
                + "{\"customer\":\"c2\",\"entityIDs\":[\"red\",\"green\"],\"what\":\"PURCHASE\"},"
                + "{\"customer\":\"c3\",\"entityIDs\":[\"red\"],\"what\":\"PURCHASE\"}]}");
        assertTrue(ok.get("statusOK").asBoolean(), ok.toString());
        JsonNode set = send("PUT", "/recapi/1.0/settings/" + SERVICE, """
                {"experiment.home.placement": "PopularRecommender", "experiment.home.variants": "A,B",
                 "experiment.home.variant.B.recommender": "ProductForCustomerRecommender"}""");
        assertTrue(set.get("statusOK").asBoolean(), set.toString());
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

    static String api() {
        return "http://localhost:" + server.port();
    }

    static JsonNode send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api() + path)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    /** The home page asks the script for two recommendations and marks each with the answer's origin. */
    static String page(String path) {
        String tag = "<script type=\"application/javascript\" async=\"true\" src=\"" + api()
                + "/ajaxrecapi/1.0/crec?service=" + SERVICE + "\"></script>";
        String body = path.equals("/target") ? "<p>target</p>" : """
                <div id="recs"></div>
                <script>
                sannsyn.push(['recommend', {recommender: 'PopularRecommender', num: 2}, function (r) {
                  var html = '';
                  r.result.forEach(function (id) {
                    html += '<div data-sannsyn-recommendation="' + id + '" data-sannsyn-recommender-ID="' + r.origin
                      + '" style="height:150px"><a class="go" href="/target">' + id + '</a></div>';
                  });
                  var recs = document.getElementById('recs');
                  recs.innerHTML = html;
                  recs.setAttribute('data-origin', r.origin);
                }]);
                </script>""";
        return "<!doctype html><html><head><meta charset=\"utf-8\"><script>window.sannsyn=window.sannsyn||[];</script>"
                + tag + "</head><body style=\"margin:0\">" + body + "</body></html>";
    }

    /** Exposures and clicks the server counted for one origin. */
    static long[] counted(String origin) {
        return server.anbefal().stats(server.anbefal().service(SERVICE), 0, Long.MAX_VALUE).perOrigin().stream()
                .filter(o -> o.origin().equals(origin)).findFirst()
                .map(o -> new long[] {o.exposures(), o.clicks()}).orElse(new long[2]);
    }

    static void await(BooleanSupplier condition, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < end) {
            Thread.sleep(100);
        }
    }

    @Test
    void clicksRecordedThroughTheCrecScriptAreCountedPerVariant() throws Exception {
        Map<String, Integer> visitors = new HashMap<>(Map.of("A", 0, "B", 0));
        Map<String, String> origins = new HashMap<>();
        // new visitors until each variant has had three (a visitor's variant is a hash of its random id)
        for (int n = 0; n < 40 && (visitors.get("A") < 3 || visitors.get("B") < 3); n++) {
            try (BrowserContext context = chromium.browser().newContext(
                    new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1200, 800))) {
                Page page = context.newPage();
                page.navigate("http://localhost:" + pages.getAddress().getPort() + "/home");
                page.waitForSelector("#recs[data-origin]");
                String origin = page.getAttribute("#recs", "data-origin");
                String variant = origin.substring(origin.length() - 1);
                assertTrue(origin.equals("PopularRecommender@home/" + variant), origin);
                assertEquals(2, page.locator("[data-sannsyn-recommendation]").count());
                origins.put(variant, origin);
                long[] before = counted(origin);
                // both recommendations are in view: exposed after a second, then sent
                await(() -> {
                    page.evaluate("() => window.sannsyn.push(['flush'])");
                    return counted(origin)[0] >= before[0] + 2;
                }, 10_000);
                assertEquals(before[0] + 2, counted(origin)[0], "two exposures for the visitor in " + variant);
                if (variant.equals("B")) {
                    page.click("a.go");
                    page.waitForURL("**/target");
                    await(() -> counted(origin)[1] >= before[1] + 1, 10_000);
                    assertEquals(before[1] + 1, counted(origin)[1], "one click for the visitor in B");
                }
                visitors.merge(variant, 1, Integer::sum);
                Chromium.screenshot(page, "experiment-" + n);
            }
        }
        int a = visitors.get("A");
        int b = visitors.get("B");
        assertTrue(a >= 3 && b >= 3, "visitors per variant: " + visitors);
        JsonNode stats = send("GET", "/recapi/1.0/stats/" + SERVICE, null);
        JsonNode home = stats.get("experiments").get(0);
        assertEquals("home", home.get("name").asText());
        JsonNode va = home.get("variants").get(0);
        JsonNode vb = home.get("variants").get(1);
        assertEquals("A", va.get("variant").asText());
        assertEquals(2L * a, va.get("exposures").asLong(), stats.toString());
        assertEquals(0, va.get("clicks").asLong(), stats.toString());
        assertEquals("B", vb.get("variant").asText());
        assertEquals(2L * b, vb.get("exposures").asLong(), stats.toString());
        assertEquals(b, vb.get("clicks").asLong(), stats.toString());
        assertEquals(0.5, vb.get("ctr").asDouble(), 1e-9);
        assertEquals(0.5, home.get("comparisons").get(0).get("difference").asDouble(), 1e-9);
        System.out.println("experiment e2e: " + a + " visitors in A, " + b + " in B; " + home);
    }
}
