package io.anbefal.e2e.crec;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import io.anbefal.AnbefalServer;
import io.anbefal.e2e.Chromium;
import io.anbefal.store.Stats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The crec script in real Chromium, on a page served from another origin than the API, against a real server
 * over a real H2 file. Each test uses its own recommender name, so the server's statistics tell them apart.
 */
class CrecIT {

    private static final String SERVICE = "e2e";
    private static AnbefalServer server;
    private static HttpServer pages;
    private static Chromium chromium;
    private BrowserContext context;
    private Page page;

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "crec-e2e");
        server = AnbefalServer.start(AnbefalServer.Settings.forTest(data));
        pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pages.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            byte[] body = page(path.substring(1), query == null ? "" : query).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        pages.start();
        server.anbefal().services().add(SERVICE, "e2e", "e2e-password", List.of(origin()));
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

    @BeforeEach
    void open() {
        context = chromium.browser().newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(1200, 800));
        page = context.newPage();
    }

    @AfterEach
    void close(TestInfo test) {
        if (page != null) {
            Chromium.screenshot(page, "crec-" + test.getDisplayName().replaceAll("\\W", ""));
        }
        context.close();
    }

    /** The page's origin: another port than the API, so another origin (and the same site, as a shop's www and api). */
    static String origin() {
        return "http://localhost:" + pages.getAddress().getPort();
    }

    static String api() {
        return "http://localhost:" + server.port();
    }

    /**
     * Test pages. {@code rec} names the recommender (one per test); the page kinds: {@code below} an element
     * below the fold, {@code top} one in view, {@code late} one added after 2 s, {@code link} a recommendation
     * link to {@code target}.
     */
    static String page(String kind, String query) {
        String rec = query.replaceAll(".*rec=([A-Za-z0-9]+).*", "$1");
        String euid = query.contains("euid=") ? "&euid=" + query.replaceAll(".*euid=([A-Za-z0-9-]+).*", "$1") : "";
        String tag = "<script type=\"application/javascript\" async=\"true\" src=\"" + api()
                + "/ajaxrecapi/1.0/crec?service=" + SERVICE + euid + "\"></script>";
        String item = "<div data-sannsyn-recommendation=\"item-1\" data-sannsyn-recommender-ID=\"" + rec
                + "\" style=\"height:200px;background:#9c6\">item-1</div>";
        String body = switch (kind) {
            case "below" -> "<div style=\"height:3000px\">spacer</div>" + item + "<div style=\"height:3000px\"></div>";
            case "top" -> item;
            case "late" -> "<div id=\"slot\"></div><script>setTimeout(function(){document.getElementById('slot').innerHTML="
                    + "'" + item.replace("'", "\\'") + "'},2000)</script>";
            case "link" -> "<div data-sannsyn-recommendation=\"item-1\" data-sannsyn-recommender-ID=\"" + rec
                    + "\"><a id=\"go\" href=\"/target?rec=" + rec + "\">item-1</a></div>";
            default -> "<p>target</p>";
        };
        return "<!doctype html><html><head><meta charset=\"utf-8\"><script>window.sannsyn=window.sannsyn||[];</script>"
                + tag + "</head><body style=\"margin:0\">" + body + "</body></html>";
    }

    private void load(String kind, String rec) {
        page.navigate(origin() + "/" + kind + "?rec=" + rec);
        page.waitForFunction("() => window.sannsyn && typeof window.sannsyn.ssasid === 'function'");
    }

    private void flush() {
        page.evaluate("() => window.sannsyn.push(['flush'])");
    }

    private static Stats.OriginStats counts(String rec) {
        return server.anbefal().stats(server.anbefal().service(SERVICE), 0, Long.MAX_VALUE).perOrigin().stream()
                .filter(o -> o.origin().equals(rec)).findFirst().orElse(new Stats.OriginStats(rec, 0, 0));
    }

    private static void await(BooleanSupplier condition, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < end) {
            Thread.sleep(100);
        }
    }

    @Test
    void theVisitorGetsAStableSsasid() {
        load("top", "Ids");
        String id = (String) page.evaluate("() => window.sannsyn.ssasid()");
        assertNotNull(id);
        assertEquals(id, page.evaluate("() => localStorage.ssasid"));
        page.reload();
        page.waitForFunction("() => window.sannsyn && typeof window.sannsyn.ssasid === 'function'");
        assertEquals(id, page.evaluate("() => window.sannsyn.ssasid()"));
        assertTrue(context.cookies(api()).stream().anyMatch(c -> c.name.equals("ssasid") && c.value.equals(id)),
                "the server's cookie carries the same id");
    }

    @Test
    void aStoredIdTheServerWouldRefuseIsReplacedByTheCookiesId() {
        load("top", "BadId");
        page.evaluate("() => { localStorage.ssasid = 'left by; another script' }");
        page.reload();
        page.waitForFunction("() => window.sannsyn && typeof window.sannsyn.ssasid === 'function'");
        String id = (String) page.evaluate("() => window.sannsyn.ssasid()");
        assertTrue(id != null && id.matches("[A-Za-z0-9._-]{1,64}"), String.valueOf(id));
        assertEquals(id, page.evaluate("() => localStorage.ssasid"));
        assertTrue(context.cookies(api()).stream().anyMatch(c -> c.name.equals("ssasid") && c.value.equals(id)),
                "the cookie's id is used");
    }

    @Test
    void anElementBelowTheFoldIsExposedOnlyAfterItWasScrolledToAndHeld() throws Exception {
        load("below", "Below");
        page.waitForTimeout(1500);
        flush();
        page.waitForTimeout(500);
        assertEquals(0, counts("Below").exposures(), "not exposed while below the fold");
        page.evaluate("() => document.querySelector('[data-sannsyn-recommendation]').scrollIntoView()");
        page.waitForTimeout(1400);
        flush();
        await(() -> counts("Below").exposures() == 1, 5000);
        assertEquals(1, counts("Below").exposures());
    }

    @Test
    void anElementScrolledPastInAFractionOfASecondIsNotExposed() throws Exception {
        load("below", "Past");
        page.evaluate("() => document.querySelector('[data-sannsyn-recommendation]').scrollIntoView()");
        page.waitForTimeout(300);
        page.evaluate("() => window.scrollTo(0, 0)");
        page.waitForTimeout(1500);
        flush();
        page.waitForTimeout(1000);
        assertEquals(0, counts("Past").exposures());
    }

    @Test
    void anElementAddedAfterLoadIsTracked() throws Exception {
        load("late", "Late");
        page.waitForSelector("[data-sannsyn-recommendation]");
        page.waitForTimeout(1400);
        flush();
        await(() -> counts("Late").exposures() == 1, 5000);
        assertEquals(1, counts("Late").exposures());
    }

    @Test
    void aHiddenTabExposesNothing() throws Exception {
        page.addInitScript("window.__hidden = true; Object.defineProperty(document, 'visibilityState', "
                + "{get: function() { return window.__hidden ? 'hidden' : 'visible'; }});");
        load("top", "Hidden");
        page.waitForTimeout(1500);
        flush();
        page.waitForTimeout(800);
        assertEquals(0, counts("Hidden").exposures(), "nothing while the tab is hidden");
        page.evaluate("() => { window.__hidden = false; document.dispatchEvent(new Event('visibilitychange')); }");
        page.waitForTimeout(1400);
        flush();
        await(() -> counts("Hidden").exposures() == 1, 5000);
        assertEquals(1, counts("Hidden").exposures(), "and exposed once visible for a second");
    }

    @Test
    void aClickThatNavigatesAtOnceIsStoredWithItsOrigin() throws Exception {
        load("link", "Click");
        page.click("#go");
        page.waitForURL("**/target**");
        await(() -> counts("Click").clicks() == 1, 5000);
        Stats.OriginStats c = counts("Click");
        assertEquals(1, c.clicks());
        assertEquals(1, c.exposures(), "the click also counts as the exposure");
    }

    @Test
    void fiftyNavigationsInARowStoreExactlyFiftyClicks() throws Exception {
        for (int i = 0; i < 50; i++) {
            load("link", "Fifty");
            page.click("#go");
            page.waitForURL("**/target**");
        }
        page.navigate(origin() + "/top?rec=Other");
        await(() -> counts("Fifty").clicks() >= 50, 10_000);
        page.waitForTimeout(2000);
        assertEquals(50, counts("Fifty").clicks());
    }

    @Test
    void anEuidLinksTheVisitorsHistoryToTheCustomer() throws Exception {
        load("top", "Euid");
        String visitor = (String) page.evaluate("() => window.sannsyn.ssasid()");
        page.evaluate("() => window.sannsyn.push(['update', {what: 'BROWSE', entityIDs: ['before-sign-in']}])");
        flush();
        page.navigate(origin() + "/top?rec=Euid&euid=customer-7");
        page.waitForFunction("() => window.sannsyn && typeof window.sannsyn.ssasid === 'function'");
        await(() -> "customer-7".equals(server.anbefal().linkedTo(server.anbefal().service(SERVICE), visitor)), 5000);
        assertEquals("customer-7", server.anbefal().linkedTo(server.anbefal().service(SERVICE), visitor));
        var recent = server.anbefal().recommend(server.anbefal().service(SERVICE), new io.anbefal.engine.RecommendRequest(
                "RecentlyViewedRecommender", List.of("customer-7"), List.of(), 5), null);
        assertEquals(List.of("before-sign-in"), recent.items().stream().map(i -> i.id()).toList());
    }
}
