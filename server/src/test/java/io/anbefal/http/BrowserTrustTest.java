package io.anbefal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.http.TestServer.Response;
import io.anbefal.http.sannsyn.CrecService;
import io.anbefal.tenant.CustomerSignatures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The browser trust model over a real server: every browser path (crec, identify, ajax update and recommend, Kibo,
 * /v1 with a publishable key) in open mode and signed mode, naming a customer with no proof, a valid signature, a
 * wrong one, or from the visitor that a signature linked to the customer. A refusal is a 403 that changes nothing:
 * the customer's stored history is the same, and the attacker's visitor has none of it.
 */
class BrowserTrustTest {

    private static final String SECRET = "s3cret-of-the-shop";
    private static final Pattern CONFIG = Pattern.compile("__anbefalCrec=(\\{.*?});\\n");

    @TempDir
    static Path data;
    static TestServer server;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    enum Mode { OPEN, SIGNED }

    enum Path_ { CREC, IDENTIFY, ALIAS, UPDATE, RECENTLY_VIEWED, PERSONAL, KIBO_LAST_VIEWED, V1_RECOMMEND, V1_INTERACTIONS }

    enum Proof { NONE, VALID_SIGNATURE, WRONG_SIGNATURE, LINKED_VISITOR }

    @BeforeAll
    static void start() {
        assumeTrue(BrowserTrustTest.class.getClassLoader().getResource(CrecService.SCRIPT) != null,
                "the compiled crec script is not on the classpath (client-sdk not built)");
        server = new TestServer(data, "open", "signed");
        for (String s : List.of("open", "signed")) {
            server.server().anbefal().services().setPublishableKey(s, publishable(s));
            server.server().anbefal().configure(server.server().anbefal().service(s), "kibo.widget.lv.recommender", "RecentlyViewedRecommender");
        }
        server.server().anbefal().configure(server.server().anbefal().service("signed"), CustomerSignatures.SECRET, SECRET);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String publishable(String service) {
        return service + "-pub-0123456789abcdefghijkl";
    }

    /** The status each case must answer; null where the path carries no such proof. */
    static Integer expected(Mode mode, Path_ path, Proof proof) {
        boolean signed = mode == Mode.SIGNED;
        return switch (path) {
            // the script's sign-in: signed mode needs the signature (or the link it made)
            case CREC, IDENTIFY -> signed && (proof == Proof.NONE || proof == Proof.WRONG_SIGNATURE) ? 403 : 200;
            // merging someone else's id into the attacker's: never without holding it, unless signed in as its customer
            case ALIAS -> proof == Proof.VALID_SIGNATURE || (!signed && proof == Proof.WRONG_SIGNATURE) ? 200 : 403;
            // the ajax API carries no signature: a customer only through the visitor a signature linked
            case UPDATE, PERSONAL -> proof == Proof.NONE ? Integer.valueOf(signed ? 403 : 200)
                    : proof == Proof.LINKED_VISITOR ? Integer.valueOf(200) : null;
            // raw history: the visitor's own identity only, in both modes
            case RECENTLY_VIEWED -> proof == Proof.NONE ? Integer.valueOf(403)
                    : proof == Proof.LINKED_VISITOR ? Integer.valueOf(200) : null;
            case KIBO_LAST_VIEWED -> proof == Proof.LINKED_VISITOR || (signed && proof == Proof.VALID_SIGNATURE) ? 200 : 403;
            // Miso's user_hash in signed mode; open mode trusts the page
            case V1_RECOMMEND, V1_INTERACTIONS -> signed && (proof == Proof.NONE || proof == Proof.WRONG_SIGNATURE) ? 403 : 200;
        };
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            for (Path_ path : Path_.values()) {
                for (Proof proof : Proof.values()) {
                    Integer status = expected(mode, path, proof);
                    if (status != null) {
                        cases.add(Arguments.of(mode, path, proof, status));
                    }
                }
            }
        }
        return cases.stream();
    }

    /** One case's people: the customer (with a stored history), her signed-in visitor, and an attacker's visitor. */
    record Case(String service, String carol, String secretItem, String carolsVisitor, String attacker) {
    }

    private static Case setUp(Mode mode) {
        String service = mode == Mode.OPEN ? "open" : "signed";
        int n = COUNTER.incrementAndGet();
        String carol = "carol-" + n;
        String item = "secret-item-" + n;
        server.update(service, carol, "BROWSE", item);
        Response signin = crec(service, null, carol, sig(carol));
        assertEquals(200, signin.status(), signin.toString());
        String carolsVisitor = cookie(signin);
        String attacker = cookie(crec(service, null, null, null));
        return new Case(service, carol, item, carolsVisitor, attacker);
    }

