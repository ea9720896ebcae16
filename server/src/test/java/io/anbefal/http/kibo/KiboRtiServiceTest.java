package io.anbefal.http.kibo;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.Anbefal;
import io.anbefal.catalog.Catalog;
import io.anbefal.http.Payloads;
import io.anbefal.http.Routes;
import io.anbefal.http.TestServer.Response;
import io.anbefal.http.TestServer;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /recs/1/{site}} over HTTP: widget settings, context, live updates, attrs, errors, CORS. */
class KiboRtiServiceTest {

    @TempDir
    static Path data;
    static TestServer server;
    static Anbefal app;
    /** A second listener serving /recs/1 with a small catalog of its own (the server's catalog holds no records here). */
    static WebServer withCatalog;
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = new TestServer(data, "kibo", "live", "other", "shop");
        app = server.server().anbefal();
        // A is bought with B three times, with C once; u1 has seen A. "kibo" has no widget settings (every widget
        // name answers by its context), "shop" the same history and the widgets the tests configure
        for (String site : List.of("kibo", "shop")) {
            for (String c : List.of("c1", "c2", "c3")) {
                server.update(site, c, "PURCHASE", "A", "B");
            }
            server.update(site, "c4", "PURCHASE", "A", "C");
            server.update(site, "u1", "BROWSE", "A");
            server.update(site, "u2", "BROWSE", "D");
            server.update(site, "u2", "BROWSE", "E");
        }
        Map<String, Map<String, Object>> products = Map.of(
                "B", linked("product_id", "B", "title", "Bukse <blå> & \"grå\"", "price", 19.9, "url",
                        "https://shop.test/b", "tags", List.of("x", "y"), "in_stock", true),
                "C", linked("product_id", "C", "title", "Caps", "price", 5));
        Catalog catalog = (service, id) -> "kibo".equals(service) ? Optional.ofNullable(products.get(id))
                : Optional.empty();
        withCatalog = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(r -> {
                    r.register("/recs/1", new KiboRtiService(app, catalog));
                    Routes.errors(r);
                }).build().start();
    }

    private static Map<String, Object> linked(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @AfterAll
    static void stop() {
        withCatalog.stop();
        server.close();
    }

    static Response get(String path, String... headers) {
        HttpRequest.Builder b = server.request(path).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return server.send(b.build());
    }

    static JsonNode json(String path, String... headers) {
        Response r = get(path, headers);
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    static List<String> urls(JsonNode widget) {
        List<String> urls = new ArrayList<>();
        widget.get("slotResults").forEach(s -> urls.add(s.get("url").asText()));
        return urls;
    }

    @Test
    void anUnconfiguredWidgetAnswersItemToItemOnTheContextItems() {
        JsonNode r = json("/recs/1/kibo?widget=w&productId=A&format=json");
        JsonNode w = r.at("/widgetResults/0");
        assertEquals("ItemToItemRecommender", w.get("algoName").asText(), r.toString());
        assertEquals(List.of("B", "C"), urls(w).subList(0, 2), r.toString());
        assertEquals("widget", r.get("type").asText());
        assertEquals("w", r.get("id").asText());
        assertEquals("w", w.get("displayName").asText());
        assertEquals("w", w.get("placeholderName").asText());
        // url values are item ids too, and names are case-insensitive
        JsonNode byUrl = json("/recs/1/kibo?WIDGET=w&URL=A&Format=JSON");
        assertEquals(urls(w), urls(byUrl.at("/widgetResults/0")));
        assertEquals("Document", byUrl.at("/context/0/type").asText(), byUrl.toString());
        assertEquals("Product", r.at("/context/0/type").asText(), r.toString());
    }

    @Test
    void updatesChangeTheAnswer() {
        server.update("live", "l1", "PURCHASE", "A", "B");
        assertEquals(List.of("B"), urls(json("/recs/1/live?widget=w&productId=A&format=json").at("/widgetResults/0")));
        for (String c : List.of("l2", "l3", "l4")) {
            server.update("live", c, "PURCHASE", "A", "C");
        }
        JsonNode after = json("/recs/1/live?widget=w&productId=A&format=json").at("/widgetResults/0");
        assertEquals("C", urls(after).get(0), after.toString());
        assertEquals("ItemToItemRecommender", after.get("algoName").asText());
    }

    @Test
    void widgetSettingsChooseTheRecommenderNamesAndSlots() {
        app.configure(app.service("shop"), "kibo.widget.top.recommender", "PopularRecommender");
        app.configure(app.service("shop"), "kibo.widget.top.displayName", "Popular now");
        app.configure(app.service("shop"), "kibo.widget.top.placeholderName", "div-top");
        app.configure(app.service("shop"), "kibo.widget.top.slots", "2");
        JsonNode w = json("/recs/1/shop?widget=top&productId=A&format=json").at("/widgetResults/0");
        assertEquals("PopularRecommender", w.get("algoName").asText(), w.toString());
        assertEquals("Popular now", w.get("displayName").asText());
        assertEquals("div-top", w.get("placeholderName").asText());
        assertEquals(2, w.get("slotResults").size(), w.toString());
        assertEquals(List.of("A", "B"), urls(w), "the most bought, A included: popular ignores the context");
        // a custom recommender instance of the engine
        app.configure(app.service("shop"), "recommender.Mine.type", "ItemToItemRecommender");
        app.configure(app.service("shop"), "kibo.widget.mine.recommender", "Mine");
        assertEquals("Mine", json("/recs/1/shop?widget=mine&productId=A&format=json")
                .at("/widgetResults/0/algoName").asText());
        // a recommender the service does not have: refused when set, naming the setting and the recommender
        io.anbefal.app.AnbefalException refused = org.junit.jupiter.api.Assertions.assertThrows(
                io.anbefal.app.AnbefalException.class,
                () -> app.configure(app.service("shop"), "kibo.widget.typo.recommender", "ItemToItemRecomender"));
        assertTrue(refused.getMessage().contains("kibo.widget.typo.recommender")
                && refused.getMessage().contains("'ItemToItemRecomender'"), refused.getMessage());
        Response typo = get("/recs/1/shop?widget=typo");
        assertEquals(404, typo.status(), typo.toString());
        assertTrue(typo.json().get("text").asText().contains("widget 'typo'"), typo.toString());
        // slots=1 in the request overrides
        assertEquals(1, json("/recs/1/shop?widget=top&slots=1&format=json").at("/widgetResults/0/slotResults").size());
    }

    @Test
    void pageTemplatesAndRouting() {
        app.configure(app.service("shop"), "kibo.pageTemplate.pdp.widgets", "similar, top2");
        app.configure(app.service("shop"), "kibo.widget.top2.recommender", "PopularRecommender");
        JsonNode r = json("/recs/1/shop?pageTemplate=pdp&productId=A&format=json");
        assertEquals("pageTemplate", r.get("type").asText());
        assertEquals("pdp", r.get("id").asText());
        assertEquals(2, r.get("widgetResults").size(), r.toString());
        assertEquals("ItemToItemRecommender", r.at("/widgetResults/0/algoName").asText());
        assertEquals("PopularRecommender", r.at("/widgetResults/1/algoName").asText());
        // routing by pagetype (any case), with the source as routing context
        app.configure(app.service("shop"), "kibo.routing.pagetype.ProductDetail", "pdp");
        JsonNode routed = json("/recs/1/shop?pagetype=productdetail&source=https%3A%2F%2Fshop.test%2Fa&productId=A"
                + "&format=json");
        assertEquals("pdp", routed.get("id").asText(), routed.toString());
        assertEquals(2, routed.get("widgetResults").size());
        // routed without source or url: no recommendations (as Kibo's document says)
        JsonNode none = json("/recs/1/shop?pagetype=ProductDetail&userId=u1&format=json");
        assertEquals(0, none.get("widgetResults").size(), none.toString());
        assertEquals(404, get("/recs/1/shop?pageTemplate=nope").status());
    }

    @Test
    void theUserComesFromUserIdTheCookieOrTheExternalIdAttribute() {
        JsonNode byParam = json("/recs/1/kibo?widget=u&UserId=u1&format=json").at("/widgetResults/0");
        assertEquals("ProductForCustomerRecommender", byParam.get("algoName").asText(), byParam.toString());
        assertEquals(List.of("B", "C"), urls(byParam).subList(0, 2), "A's neighbours; A itself u1 has seen");
        JsonNode byCookie = json("/recs/1/kibo?widget=u&format=json", "Cookie", "bn_u=u1").at("/widgetResults/0");
        assertEquals(urls(byParam), urls(byCookie));
        app.configure(app.service("other"), "kibo.userIdAttribute", "ext_uid");
        server.update("other", "E123", "PURCHASE", "X", "Y");
        server.update("other", "o2", "PURCHASE", "X", "Z");
        server.update("other", "o3", "PURCHASE", "X", "Z");
        // the external id wins over the internal one, and its name is case-insensitive
        JsonNode external = json("/recs/1/other?widget=u&USER.EXT_UID=E123&UserId=o2&format=json").at("/widgetResults/0");
        assertEquals(List.of("Z"), urls(external), external.toString());
    }

    @Test
    void aLastViewedWidgetEchoesTheVisitsTrailInOrder() {
        app.configure(app.service("shop"), "kibo.widget.lv.recommender", "RecentlyViewedRecommender");
        JsonNode w = json("/recs/1/shop?widget=lv&visitstrail=u4,u3&visitstrail=u2&visitstrail=%22u1,x%22,u3"
                + "&format=json").at("/widgetResults/0");
        assertEquals(List.of("u4", "u3", "u2", "u1,x"), urls(w), w.toString());
        // without a trail, the engine's recently viewed for the user, when that is the browser's own visitor id
        String visitor = app.trust().newVisitor();
        server.update("shop", visitor, "BROWSE", "D");
        server.update("shop", visitor, "BROWSE", "E");
        JsonNode engine = json("/recs/1/shop?widget=lv&userId=" + visitor + "&format=json").at("/widgetResults/0");
        assertEquals(List.of("E", "D"), urls(engine), engine.toString());
        // and never for someone else: another user's stored history is no page's to show (docs/api.md)
        Response other = server.send(server.request("/recs/1/shop?widget=lv&userId=u2&format=json").GET().build());
        assertEquals(403, other.status(), other.toString());
        // visitstrail means nothing to other widgets
        assertFalse(urls(json("/recs/1/kibo?widget=w&productId=A&visitstrail=u9&format=json")
                .at("/widgetResults/0")).contains("u9"));
    }

    @Test
    void attrsComeFromTheCatalogUnderTheRequestedNames() throws Exception {
        JsonNode slot = catalogJson("/recs/1/kibo?widget=w&productId=A&attrs=Price&attrs=productID&attrs=TITLE"
                + "&attrs=url&attrs=nosuch&attrs=InStock&format=json").at("/widgetResults/0/slotResults/0");
        assertEquals("B", slot.get("url").asText());
        Map<String, List<String>> attrs = attrs(slot);
        assertEquals(List.of("productID", "Price", "TITLE", "url", "InStock"), List.copyOf(attrs.keySet()));
        assertEquals(List.of("B"), attrs.get("productID"));
        assertEquals(List.of("19.9"), attrs.get("Price"));
        assertEquals(List.of("Bukse <blå> & \"grå\""), attrs.get("TITLE"));
        assertEquals(List.of("https://shop.test/b"), attrs.get("url"));
        assertEquals(List.of("true"), attrs.get("InStock"));
        JsonNode all = catalogJson("/recs/1/kibo?widget=w&productId=A&attrs=*&format=json").at("/widgetResults/0/slotResults/0");
        assertEquals(List.of("ProductId", "title", "price", "url", "tags", "in_stock"), List.copyOf(attrs(all).keySet()));
        assertEquals(List.of("x", "y"), attrs(all).get("tags"));
        // the catalog behind the real routing is empty: only the id attribute
        JsonNode empty = json("/recs/1/kibo?widget=w&productId=A&attrs=*&attrs=Title&format=json")
                .at("/widgetResults/0/slotResults/0");
        assertEquals(List.of("ProductId"), List.copyOf(attrs(empty).keySet()));
        // and the XML with markup in a value is escaped and valid
        HttpResponse<String> xml = catalog("/recs/1/kibo?widget=w&productId=A&attrs=Title");
        assertTrue(xml.body().contains("Bukse &lt;blå&gt; &amp;"), xml.body());
        schema().newValidator().validate(new StreamSource(new StringReader(xml.body())));
    }

    private static Map<String, List<String>> attrs(JsonNode slot) {
        Map<String, List<String>> attrs = new LinkedHashMap<>();
        slot.get("attrs").forEach(a -> {
            List<String> values = new ArrayList<>();
            a.get("values").forEach(v -> values.add(v.asText()));
            attrs.put(a.get("name").asText(), values);
        });
        return attrs;
    }

    private static HttpResponse<String> catalog(String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + withCatalog.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode catalogJson(String path) throws Exception {
        HttpResponse<String> r = catalog(path);
        assertEquals(200, r.statusCode(), r.body());
        return Payloads.JSON.readTree(r.body());
    }

    private static Schema schema() throws Exception {
        return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(new StreamSource(new StringReader(get("/recs/1/schema").body())));
    }

    @Test
    void trackingDataNamesTheWidgetTheOriginAndTheSlots() throws Exception {
        JsonNode r = json("/recs/1/kibo?widget=w&productId=A&format=json");
        JsonNode t = Payloads.JSON.readTree(Base64.getDecoder().decode(r.get("trackingData").asText()));
        assertEquals("kibo", t.get("site").asText());
        assertEquals(r.get("responseId").asText(), t.get("responseId").asText());
        assertEquals("w", t.at("/widgets/0/id").asText());
        assertEquals("ItemToItemRecommender", t.at("/widgets/0/origin").asText());
        assertEquals(urls(r.at("/widgetResults/0")).get(0), t.at("/widgets/0/slots/0").asText());
        assertFalse(r.get("responseId").asText().equals(json("/recs/1/kibo?widget=w&format=json").get("responseId").asText()));
    }

    @Test
    void theFormatComesFromTheParameterOrTheAcceptHeaderAndIsXmlByDefault() {
        assertTrue(get("/recs/1/kibo?widget=w").header("content-type").startsWith("application/xml"));
        assertTrue(get("/recs/1/kibo?widget=w", "Accept", "*/*").header("content-type").startsWith("application/xml"));
        assertEquals("application/json", get("/recs/1/kibo?widget=w", "Accept", "application/json, text/xml;q=0.5")
                .header("content-type"));
        assertTrue(get("/recs/1/kibo?widget=w&format=XML", "Accept", "application/json").header("content-type")
                .startsWith("application/xml"));
    }

    @Test
    void badInputIsA4xxJsonErrorNamingTheProblem() {
        // a bad widget setting is refused when set (a setting stored before that check: SettingsCheckOverHttpTest)
        io.anbefal.app.AnbefalException refused = org.junit.jupiter.api.Assertions.assertThrows(
                io.anbefal.app.AnbefalException.class,
                () -> app.configure(app.service("shop"), "kibo.widget.broken.slots", "many"));
        assertTrue(refused.getMessage().contains("kibo.widget.broken.slots"), refused.getMessage());
        String longId = "p".repeat(1500);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("/recs/1/kibo?widget=w&slots=abc", "slots");
        cases.put("/recs/1/kibo?widget=w&slots=0", "slots");
        cases.put("/recs/1/kibo?widget=w&format=yaml", "format");
        cases.put("/recs/1/kibo?widget=w&productId=" + longId, "productId");
        cases.put("/recs/1/kibo?widget=w&UserId=" + "u".repeat(300), "UserId");
        cases.put("/recs/1/kibo?widget=w&pageTemplate=pdp", "pageTemplate");
        StringBuilder many = new StringBuilder("/recs/1/kibo?widget=w");
        for (int i = 0; i < 51; i++) {
            many.append("&productId=p").append(i);
        }
        cases.put(many.toString(), "productId");
        cases.forEach((path, named) -> {
            Response r = get(path);
            assertEquals(400, r.status(), path + " -> " + r);
            assertFalse(r.json().get("statusOK").asBoolean());
            assertTrue(r.json().get("text").asText().contains(named), path + " -> " + r);
        });
        // a malformed escape (java.net.URI refuses to send it: over a plain socket) and a request line over
        // Helidon's limit are refused by Helidon before routing, with the same JSON error (http/Protocol), never a 500
        String raw = rawGet("/recs/1/kibo?widget=w&productId=%zz");
        assertTrue(raw.startsWith("HTTP/1.1 400") && raw.contains("\"statusOK\":false"), raw);
        String huge = rawGet("/recs/1/kibo?widget=w&productId=" + "p".repeat(20_000));
        assertTrue(huge.startsWith("HTTP/1.1 4"), huge);
        Response unknown = get("/recs/1/nosuchsite?widget=w");
        assertEquals(404, unknown.status());
        assertTrue(unknown.json().get("text").asText().contains("nosuchsite"), unknown.toString());
        Response post = server.send(server.request("/recs/1/kibo").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(405, post.status());
        assertEquals("GET", post.header("allow"));
    }

    private static String rawGet(String path) {
        try (Socket socket = new Socket("127.0.0.1", server.server().port())) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void browsersGetTheAjaxApisCorsPolicy() {
        Response allowed = get("/recs/1/kibo?widget=w&format=json", "Origin", TestServer.ORIGIN);
        assertEquals(200, allowed.status());
        assertEquals(TestServer.ORIGIN, allowed.header("access-control-allow-origin"));
        assertEquals("true", allowed.header("access-control-allow-credentials"));
        Response refused = get("/recs/1/kibo?widget=w", "Origin", "https://evil.test");
        assertEquals(403, refused.status());
        assertNull(refused.header("access-control-allow-origin"));
        assertTrue(refused.json().get("text").asText().contains("https://evil.test"));
        // no basic auth needed, and no Origin (a server or curl) is not refused
        assertEquals(200, get("/recs/1/kibo?widget=w").status());
    }

    @Test
    void itemIdsThatXmlCannotCarryStillGiveValidXml() throws Exception {
        server.update("kibo", "z1", "PURCHASE", "Q", "bad\\u0001id");
        String body = get("/recs/1/kibo?widget=w&productId=Q").body();
        schema().newValidator().validate(new StreamSource(new StringReader(body)));
        assertTrue(body.contains("bad\uFFFDid"), body);
    }
}
