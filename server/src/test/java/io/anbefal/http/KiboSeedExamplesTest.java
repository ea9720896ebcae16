package io.anbefal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.http.TestServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every example request of Kibo RTI's recommendation server API document (a copy of the seed in test resources),
 * verbatim but for the host, against a running server whose services are named as the sites and have a history:
 * 200 in XML (the default) and JSON (by Accept header), the documented shape, the XML valid by /recs/1/schema.
 * Plus the storefront call Kibo's own code made.
 */
class KiboSeedExamplesTest {

    private static final Pattern EXAMPLE = Pattern.compile("http://customer-code\\.baynote\\.net(?::80)?(/recs/1/\\S+)");
    static final String A0678 = "http://www.madewell.com/madewell_category/SWIM/Swimtops/PRDOVR~A0678/A0678.jsp";
    /** What the default widget resolution must answer with on each site's history (see docs/api.md). */
    private static final Map<String, String> ALGO = Map.of("madewell_www", "ItemToItemRecommender",
            "hayneedle_www", "ProductForCustomerRecommender", "theknot_shop", "PopularRecommender");

    @TempDir
    static Path data;
    static TestServer server;
    static Schema schema;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(data, "madewell_www", "hayneedle_www", "theknot_shop");
        server.update("madewell_www", "m1", "PURCHASE", A0678, "P100");
        server.update("madewell_www", "m2", "PURCHASE", "P45679", "P200");
        server.update("madewell_www", "m3", "PURCHASE", A0678, "P45679");
        server.update("hayneedle_www", "6924170156614971576", "BROWSE", "H1");
        server.update("hayneedle_www", "h2", "PURCHASE", "H1", "H2");
        server.update("hayneedle_www", "h3", "PURCHASE", "H1", "H3");
        server.update("theknot_shop", "k1", "PURCHASE", "http://weddingshop.theknot.com/paper-lantern.aspx");
        server.update("theknot_shop", "k2", "PURCHASE", "http://weddingshop.theknot.com/paper-lantern.aspx", "veil");
        schema = schema(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Schema schema(TestServer server) throws Exception {
        Response xsd = server.send(server.request("/recs/1/schema").GET().build());
        assertEquals(200, xsd.status(), xsd.toString());
        assertTrue(xsd.header("content-type").startsWith("application/xml"), xsd.header("content-type"));
        return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(new StreamSource(new StringReader(xsd.body())));
    }

    static List<String> examples() throws IOException {
        String seed;
        try (InputStream in = KiboSeedExamplesTest.class.getResourceAsStream(
                "/seeds/kibo-rti-recommendation-server-api.txt")) {
            seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> paths = new ArrayList<>();
        Matcher m = EXAMPLE.matcher(seed);
        while (m.find()) {
            paths.add(m.group(1));
        }
        return paths;
    }

    @TestFactory
    List<DynamicTest> everyExampleOfTheSeedAnswersInXmlAndJson() throws IOException {
        List<String> examples = examples();
        assertEquals(4, examples.size(), "example requests found in the seed: " + examples);
        List<DynamicTest> tests = new ArrayList<>();
        for (String path : examples) {
            tests.add(DynamicTest.dynamicTest("XML " + path, () -> xml(path)));
            tests.add(DynamicTest.dynamicTest("JSON " + path, () -> json(path)));
        }
        return tests;
    }

    @Test
    void theStorefrontCallOfKibosOwnCodeAnswersJson() {
        String source = "http%3A%2F%2Fwww.madewell.com%2Fp%2FP45679.jsp%3Fcolor%3Dblue%26size%3DM";
        JsonNode json = json("/recs/1/madewell_www?attrs=Price&attrs=ProductId&attrs=Title&attrs=url&userId=m9"
                + "&source=" + source + "&productId=P45679&format=json");
        assertEquals("pageTemplate", json.get("type").asText());
        JsonNode slot = json.at("/widgetResults/0/slotResults/0");
        assertEquals("ProductId", slot.at("/attrs/0/name").asText(), json.toString());
        assertEquals(slot.get("url").asText(), slot.at("/attrs/0/values/0").asText());
    }

    private static String site(String path) {
        return URI.create(path).getPath().substring("/recs/1/".length());
    }

    static JsonNode json(String path) {
        Response r = server.send(server.request(path).header("Accept", "application/json").GET().build());
        assertEquals(200, r.status(), r.toString());
        assertEquals("application/json", r.header("content-type"));
        JsonNode json = r.json();
        assertTrue(json.get("trackingData").isTextual(), json.toString());
        assertTrue(json.get("responseId").isTextual(), json.toString());
        assertTrue(json.get("merchModel").asText().matches("[0-9a-f]{64}:[0-9]+"), json.toString());
        JsonNode widgets = json.get("widgetResults");
        assertEquals(1, widgets.size(), json.toString());
        JsonNode w = widgets.get(0);
        for (String field : List.of("id", "displayName", "placeholderName", "algoName")) {
            assertTrue(w.get(field).isTextual(), field + " in " + w);
        }
        assertEquals(ALGO.get(site(path)), w.get("algoName").asText(), json.toString());
        assertFalse(w.get("slotResults").isEmpty(), "no slot filled: " + json);
        int n = 0;
        int rank = 0;
        JsonNode origins;
        try {
            origins = Payloads.JSON.readTree(java.util.Base64.getDecoder().decode(json.get("trackingData").asText()))
                    .at("/widgets/0/origins");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (JsonNode slot : w.get("slotResults")) {
            n++;
            assertEquals(n, slot.get("slot").asInt());
            // no filter: the recommender's own slots rank 1, 2, 3; a fallback's continue after them, counting the
            // entities it scanned (those already answered among them)
            if (origins.get(n - 1).asText().equals(w.get("algoName").asText())) {
                assertEquals(n, slot.get("rank").asInt(), json.toString());
            }
            assertTrue(slot.get("rank").asInt() > rank, "ranks increase: " + json);
            rank = slot.get("rank").asInt();
            assertTrue(slot.get("scanTime").asLong() >= 0, slot.toString());
            assertTrue(slot.get("Explanations").isEmpty(), slot.toString());
            assertTrue(slot.get("url").isTextual());
            assertEquals("ProductId", slot.at("/attrs/0/name").asText(), slot.toString());
            assertEquals(slot.get("url").asText(), slot.at("/attrs/0/values/0").asText());
        }
        return json;
    }

    static void xml(String path) throws Exception {
        Response r = server.send(server.request(path).GET().build());
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.header("content-type").startsWith("application/xml"), r.header("content-type"));
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        schema.newValidator().validate(new StreamSource(new ByteArrayInputStream(body)));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
        Element root = doc.getDocumentElement();
        assertEquals("recResult", root.getTagName());
        NodeList widgets = root.getElementsByTagName("widgetResults");
        assertEquals(1, widgets.getLength(), r.body());
        Element w = (Element) widgets.item(0);
        assertEquals(ALGO.get(site(path)), w.getElementsByTagName("algoName").item(0).getTextContent(), r.body());
        NodeList slots = w.getElementsByTagName("slotResults");
        assertTrue(slots.getLength() > 0, "no slot filled: " + r.body());
        assertEquals("1", ((Element) slots.item(0)).getAttribute("slot"));
    }
}
