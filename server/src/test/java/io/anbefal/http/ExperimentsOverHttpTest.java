package io.anbefal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.http.TestServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Experiments over the real server: configured through the settings API, the variant named in the Sannsyn origin,
 * in Kibo's {@code <abTest>} and trackingData (XML valid by the served XSD, and JSON), in Miso's answer, and the
 * exposures and clicks reported with those origins counted per variant in the stats.
 */
class ExperimentsOverHttpTest {

    @TempDir
    static Path data;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(data, "shop");
        server.server().anbefal().services().setApiKey("shop", "shop-key-0123456789abcdefghijkl");
        for (String c : List.of("c1", "c2", "c3")) {
            server.update("shop", c, "PURCHASE", "A", "B");
        }
        server.update("shop", "c4", "PURCHASE", "A", "C");
        Response r = put("/recapi/1.0/settings/shop", """
                {"recommender.Cosine.type": "ItemToItemRecommender", "recommender.Cosine.alpha": "0.9",
                 "experiment.pdp.placement": "ItemToItemRecommender", "experiment.pdp.variants": "A,B",
                 "experiment.pdp.variant.B.recommender": "Cosine",
                 "kibo.widget.similar.recommender": "ItemToItemRecommender",
                 "experiment.miso.placement": "miso:product_to_products", "experiment.miso.variants": "old,new",
                 "experiment.miso.variant.new.settings.neighbours": "1"}""");
        assertEquals(200, r.status(), r.toString());
        assertEquals("Cosine", r.json().get("settings").get("experiment.pdp.variant.B.recommender").asText());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Response put(String path, String body) {
        return server.send(server.authed(path).PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void aBadExperimentIsA400NamingTheSettingAndNothingIsSet() {
        Response r = put("/recapi/1.0/settings/shop", """
                {"experiment.x.placement": "NoSuchRecommender", "experiment.x.variants": "A,B"}""");
        assertEquals(400, r.status(), r.toString());
        assertTrue(r.body().contains("experiment.x.placement 'NoSuchRecommender' is no recommender"), r.body());
        assertFalse(server.get("/recapi/1.0/settings/shop").json().get("settings").has("experiment.x.variants"));
        assertEquals(400, put("/recapi/1.0/settings/shop", "{\"experiment.pdp.variants\": 2}").status());
        assertEquals(400, put("/recapi/1.0/settings/shop", "{}").status());
        assertEquals(404, put("/recapi/1.0/settings/nosuch", "{\"a\":\"b\"}").status());
    }

    /** The Sannsyn answer's origin for a person. */
    static String origin(String person) {
        Response r = server.post("/recapi/1.0/recommend", "{\"service\":\"shop\",\"recommender\":"
                + "\"ItemToItemRecommender\",\"externalIds\":[\"A\"],\"tags\":[\"userid:" + person + "\"],\"num\":3}");
        assertEquals(200, r.status(), r.toString());
        return r.json().get("origin").asText();
    }

    @Test
    void theSannsynOriginNamesTheVariantAndTheStatsCountEachVariant() {
        Map<String, String> originOf = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            String person = "p" + i;
            String origin = origin(person);
            assertEquals(origin, origin(person), "the same person, the same variant");
            assertTrue(origin.equals("ItemToItemRecommender@pdp/A") || origin.equals("Cosine@pdp/B"), origin);
            originOf.put(person, origin);
        }
        assertEquals(2, originOf.values().stream().distinct().count(), "both variants are served: " + originOf);
        // each person is exposed to two items and clicks one if in B, none if in A
        long a = 0;
        long b = 0;
        StringBuilder updates = new StringBuilder();
        for (Map.Entry<String, String> e : originOf.entrySet()) {
            boolean inB = e.getValue().endsWith("/B");
            a += inB ? 0 : 1;
            b += inB ? 1 : 0;
            String u = "{\"customer\":\"%s\",\"entityIDs\":[\"B\",\"C\"],\"what\":\"RECEXPOSURE\",\"origin\":\"%s\"}"
                    .formatted(e.getKey(), e.getValue());
            updates.append(updates.isEmpty() ? "" : ",").append(u);
            if (inB) {
                updates.append(",{\"customer\":\"%s\",\"entityIDs\":[\"B\"],\"what\":\"RECCLICK\",\"origin\":\"%s\"}"
                        .formatted(e.getKey(), e.getValue()));
            }
        }
        assertEquals(200, server.post("/recapi/1.0/update", "{\"service\":\"shop\",\"updates\":[" + updates + "]}")
                .status());
        JsonNode stats = server.get("/recapi/1.0/stats/shop").json();
        JsonNode pdp = experiment(stats, "pdp");
        assertEquals("ItemToItemRecommender", pdp.get("placement").asText());
        assertEquals("A", pdp.get("variants").get(0).get("variant").asText());
        assertEquals(2 * a, pdp.get("variants").get(0).get("exposures").asLong());
        assertEquals(0, pdp.get("variants").get(0).get("clicks").asLong());
        assertEquals(2 * b, pdp.get("variants").get(1).get("exposures").asLong());
        assertEquals(b, pdp.get("variants").get(1).get("clicks").asLong());
        assertEquals(0.5, pdp.get("variants").get(1).get("ctr").asDouble(), 1e-9);
        JsonNode c = pdp.get("comparisons").get(0);
        assertEquals(0.5, c.get("difference").asDouble(), 1e-9);
        // the control's CTR is 0: se = sqrt(0.25 / 2b), the interval 0.5 ± 1.96 se
        double se = Math.sqrt(0.25 / (2 * b));
        assertEquals(0.5 - 1.959963984540054 * se, c.get("ci95").get(0).asDouble(), 1e-9);
        assertTrue(stats.get("experimentMethod").asText().contains("normal approximation"));
    }

    static JsonNode experiment(JsonNode stats, String name) {
        for (JsonNode e : stats.get("experiments")) {
            if (e.get("name").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no experiment " + name + " in " + stats);
    }

    @Test
    void kiboAnswersCarryAbTestAndTrackingDataInXmlValidByTheSchemaAndInJson() throws Exception {
        for (int i = 0; i < 20; i++) {
            String person = "k" + i;
            String variant = origin(person).endsWith("/B") ? "B" : "A";
            Response xml = server.get("/recs/1/shop?widget=similar&productId=A&userId=" + person);
            assertEquals(200, xml.status(), xml.toString());
            SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                    .newSchema(new StreamSource(new StringReader(server.get("/recs/1/schema").body())))
                    .newValidator().validate(new StreamSource(new StringReader(xml.body())));
            var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.body().getBytes(StandardCharsets.UTF_8)));
            assertEquals("pdp/" + variant, doc.getElementsByTagName("merchLabel").item(0).getTextContent());
            assertEquals("pdp", doc.getElementsByTagName("testName").item(0).getTextContent());
            assertEquals(variant, doc.getElementsByTagName("variantName").item(0).getTextContent());
            JsonNode tracking = Payloads.JSON.readTree(Base64.getDecoder().decode(
                    doc.getElementsByTagName("trackingData").item(0).getTextContent()));
            JsonNode widget = tracking.get("widgets").get(0);
            assertEquals(variant, widget.get("abTest").get("variantName").asText());
            assertTrue(widget.get("origin").asText().endsWith("@pdp/" + variant));

            JsonNode json = server.get("/recs/1/shop?widget=similar&productId=A&format=json&userId=" + person).json();
            assertEquals(variant, json.get("abTest").get(0).get("variantName").asText());
            assertEquals("pdp/" + variant, json.get("abTest").get(0).get("merchLabel").asText());
            assertTrue(json.get("widgetResults").get(0).get("algoName").asText().endsWith("@pdp/" + variant));
        }
        // a request without a person is outside the experiment: no abTest
        JsonNode anonymous = server.get("/recs/1/shop?widget=similar&productId=A&format=json").json();
        assertFalse(anonymous.has("abTest"), anonymous.toString());
        assertEquals("ItemToItemRecommender", anonymous.get("widgetResults").get(0).get("algoName").asText());
    }

    @Test
    void misoAnswersNameTheVariantAndItsMisoIdCarriesItBackInInteractions() {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            Response r = server.send(server.request("/v1/recommendation/product_to_products")
                    .header("X-API-KEY", "shop-key-0123456789abcdefghijkl")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"product_id\":\"A\",\"user_id\":\"m" + i + "\"}"))
                    .build());
            assertEquals(200, r.status(), r.toString());
            JsonNode d = r.json().get("data");
            String variant = d.get("experiment").get("variant").asText();
            assertEquals("miso", d.get("experiment").get("name").asText());
            assertEquals("miso/" + variant, d.get("experiment").get("label").asText());
            String misoId = d.get("miso_id").asText();
            assertTrue(misoId.startsWith("ItemToItemRecommender@miso/" + variant + ":"), misoId);
            seen.merge(variant, 1, Integer::sum);
            Response sent = server.send(server.request("/v1/interactions")
                    .header("X-API-KEY", "shop-key-0123456789abcdefghijkl")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"data\":[{\"type\":\"click\","
                            + "\"user_id\":\"m" + i + "\",\"product_ids\":[\"B\"],\"miso_id\":\"" + misoId + "\"},"
                            + "{\"type\":\"viewable_impression\",\"user_id\":\"m" + i + "\",\"product_ids\":[\"B\"],"
                            + "\"miso_id\":\"" + misoId + "\"}]}")).build());
            assertEquals(200, sent.status(), sent.toString());
        }
        assertEquals(2, seen.size(), "both variants: " + seen);
        JsonNode miso = experiment(server.get("/recapi/1.0/stats/shop").json(), "miso");
        long exposures = 0;
        for (JsonNode v : miso.get("variants")) {
            exposures += v.get("exposures").asLong();
            assertEquals(seen.get(v.get("variant").asText()).longValue(), v.get("exposures").asLong(), miso.toString());
        }
        assertEquals(20, exposures);
        long clicks = 0;
        for (JsonNode v : miso.get("variants")) {
            clicks += v.get("clicks").asLong();
        }
        assertEquals(20, clicks);
    }
}
