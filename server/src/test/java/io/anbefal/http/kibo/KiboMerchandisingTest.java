package io.anbefal.http.kibo;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.Anbefal;
import io.anbefal.http.TestServer;
import io.anbefal.http.TestServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kibo merchandising over the real server: the seed's Validation example verbatim (widget cheapProduct, "up to 10
 * results, price &lt; 10"), ranks before filtering, pins with their Explanations, dynamic attributes overriding
 * stored ones and driving (conditional) filters, unknown widgets, routing on the source URL.
 */
class KiboMerchandisingTest {

    private static final String SITE = "theknot_shop";
    private static final String KEY = "knot-key-0123456789abcdefghijkl";

    @TempDir
    static Path data;
    static TestServer server;
    static Anbefal app;

    @BeforeAll
    static void start() {
        server = new TestServer(data, SITE);
        app = server.server().anbefal();
        app.services().setApiKey(SITE, KEY);
        // p0..p14 cost 50..64, p15..p19 0.5..4.5; even ones are women's, odd men's; p_i is bought 20-i times
        StringBuilder products = new StringBuilder();
        List<String> updates = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double price = i < 15 ? 50 + i : i - 14.5;
            products.append(products.isEmpty() ? "" : ",").append("{\"product_id\":\"p").append(i)
                    .append("\",\"price\":").append(price).append(",\"dept\":\"").append(i % 2 == 0 ? "women" : "men")
                    .append("\"}");
            for (int k = 0; k < 20 - i; k++) {
                updates.add("{\"customer\":\"c" + i + "_" + k + "\",\"entityIDs\":[\"p" + i + "\"],\"what\":\"PURCHASE\"}");
            }
        }
        ok(v1("/v1/products", "{\"data\":[" + products + "]}"));
        ok(v1("/v1/users", "{\"data\":[{\"user_id\":\"vip\",\"tier\":\"gold\"}]}"));
        ok(server.post("/recapi/1.0/update", "{\"service\":\"" + SITE + "\",\"updates\":[" + String.join(",", updates)
                + "]}"));
        set("kibo.widget.cheapProduct.slots", "10");
        set("kibo.widget.cheapProduct.rules", "price < 10");
        set("kibo.widget.all.slots", "100");
        set("kibo.widget.all.recommender", "PopularRecommender");
        set("kibo.widget.loose.rules", "price < 60");
        set("kibo.widget.pinned.rules", "price < 10; pin p3 at 2; pin where dept = men at 1");
        set("kibo.widget.pair.recommender", "PopularRecommender");
        set("kibo.widget.pair.slots", "3");
        set("kibo.widget.pair.rules", "pair p1 -> p19 at 1");
        set("kibo.widget.sameDept.recommender", "PopularRecommender");
        set("kibo.widget.sameDept.slots", "5");
        set("kibo.widget.sameDept.rules", "dept = Product.dept");
        set("kibo.widget.luxury.recommender", "PopularRecommender");
        set("kibo.widget.luxury.rules", "Request.Luxury implies price > 60");
        set("kibo.widget.tiered.recommender", "PopularRecommender");
        set("kibo.widget.tiered.rules", "User.tier = gold implies price < 10");
        set("kibo.pageTemplate.cheapPage.widgets", "cheapProduct");
        set("kibo.pageTemplate.cheapPage.rules", "exclude p15");
        set("kibo.pageTemplate.cheapPage.pageType", "Category");
        set("kibo.pageTemplate.home.widgets", "loose");
        set("kibo.pageTemplate.home.pageType", "Home");
        set("kibo.routing.rule.1", "*/cheap/* -> cheapPage");
        set("kibo.routing.rule.2", "* -> home");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void set(String key, String value) {
        app.configure(app.service(SITE), key, value);
    }

