package io.anbefal.e2e.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.HttpCredentials;
import io.anbefal.AnbefalServer;
import io.anbefal.e2e.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's dashboard in real Chromium against a real server over a real H2 file: after a scripted session of
 * exposures and clicks, the page shows what {@code GET /recapi/1.0/stats} answers for the same range.
 */
class AdminIT {

    private static final String SERVICE = "shoeshop";
    private static final String USER = "operator";
    private static final String PASSWORD = "operator-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static AnbefalServer server;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "admin-e2e");
        server = AnbefalServer.start(AnbefalServer.Settings.forTest(data));
        server.anbefal().services().add(SERVICE, USER, PASSWORD, List.of("https://shoes.example"));
        server.anbefal().services().add("rival", "rival", "rival-password", List.of());
        server.anbefal().configure(server.anbefal().service(SERVICE), "category-tag", "itemcat");
        server.anbefal().configure(server.anbefal().service(SERVICE), "crec.secret", "a-secret-the-page-must-not-show");
        // the two recommenders are an experiment's variants: their origins carry the variant (R@pdp/A, R@pdp/B)
        server.anbefal().configure(server.anbefal().service(SERVICE), Map.of(
                "recommender.TopSellersRecommender.type", "PopularRecommender",
                "experiment.pdp.placement", "ItemToItemRecommender", "experiment.pdp.variants", "A,B",
                "experiment.pdp.variant.B.recommender", "TopSellersRecommender"));
        session();
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Four hours of a shop: views, exposures of two recommenders' lists, clicks on some, a few purchases. */
    static void session() throws Exception {
        Random random = new Random(16);
        long now = System.currentTimeMillis() / 1000;
        String[] recommenders = {"ItemToItemRecommender@pdp/A", "TopSellersRecommender@pdp/B"};
        List<String> updates = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            long time = now - 4 * 3600 + i * 60L;
            String customer = "c" + random.nextInt(30);
            String rec = recommenders[random.nextInt(2)];
            String shown = "shoe-" + random.nextInt(12);
            String other = "shoe-" + (12 + random.nextInt(12));
            updates.add(update(customer, "BROWSE", null, time, "shoe-" + random.nextInt(24)));
            updates.add(update(customer, "RECEXPOSURE", rec, time, shown, other));
            if (random.nextInt(rec.startsWith("Item") ? 4 : 8) == 0) {
                updates.add(update(customer, "RECCLICK", rec, time + 5, shown));
                if (random.nextBoolean()) {
                    updates.add(update(customer, "PURCHASE", null, time + 30, shown));
                }
            }
        }
        for (int from = 0; from < updates.size(); from += 100) {
            String body = "{\"service\":\"" + SERVICE + "\",\"updates\":["
                    + String.join(",", updates.subList(from, Math.min(updates.size(), from + 100))) + "]}";
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api() + "/recapi/1.0/update"))
                    .header("Authorization", basic()).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
        }
    }

    private static String update(String customer, String what, String origin, long time, String... items) {
        return "{\"customer\":\"" + customer + "\",\"entityIDs\":[\"" + String.join("\",\"", items) + "\"],\"what\":\""
                + what + "\"" + (origin == null ? "" : ",\"origin\":\"" + origin + "\"") + ",\"where\":\"web\""
                + ",\"time\":" + time + "}";
    }

    static String api() {
        return "http://localhost:" + server.port();
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api() + path))
                .header("Authorization", basic()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void thePageShowsWhatTheStatsApiSaysForTheSameRange() throws Exception {
        List<String> errors = new ArrayList<>();
        try (BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions()
                .setViewportSize(1280, 900).setHttpCredentials(new HttpCredentials(USER, PASSWORD)))) {
            Page page = context.newPage();
            page.onConsoleMessage(m -> {
                if ("error".equals(m.type())) {
                    errors.add(m.text());
                }
            });
            page.onPageError(errors::add);
            page.navigate(api() + "/admin?service=" + SERVICE + "&range=21600&live=0");
            page.waitForFunction("() => document.body.dataset.loaded || document.getElementById('error').textContent");
            assertEquals("", page.textContent("#error"));
            assertEquals(List.of(SERVICE), page.evalOnSelectorAll("#service option", "os => os.map(o => o.value)"),
                    "the operator's credentials open this service only");

            String range = page.getAttribute("body", "data-shown");
            JsonNode stats = get("/recapi/1.0/stats/" + SERVICE + "?" + range);
            assertTrue(stats.get("what").get("RECEXPOSURE").asLong() > 0, stats.toString());
            Iterator<Map.Entry<String, JsonNode>> whats = stats.get("what").fields();
            int whatCount = 0;
            while (whats.hasNext()) {
                Map.Entry<String, JsonNode> w = whats.next();
                assertEquals(w.getValue().asText(), page.textContent("[data-key='what:" + w.getKey() + "']"), w.getKey());
                whatCount++;
            }
            assertEquals(whatCount, page.locator("#whatTable tbody tr").count());
            assertEquals(2, stats.get("recommenders").size(), stats.toString());
            for (JsonNode r : stats.get("recommenders")) {
                String origin = r.get("origin").asText();
                assertEquals(r.get("exposures").asText(), page.textContent("[data-key='exposures:" + origin + "']"));
                assertEquals(r.get("clicks").asText(), page.textContent("[data-key='clicks:" + origin + "']"));
                assertEquals(String.format(java.util.Locale.ROOT, "%.2f %%", 100 * r.get("ctr").asDouble()),
                        page.textContent("[data-key='ctr:" + origin + "']"));
            }
            // the experiment's table: each variant's counts as the stats say, B against the control A
            JsonNode pdp = stats.get("experiments").get(0);
            assertEquals(2, page.locator("#expTable tbody tr").count());
            for (JsonNode v : pdp.get("variants")) {
                String label = v.get("label").asText();
                assertEquals(v.get("exposures").asText(), page.textContent("[data-key='exp-exposures:" + label + "']"));
                assertEquals(v.get("clicks").asText(), page.textContent("[data-key='exp-clicks:" + label + "']"));
            }
            JsonNode c = pdp.get("comparisons").get(0);
            assertTrue(c.get("ci95").get(0).asDouble() < c.get("difference").asDouble(), c.toString());
            assertEquals(String.format(java.util.Locale.ROOT, "%.2f %% to %.2f %%", 100 * c.get("ci95").get(0).asDouble(),
                    100 * c.get("ci95").get(1).asDouble()), page.textContent("[data-key='exp-ci95:pdp/B']"));
            assertEquals(c.get("neededExposuresPerVariant").asText(), page.textContent("[data-key='exp-needed:pdp/B']"));
            assertEquals("control", page.textContent("[data-key='exp-verdict:pdp/A']"));
            assertTrue(page.textContent("#expMethod").contains("normal approximation"));
            JsonNode status = get("/recapi/1.0/servicestatus/" + SERVICE);
            assertEquals(status.get("numEntities").asText(), page.textContent("#numEntities"));
            assertEquals(status.get("numCustomers").asText(), page.textContent("#numCustomers"));

            JsonNode activity = get("/recapi/1.0/activity/" + SERVICE + "?" + range + "&buckets=48&top=10&tail=20");
            assertEquals(activity.get("topExposed").get(0).get("id").asText(),
                    page.textContent("#topExposed tbody tr:first-child td:first-child"));
            assertEquals(activity.get("topClicked").get(0).get("count").asText(),
                    page.textContent("#topClicked tbody tr:first-child td:nth-child(2)"));
            assertEquals(20, page.locator("#recent tbody tr").count());
            // the charts are Chart.js's, fed with the API's series: each what's points add up to its count
            Object sums = page.evaluate("() => Object.fromEntries(Chart.getChart('seriesChart').data.datasets"
                    + ".map(d => [d.label, d.data.reduce((a, b) => a + b, 0)]))");
            @SuppressWarnings("unchecked")
            Map<String, Object> perWhat = (Map<String, Object>) sums;
            assertEquals(whatCount, perWhat.size(), perWhat.toString());
            for (Map.Entry<String, Object> e : perWhat.entrySet()) {
                assertEquals(stats.get("what").get(e.getKey()).asLong(), ((Number) e.getValue()).longValue(), e.getKey());
            }
            assertEquals(3, ((Number) page.evaluate("() => Chart.getChart('recChart').data.datasets.length")).intValue());
            assertEquals("itemcat", page.textContent("#settings tbody tr:first-child td:nth-child(2)"));
            assertFalse(page.content().contains("a-secret-the-page-must-not-show"));
            assertEquals("https://shoes.example", page.textContent("#origins li"));

            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("..", "docs", "admin.png")).setFullPage(true));
        }
        assertEquals(List.of(), errors, "console errors");
    }

    @Test
    void withoutCredentialsThePageAsksForThem() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api() + "/admin")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        try (BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions()
                .setHttpCredentials(new HttpCredentials("rival", "rival-password")))) {
            Page page = context.newPage();
            page.navigate(api() + "/admin?service=" + SERVICE + "&live=0");
            page.waitForFunction("() => document.body.dataset.loaded || document.getElementById('error').textContent");
            assertEquals(List.of("rival"), page.evalOnSelectorAll("#service option", "os => os.map(o => o.value)"),
                    "another service's user sees only that service, even when the URL names another");
        }
    }
}