    @ParameterizedTest(name = "{0} {1} {2}: {3}")
    @MethodSource("matrix")
    void aBrowserActsForACustomerOnlyAsTheTrustModelAllows(Mode mode, Path_ path, Proof proof, int status) throws Exception {
        Case c = setUp(mode);
        String visitor = proof == Proof.LINKED_VISITOR ? c.carolsVisitor() : c.attacker();
        String sig = switch (proof) {
            case VALID_SIGNATURE -> sig(c.carol());
            case WRONG_SIGNATURE -> sig(c.carol()).replace('a', 'b').replace('0', '1');
            default -> null;
        };
        String item = "new-item-" + COUNTER.incrementAndGet();
        Response r = switch (path) {
            case CREC -> crec(c.service(), visitor, c.carol(), sig);
            case IDENTIFY -> identify(c.service(), visitor, null, visitor, c.carol(), sig);
            // the attacker names carol (NONE) or her signed-in visitor id as the alias, without holding it
            case ALIAS -> identify(c.service(), c.attacker(), proof == Proof.NONE ? c.carol() : c.carolsVisitor(), null,
                    proof == Proof.VALID_SIGNATURE || proof == Proof.WRONG_SIGNATURE ? c.carol() : null, sig);
            case UPDATE -> ajax(visitor, "/ajaxrecapi/1.0/update", "{\"service\":\"" + c.service()
                    + "\",\"updates\":[{\"customer\":\"" + c.carol() + "\",\"entityIDs\":[\"" + item + "\"],\"what\":\"BROWSE\"}]}");
            case RECENTLY_VIEWED -> ajax(visitor, "/ajaxrecapi/1.0/recommend", "{\"service\":\"" + c.service()
                    + "\",\"recommender\":\"RecentlyViewedRecommender\",\"externalIds\":[\"" + c.carol() + "\"]}");
            case PERSONAL -> ajax(visitor, "/ajaxrecapi/1.0/recommend", "{\"service\":\"" + c.service()
                    + "\",\"recommender\":\"ProductForCustomerRecommender\",\"externalIds\":[\"" + c.carol() + "\"]}");
            case KIBO_LAST_VIEWED -> server.send(server.request("/recs/1/" + c.service() + "?widget=lv&format=json&UserId="
                    + c.carol() + (sig == null ? "" : "&sig=" + sig)).header("Cookie", "ssasid=" + visitor).GET().build());
            case V1_RECOMMEND -> v1(c.service(), "/v1/recommendation/user_to_products", "{\"user_id\":\"" + c.carol() + "\""
                    + (sig == null ? "" : ",\"user_hash\":\"" + sig + "\"")
                    + (proof == Proof.LINKED_VISITOR ? ",\"anonymous_id\":\"" + visitor + "\"" : "") + "}");
            case V1_INTERACTIONS -> v1(c.service(), "/v1/interactions", "{\"data\":[{\"type\":\"product_detail_page_view\","
                    + "\"user_id\":\"" + c.carol() + "\",\"product_ids\":[\"" + item + "\"]"
                    + (sig == null ? "" : ",\"user_hash\":\"" + sig + "\"")
                    + (proof == Proof.LINKED_VISITOR ? ",\"anonymous_id\":\"" + visitor + "\"" : "") + "}]}");
        };
        assertEquals(status, r.status(), mode + " " + path + " " + proof + ": " + r);
        assertTrue(r.header("content-type").startsWith(path == Path_.CREC && status == 200 ? "application/javascript"
                : "application/json"), r.header("content-type"));
        List<String> history = history(c.service(), c.carol());
        if (status == 403) {
            assertEquals(List.of(c.secretItem()), history, "a refusal changes nothing: carol's history");
            assertFalse(history(c.service(), c.attacker()).contains(c.secretItem()), "the attacker did not get carol's history");
            return;
        }
        switch (path) {
            case CREC -> assertEquals(c.carol(), config(r).get("euid").asText());
            case IDENTIFY, ALIAS -> assertEquals(c.carol(), r.json().get("euid").asText(), r.toString());
            case UPDATE, V1_INTERACTIONS -> assertTrue(history.contains(item), history.toString());
            case RECENTLY_VIEWED -> assertEquals(List.of(c.secretItem()), items(r.json().get("result")));
            case KIBO_LAST_VIEWED -> assertEquals(List.of(c.secretItem()),
                    items(r.json().at("/widgetResults/0/slotResults")).stream().toList());
            case PERSONAL, V1_RECOMMEND -> assertNotNull(r.json());
        }
    }

