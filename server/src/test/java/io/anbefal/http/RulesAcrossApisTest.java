package io.anbefal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.app.AnbefalException;
import io.anbefal.http.TestServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's Validation example ("price < 10", up to 10 results) over the real server, through every way a rule
 * reaches the one rule layer: a Sannsyn {@code filter:} tag, a recommender instance's {@code rules} setting and
 * Miso's {@code fq}; all answer the same products, only those under 10, all five of them. Bad rules are 4xx
 * naming them.
 */
class RulesAcrossApisTest {

    private static final String SITE = "theknot_shop";
    private static final String KEY = "knot-key-0123456789abcdefghijkl";
    /** The five products under 10 (the least popular of twenty). */
    private static final Set<String> CHEAP = Set.of("p15", "p16", "p17", "p18", "p19");

    @TempDir
    static Path data;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(data, SITE);
        server.server().anbefal().services().setApiKey(SITE, KEY);
        StringBuilder products = new StringBuilder();
        List<String> updates = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double price = i < 15 ? 50 + i : i - 14.5; // p15..p19 cost 0.5 to 4.5
            products.append(products.isEmpty() ? "" : ",").append("{\"product_id\":\"p").append(i)
                    .append("\",\"title\":\"Product ").append(i).append("\",\"price\":").append(price).append('}');
            for (int k = 0; k < 20 - i; k++) {
                updates.add("{\"customer\":\"c" + i + "_" + k + "\",\"entityIDs\":[\"p" + i + "\"],\"what\":\"PURCHASE\"}");
            }
        }
        Response put = server.send(server.request("/v1/products").header("X-API-KEY", KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":[" + products + "]}")).build());
        assertEquals(200, put.status(), put.toString());
        Response up = server.post("/recapi/1.0/update", "{\"service\":\"" + SITE + "\",\"updates\":["
                + String.join(",", updates) + "]}");
        assertEquals(200, up.status(), up.toString());
        server.server().anbefal().configure(server.server().anbefal().service(SITE), "recommender.cheapProduct.type", "PopularRecommender");
        server.server().anbefal().configure(server.server().anbefal().service(SITE), "recommender.cheapProduct.rules", "price < 10");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Response sannsyn(String recommender, String tags) {
        return server.post("/recapi/1.0/recommend", "{\"service\":\"" + SITE + "\",\"recommender\":\"" + recommender
                + "\",\"externalIds\":[],\"tags\":[" + tags + "],\"num\":10}");
    }

    private static List<String> result(Response r) {
        assertEquals(200, r.status(), r.toString());
        List<String> ids = new ArrayList<>();
        r.json().get("result").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    private static Response miso(String body) {
        return server.send(server.request("/v1/recommendation/user_to_products").header("X-API-KEY", KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static List<String> products(Response r) {
        assertEquals(200, r.status(), r.toString());
        List<String> ids = new ArrayList<>();
        for (JsonNode p : r.json().get("data").get("products")) {
            ids.add(p.get("product_id").asText());
        }
        return ids;
    }

    @Test
    void theSameFilterThroughATagAnInstanceAndMisoFqAnswersAllTheCheapProductsAndOnlyThem() {
        List<String> unfiltered = result(sannsyn("PopularRecommender", ""));
        assertEquals(10, unfiltered.size());
        assertTrue(unfiltered.stream().noneMatch(CHEAP::contains), "the premise: popularity alone finds none: " + unfiltered);

        List<String> byTag = result(sannsyn("PopularRecommender", "\"filter:price<10\""));
        assertEquals(CHEAP, new TreeSet<>(byTag));
        assertEquals(List.of("p15", "p16", "p17", "p18", "p19"), byTag, "in the recommender's order");
        assertEquals(byTag, result(sannsyn("cheapProduct", "")), "the instance's rules");
        List<String> byFq = products(miso("{\"user_id\":\"nobody\",\"rows\":10,\"fq\":\"price:[* TO 10}\"}"));
        assertEquals(byTag, byFq, "Miso's fq");
        assertEquals(byTag, products(miso("{\"user_id\":\"nobody\",\"rows\":10,\"fq\":\"price:{* TO 10}\"}")));
        assertEquals(byTag, result(server.get("/recapi/1.0/recommend/" + SITE + "/cheapProduct/x/10")));
    }

    @Test
    void whenMoreThanNumPassNumIsHonoured() {
        List<String> r = result(sannsyn("PopularRecommender", "\"filter:price < 60\""));
        assertEquals(10, r.size());
        assertEquals(List.of("p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"), r);
        List<String> three = result(server.post("/recapi/1.0/recommend", "{\"service\":\"" + SITE
                + "\",\"recommender\":\"cheapProduct\",\"externalIds\":[],\"tags\":[\"filter:price > 2\"],\"num\":3}"));
        assertEquals(List.of("p17", "p18", "p19"), three, "the tag's filter and the instance's together");
    }

    @Test
    void pinsAndBoostsThroughTheDialects() {
        List<String> pinned = result(sannsyn("cheapProduct", "\"rule:pin p0 at 2\", \"rule:exclude p16\""));
        assertEquals(List.of("p15", "p0", "p17", "p18", "p19"), pinned);
        List<String> boosted = products(miso("{\"user_id\":\"nobody\",\"rows\":4,\"fq\":\"price:[* TO 10]\","
                + "\"boost_fq\":\"price:[3 TO *]\"}"));
        assertEquals(List.of("p18", "p19", "p15", "p16"), boosted);
    }

    @Test
    void badRulesAre4xxNamingThem() {
        Response tag = sannsyn("PopularRecommender", "\"filter:price <\"");
        assertEquals(400, tag.status(), tag.toString());
        assertTrue(tag.body().contains("rule 'price <' is invalid: expected a value after '<'"), tag.toString());
        Response fq = miso("{\"user_id\":\"nobody\",\"fq\":\"price:[* TO\"}");
        assertEquals(422, fq.status(), fq.toString());
        assertTrue(fq.body().contains("fq is invalid"), fq.toString());
        AnbefalException setting = assertThrows(AnbefalException.class,
                () -> server.server().anbefal().configure(server.server().anbefal().service(SITE), "recommender.cheapProduct.rules", "price <<< 1"));
        assertEquals(AnbefalException.Kind.BAD_INPUT, setting.kind());
        assertTrue(setting.getMessage().contains("recommender.cheapProduct.rules"), setting.getMessage());
        assertEquals(CHEAP, new TreeSet<>(result(sannsyn("cheapProduct", ""))), "the stored rules stay");
    }
}