    private static Response v1(String path, String body) {
        return server.send(server.request(path).header("X-API-KEY", KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static void ok(Response r) {
        assertEquals(200, r.status(), r.toString());
    }

    static JsonNode json(String query) {
        Response r = server.send(server.request("/recs/1/" + SITE + "?" + query)
                .header("Accept", "application/json").GET().build());
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    static List<String> urls(JsonNode answer) {
        List<String> urls = new ArrayList<>();
        answer.at("/widgetResults/0/slotResults").forEach(s -> urls.add(s.get("url").asText()));
        return urls;
    }

    @Test
    void theSeedsValidationExampleAnswersOnlyProductsUnder10AndAllOfThem() throws Exception {
        // verbatim but for the host: http://customer-code.baynote.net:80/recs/1/theknot_shop?widget=cheapProduct
        Response xml = server.send(server.request("/recs/1/theknot_shop?widget=cheapProduct").GET().build());
        assertEquals(200, xml.status(), xml.toString());
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(new StreamSource(new StringReader(server.get("/recs/1/schema").body())))
                .newValidator().validate(new StreamSource(new StringReader(xml.body())));
        JsonNode r = json("widget=cheapProduct");
        assertEquals(List.of("p15", "p16", "p17", "p18", "p19"), urls(r), "all five under 10, only those: " + r);
        // rank: the candidate's place before filtering, as in the unfiltered list of the same recommender
        List<String> unfiltered = urls(json("widget=all"));
        assertEquals(20, unfiltered.size());
        JsonNode slots = r.at("/widgetResults/0/slotResults");
        for (JsonNode s : slots) {
            assertEquals(unfiltered.indexOf(s.get("url").asText()) + 1, s.get("rank").asInt(), r.toString());
        }
        assertEquals(16, slots.get(0).get("rank").asInt());
        // num is honoured when enough pass
        assertEquals(List.of("p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"), urls(json("widget=loose")));
    }

    @Test
    void pinsLandInTheirSlotsWithTheirExplanations() {
        JsonNode r = json("widget=pinned");
        assertEquals(List.of("p15", "p3", "p16", "p17", "p18", "p19"), urls(r), r.toString());
        JsonNode slots = r.at("/widgetResults/0/slotResults");
        assertEquals("FilterPin", slots.get(0).at("/Explanations/0/type").asText(), r.toString());
        assertEquals("pin where dept = men at 1", slots.get(0).at("/Explanations/0/rule").asText());
        assertEquals("ItemPin", slots.get(1).at("/Explanations/0/type").asText());
        assertEquals("pin p3 at 2", slots.get(1).at("/Explanations/0/rule").asText());
        assertEquals(0, slots.get(1).get("rank").asInt(), "an item pin was no candidate");
        assertTrue(slots.get(2).get("Explanations").isEmpty());
        String xml = server.get("/recs/1/" + SITE + "?widget=pinned").body();
        assertTrue(xml.contains("<Explanations><FilterPin>pin where dept = men at 1</FilterPin></Explanations>"), xml);
        // a pair pin only with its context item
        JsonNode with = json("widget=pair&productId=p1");
        assertEquals("p19", urls(with).get(0), with.toString());
        assertEquals("PairPin", with.at("/widgetResults/0/slotResults/0/Explanations/0/type").asText());
        assertEquals(List.of("p0", "p1", "p2"), urls(json("widget=pair&productId=p2")));
        assertEquals(List.of("p0", "p1", "p2"), urls(json("widget=pair")));
    }

    @Test
    void dynamicAttributesOverrideStoredOnesAndDriveFilters() {
        assertEquals(List.of("p0", "p2", "p4", "p6", "p8"), urls(json("widget=sameDept&productId=p0")),
                "the stored dept of p0");
        JsonNode over = json("widget=sameDept&productId=p0&Product.dept=men");
        assertEquals(List.of("p1", "p3", "p5", "p7", "p9"), urls(over), over.toString());
        // the seed's Transition: a bare name binds Context (here the Product) and Request
        JsonNode bare = json("widget=sameDept&productId=p0&dept=men");
        assertEquals(List.of("p1", "p3", "p5", "p7", "p9"), urls(bare));
        assertEquals("Request", bare.at("/context/1/type").asText(), bare.toString());
        assertEquals("dept", bare.at("/context/0/attrs/1/name").asText(), bare.toString());
        // multi-valued, CSV-quoted, any entity: shown in the context
        JsonNode multi = json("widget=loose&Request.note=%22a,+b%22,c&request.NOTE=d&Dermot.Mee=awesome");
        assertEquals("[\"a, b\",\"c\",\"d\"]", multi.at("/context/0/attrs/0/values").toString(), multi.toString());
        assertEquals("Dermot", multi.at("/context/1/type").asText());
        String xml = server.get("/recs/1/" + SITE + "?widget=loose&Dermot.Mee=awesome&Request.x=1").body();
        assertTrue(xml.contains("<Entity xsi:type=\"Entity\" name=\"Dermot\">"), xml);
    }

    @Test
    void aConditionalFilterAppliesOnlyWhenItsAntecedentHolds() {
        assertEquals(List.of("p11", "p12", "p13", "p14"), urls(json("widget=luxury&Request.Luxury=true")));
        assertEquals("p0", urls(json("widget=luxury")).get(0));
        assertEquals("p0", urls(json("widget=luxury&Request.Luxury=false")).get(0));
        // on a stored user attribute (the /v1/users record), which a dynamic one overrides
        assertEquals(List.of("p15", "p16", "p17", "p18", "p19"), urls(json("widget=tiered&UserId=vip")));
        assertEquals("p0", urls(json("widget=tiered&UserId=someone")).get(0));
        assertEquals("p0", urls(json("widget=tiered&UserId=vip&User.tier=silver")).get(0));
    }

    @Test
    void anUnknownWidgetIs404NamingIt() {
        Response r = server.get("/recs/1/" + SITE + "?widget=cheapproduct");
        assertEquals(404, r.status(), r.toString());
        assertTrue(r.json().get("text").asText().contains("unknown widget 'cheapproduct'"), r.toString());
    }

    @Test
    void routingByRulesOnTheSourceUrl() {
        JsonNode cheap = json("source=https%3A%2F%2Fshop.test%2Fcheap%2Fx");
        assertEquals("cheapPage", cheap.get("id").asText(), cheap.toString());
        assertEquals(List.of("p16", "p17", "p18", "p19"), urls(cheap), "the template's exclusion and the widget's filter");
        assertEquals("home", json("source=https%3A%2F%2Fshop.test%2Fother").get("id").asText());
        assertEquals("home", json("source=https%3A%2F%2Fshop.test%2Fcheap%2Fx&pagetype=home").get("id").asText(),
                "only a template of the page type");
        assertEquals("cheapPage", json("url=https%3A%2F%2Fshop.test%2Fcheap%2Fy").get("id").asText(), "url as source");
        assertEquals(0, json("pagetype=Home").get("widgetResults").size(), "no routing context: nothing");
    }

    @Test
    void merchModelNamesTheRulesAndTheModel() {
        String before = json("widget=loose").get("merchModel").asText();
        assertTrue(before.matches("[0-9a-f]{64}:[0-9]+"), before);
        assertEquals(before, json("widget=loose").get("merchModel").asText());
        set("kibo.widget.loose.displayName", "Loose");
        assertNotEquals(before, json("widget=loose").get("merchModel").asText());
    }
}