    /** The issue's reproduction: identify with carol as the alias gave the attacker's browser carol's history. */
    @Test
    void identifyWithACustomersIdAsAliasDoesNotHandOverHerHistory() {
        for (Mode mode : Mode.values()) {
            Case c = setUp(mode);
            Response r = server.send(server.request("/ajaxrecapi/1.0/identify").POST(HttpRequest.BodyPublishers.ofString(
                    "{\"service\":\"" + c.service() + "\",\"ssasid\":\"" + c.attacker() + "\",\"alias\":\"" + c.carol() + "\"}")).build());
            assertEquals(403, r.status(), mode + ": " + r);
            Response recent = ajax(c.attacker(), "/ajaxrecapi/1.0/recommend", "{\"service\":\"" + c.service()
                    + "\",\"recommender\":\"RecentlyViewedRecommender\"}");
            assertEquals(200, recent.status(), recent.toString());
            assertEquals(List.of(), items(recent.json().get("result")), mode + ": the attacker's own history stays empty");
        }
    }

    /**
     * Open mode, {@code /v1} with a publishable key: Miso's client SDK keeps a random UUID as its anonymous_id and
     * asks for that visitor's own history; a customer's id, or a UUID linked to a customer, is refused.
     */
    @Test
    void openModeAnswersAnAnonymousSdkVisitorItsOwnHistoryButNoCustomersHistory() {
        Case c = setUp(Mode.OPEN);
        String own = java.util.UUID.randomUUID().toString();
        Response stored = v1("open", "/v1/interactions", "{\"data\":[{\"type\":\"product_detail_page_view\","
                + "\"anonymous_id\":\"" + own + "\",\"product_ids\":[\"own-item\"]}]}");
        assertEquals(200, stored.status(), stored.toString());
        Response mine = v1("open", "/v1/recommendation/user_to_history", "{\"anonymous_id\":\"" + own + "\"}");
        assertEquals(200, mine.status(), mine.toString());
        assertEquals("own-item", mine.json().get("data").get("products").get(0).get("product_id").asText(), mine.toString());

        Response carols = v1("open", "/v1/recommendation/user_to_history", "{\"anonymous_id\":\"" + c.carol() + "\"}");
        assertEquals(403, carols.status(), carols.toString());
        String linked = java.util.UUID.randomUUID().toString();
        assertEquals(200, v1("open", "/v1/interactions", "{\"data\":[{\"type\":\"product_detail_page_view\","
                + "\"anonymous_id\":\"" + linked + "\",\"user_id\":\"" + c.carol() + "\",\"product_ids\":[\"x\"]}]}").status());
        Response viaLink = v1("open", "/v1/recommendation/user_to_history", "{\"anonymous_id\":\"" + linked + "\"}");
        assertEquals(403, viaLink.status(), "a UUID linked to a customer reads no history: " + viaLink);
    }

    /** The issue's second reproduction: in signed mode a browser update naming a customer was stored in her history. */
    @Test
    void aSignedServiceStoresNoBrowserUpdateNamingACustomerWithoutProof() {
        Case c = setUp(Mode.SIGNED);
        Response r = ajax(c.attacker(), "/ajaxrecapi/1.0/update", "{\"service\":\"signed\",\"updates\":[{\"customer\":\""
                + c.carol() + "\",\"entityIDs\":[\"planted\"],\"what\":\"PURCHASE\"}]}");
        assertEquals(403, r.status(), r.toString());
        assertEquals(List.of(c.secretItem()), history("signed", c.carol()));
        // a visitor id the server did not issue is no visitor of a signed service: it could be a customer's id
        Response named = ajax(c.carol(), "/ajaxrecapi/1.0/update", "{\"service\":\"signed\",\"updates\":[{"
                + "\"entityIDs\":[\"planted\"],\"what\":\"PURCHASE\"}]}");
        assertEquals(403, named.status(), named.toString());
        assertEquals(List.of(c.secretItem()), history("signed", c.carol()));
        // while the visitor that carol's signature linked sends for her
        assertEquals(200, ajax(c.carolsVisitor(), "/ajaxrecapi/1.0/update", "{\"service\":\"signed\",\"updates\":[{\"customer\":\""
                + c.carol() + "\",\"entityIDs\":[\"bought\"],\"what\":\"PURCHASE\"}]}").status());
        assertTrue(history("signed", c.carol()).contains("bought"));
    }

    @Test
    void aSignedServiceIssuesItsOwnVisitorIdsAndReplacesOthers() throws Exception {
        Response r = crec("signed", "carol-by-cookie", null, null);
        assertEquals(200, r.status());
        String id = cookie(r);
        assertFalse(id.equals("carol-by-cookie"), "a cookie this server did not issue is replaced");
        assertEquals(id, config(r).get("ssasid").asText());
        assertEquals(id, cookie(crec("signed", id, null, null)), "an issued id is kept");
        assertEquals("carol-by-cookie", cookie(crec("open", "carol-by-cookie", null, null)), "open mode keeps any id");
    }

    @Test
    void aSharedBrowserSigningInAsAnotherCustomerGetsANewVisitorId() {
        Case c = setUp(Mode.SIGNED);
        Response other = crec("signed", c.carolsVisitor(), "dave-" + COUNTER.incrementAndGet(), null);
        assertEquals(403, other.status(), "no signature for dave");
        String dave = "dave-" + COUNTER.incrementAndGet();
        Response signed = crec("signed", c.carolsVisitor(), dave, sig(dave));
        assertEquals(200, signed.status());
        assertFalse(cookie(signed).equals(c.carolsVisitor()), "carol's visitor is not joined to dave");
        assertFalse(history("signed", dave).contains(c.secretItem()));
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private static String sig(String id) {
        return java.util.HexFormat.of().formatHex(CustomerSignatures.sign(SECRET, id)); // as a shop computes it
    }

    private static Response crec(String service, String cookie, String euid, String sig) {
        HttpRequest.Builder b = server.request("/ajaxrecapi/1.0/crec?service=" + service
                + (euid == null ? "" : "&euid=" + URLEncoder.encode(euid, StandardCharsets.UTF_8))
                + (sig == null ? "" : "&sig=" + sig));
        if (cookie != null) {
            b.header("Cookie", "ssasid=" + cookie);
        }
        return server.send(b.GET().build());
    }

    private static Response identify(String service, String ssasid, String alias, String cookie, String euid, String sig) {
        StringBuilder body = new StringBuilder("{\"service\":\"" + service + "\",\"ssasid\":\"" + ssasid + "\"");
        if (alias != null) {
            body.append(",\"alias\":\"").append(alias).append('"');
        }
        if (euid != null) {
            body.append(",\"euid\":\"").append(euid).append('"');
        }
        if (sig != null) {
            body.append(",\"sig\":\"").append(sig).append('"');
        }
        HttpRequest.Builder b = server.request("/ajaxrecapi/1.0/identify").header("Origin", TestServer.ORIGIN);
        if (cookie != null) {
            b.header("Cookie", "ssasid=" + cookie);
        }
        return server.send(b.POST(HttpRequest.BodyPublishers.ofString(body.append('}').toString())).build());
    }

    private static Response ajax(String visitor, String path, String body) {
        return server.send(server.request(path).header("Origin", TestServer.ORIGIN).header("x-ssasid", visitor)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static Response v1(String service, String path, String body) {
        return server.send(server.request(path).header("X-API-KEY", publishable(service)).header("Origin", TestServer.ORIGIN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A person's stored history, as the shop's server sees it (RecentlyViewed over the server-side API). */
    private static List<String> history(String service, String person) {
        Response r = server.post("/recapi/1.0/recommend", "{\"service\":\"" + service
                + "\",\"recommender\":\"RecentlyViewedRecommender\",\"externalIds\":[\"" + person + "\"],\"num\":50}");
        assertEquals(200, r.status(), r.toString());
        return items(r.json().get("result"));
    }

    private static List<String> items(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.isObject() ? n.path(n.has("url") ? "url" : "id").asText() : n.asText()));
        return ids;
    }

    private static String cookie(Response r) {
        String setCookie = r.header("set-cookie");
        assertTrue(setCookie != null && setCookie.startsWith("ssasid="), r.toString());
        return setCookie.substring(7, setCookie.indexOf(';'));
    }

    private static JsonNode config(Response r) throws java.io.IOException {
        Matcher m = CONFIG.matcher(r.body());
        assertTrue(m.find());
        return Payloads.JSON.readTree(m.group(1));
    }
}
