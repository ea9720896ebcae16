package io.anbefal.http.sannsyn;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.http.TestServer.Response;
import io.anbefal.http.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server-side API over real HTTP against a real H2 file: every endpoint, its success and its errors. */
class RecApiRoutingTest {

    @TempDir
    static Path data;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(data, "shop", "other");
        server.server().anbefal().services().add("private", "stranger", "secret", List.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String update(String service, String customer, String entity, String what) {
        return """
                {"service":"%s","updates":[{"customer":"%s","entityIDs":["%s"],"what":"%s"}]}"""
                .formatted(service, customer, entity, what);
    }

    private static long updates(String service) {
        return server.get("/recapi/1.0/servicestatus/" + service).json().get("numUpdates").asLong();
    }

    private static void assertError(int status, Response r, String mentions) {
        assertEquals(status, r.status(), r.toString());
        JsonNode body = r.json();
        assertFalse(body.get("statusOK").asBoolean(), r.toString());
        assertTrue(body.get("text").asText().contains(mentions), "expected '" + mentions + "' in " + r);
        assertEquals("application/json", r.header("content-type"));
    }

    @Test
    void updateByPostAndPutIsTransmitted() {
        long before = updates("shop");
        Response post = server.post("/recapi/1.0/update", update("shop", "12345", "DrMartens-90", "PURCHASE"));
        assertEquals(200, post.status(), post.toString());
        assertEquals("{\"text\":\"Message transmitted\",\"statusOK\":true}", post.body());
        Response put = server.send(server.authed("/recapi/1.0/update")
                .PUT(HttpRequest.BodyPublishers.ofString(update("shop", "12345", "Adidas-102", "BROWSE"))).build());
        assertEquals(200, put.status(), put.toString());
        assertEquals(before + 2, updates("shop"));
    }

    @Test
    void credentialsAreChecked() {
        String body = update("shop", "c", "e", "BROWSE");
        Response none = server.send(server.request("/recapi/1.0/update").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertError(401, none, "authentication required");
        assertTrue(none.header("www-authenticate").startsWith("Basic"), none.toString());
        Response wrong = server.send(server.request("/recapi/1.0/update")
                .header("Authorization", TestServer.basic("username", "nope")).POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertError(401, wrong, "wrong user name or password");
        assertNotNull(wrong.header("www-authenticate"));
        assertError(403, server.post("/recapi/1.0/update", update("private", "c", "e", "BROWSE")), "no access to service 'private'");
        assertError(404, server.post("/recapi/1.0/update", update("nosuchshop", "c", "e", "BROWSE")), "unknown service 'nosuchshop'");
        assertError(403, server.get("/recapi/1.0/servicestatus/private"), "no access");
        assertError(401, server.send(server.request("/recapi/1.0/stats/shop").GET().build()), "authentication required");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "malformed JSON|{\"service\":\"shop\",\"updates\":[|malformed JSON at line 1",
        "not an object|[1,2]|must be a JSON object",
        "empty body||request body is empty",
        "no service|{\"updates\":[]}|service is missing",
        "service not a string|{\"service\":5,\"updates\":[]}|service must be a string",
        "no updates|{\"service\":\"shop\"}|updates is missing",
        "updates empty|{\"service\":\"shop\",\"updates\":[]}|updates is empty",
        "updates not array|{\"service\":\"shop\",\"updates\":{}}|updates must be an array",
        "no customer|{\"service\":\"shop\",\"updates\":[{\"entityIDs\":[\"a\"],\"what\":\"BROWSE\"}]}|updates[0].customer is missing",
        "no entities|{\"service\":\"shop\",\"updates\":[{\"customer\":\"c\",\"what\":\"BROWSE\"}]}|updates[0].entityIDs is missing",
        "empty entities|{\"service\":\"shop\",\"updates\":[{\"customer\":\"c\",\"entityIDs\":[],\"what\":\"BROWSE\"}]}|updates[0].entityIDs is empty",
        "entity not string|{\"service\":\"shop\",\"updates\":[{\"customer\":\"c\",\"entityIDs\":[7],\"what\":\"BROWSE\"}]}|updates[0].entityIDs[0] must be a non-empty string",
        "no what|{\"service\":\"shop\",\"updates\":[{\"customer\":\"c\",\"entityIDs\":[\"a\"]}]}|updates[0].what is missing",
        "bad time|{\"service\":\"shop\",\"updates\":[{\"customer\":\"c\",\"entityIDs\":[\"a\"],\"what\":\"X\",\"time\":\"today\"}]}|updates[0].time must be",
        "bad number|{\"service\":\"shop\",\"updates\":[{\"customer\":\"c\",\"entityIDs\":[\"a\"],\"what\":\"X\",\"number\":1.5}]}|updates[0].number must be an integer",
        "bad tags|{\"service\":\"shop\",\"updates\":[{\"customer\":\"c\",\"entityIDs\":[\"a\"],\"what\":\"X\",\"tags\":\"t\"}]}|updates[0].tags must be an array",
    })
    void badUpdatesAre400(String name, String body, String mentions) {
        assertError(400, server.post("/recapi/1.0/update", body == null ? "" : body), mentions);
    }

    @Test
    void aBatchIsAppliedWholeOrNotAtAll() {
        long before = updates("shop");
        Response r = server.post("/recapi/1.0/update", """
                {"service":"shop","updates":[
                  {"customer":"c1","entityIDs":["ok"],"what":"BROWSE"},
                  {"customer":"c1","entityIDs":["bad"]}]}""");
        assertError(400, r, "updates[1].what is missing");
        assertEquals(before, updates("shop"));
    }

    @Test
    void aRepeatedEventIdIsAcknowledgedButStoredOnce() {
        long before = updates("shop");
        String body = """
                {"service":"shop","updates":[{"customer":"c9","entityIDs":["x"],"what":"RECCLICK","origin":"R","eventId":"ev-1"},
                                             {"customer":"c9","entityIDs":["x"],"what":"RECCLICK","origin":"R","eventId":"ev-1"}]}""";
        assertEquals(200, server.post("/recapi/1.0/update", body).status());
        assertEquals(200, server.post("/recapi/1.0/update", body).status());
        assertEquals(before + 1, updates("shop"));
        // the same eventId in another service is another event
        long otherBefore = updates("other");
        assertEquals(200, server.post("/recapi/1.0/update", body.replace("\"shop\"", "\"other\"")).status());
        assertEquals(otherBefore + 1, updates("other"));
    }

    @Test
    void transportErrors() {
        Response big = server.post("/recapi/1.0/update", "{\"service\":\"shop\",\"pad\":\"" + "x".repeat(1 << 20) + "\"}");
        assertError(413, big, "larger than the limit");
        Response xml = server.send(server.authed("/recapi/1.0/update").header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString("<x/>")).build());
        assertError(415, xml, "application/xml");
        Response get = server.get("/recapi/1.0/update");
        assertError(405, get, "GET is not allowed on /recapi/1.0/update");
        assertEquals("POST, PUT", get.header("allow"));
        assertError(405, server.send(server.authed("/recapi/1.0/servicestatus/shop").DELETE().build()), "DELETE is not allowed");
        assertError(404, server.get("/recapi/1.0/nothing"), "no such resource");
        assertError(404, server.get("/elsewhere"), "no such resource");
    }

    @Test
    void recommendAnswersResultAndOrigin() {
        server.post("/recapi/1.0/update", update("shop", "r1", "p1", "PURCHASE"));
        Response r = server.post("/recapi/1.0/recommend", """
                {"service":"shop","recommender":"PopularRecommender","externalIds":["r2"],"num":3}""");
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.json().get("result").isArray());
        assertTrue(r.json().get("result").size() <= 3);
        assertEquals("PopularRecommender", r.json().get("origin").asText());
        Response mip = server.send(server.authed("/recapi/1.0/miprecommend").PUT(HttpRequest.BodyPublishers.ofString("""
                {"service":"shop","recommender":"PopularRecommender","externalIds":[],"n":1}""")).build());
        assertEquals(200, mip.status(), mip.toString());
        assertTrue(mip.json().get("result").size() <= 1);
        Response path = server.get("/recapi/1.0/recommend/shop/PopularRecommender/r2/2");
        assertEquals(200, path.status(), path.toString());
        assertTrue(path.json().get("result").size() <= 2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "num zero|{\"service\":\"shop\",\"recommender\":\"PopularRecommender\",\"num\":0}|400|num must be from 1 to 1000",
        "num too big|{\"service\":\"shop\",\"recommender\":\"PopularRecommender\",\"num\":1001}|400|num must be from 1 to 1000",
        "n too big|{\"service\":\"shop\",\"recommender\":\"PopularRecommender\",\"n\":5000}|400|n must be from 1 to 1000",
        "num not a number|{\"service\":\"shop\",\"recommender\":\"PopularRecommender\",\"num\":\"many\"}|400|num must be an integer",
        "no recommender|{\"service\":\"shop\",\"externalIds\":[\"a\"]}|400|recommender is missing",
        "ids not strings|{\"service\":\"shop\",\"recommender\":\"PopularRecommender\",\"externalIds\":[1]}|400|externalIds[0] must be",
        "unknown recommender|{\"service\":\"shop\",\"recommender\":\"NoSuchRecommender\",\"externalIds\":[\"a\"]}|404|unknown recommender 'NoSuchRecommender'",
        "unknown service|{\"service\":\"nosuch\",\"recommender\":\"PopularRecommender\"}|404|unknown service 'nosuch'",
    })
    void badRecommendRequests(String name, String body, int status, String mentions) {
        assertError(status, server.post("/recapi/1.0/recommend", body), mentions);
    }

    @Test
    void recommendPathErrors() {
        assertError(400, server.get("/recapi/1.0/recommend/shop/PopularRecommender/x/ten"), "num must be an integer");
        assertError(400, server.get("/recapi/1.0/recommend/shop/PopularRecommender/x/0"), "num must be from 1");
        assertError(404, server.get("/recapi/1.0/recommend/shop/NoSuchRecommender/x/3"), "unknown recommender");
        assertError(404, server.get("/recapi/1.0/recommend/nosuch/PopularRecommender/x/3"), "unknown service");
    }

    @Test
    void serviceStatusCountsCustomersEntitiesAndUpdates() {
        server.post("/recapi/1.0/update", update("other", "s1", "e1", "BROWSE"));
        server.post("/recapi/1.0/update", update("other", "s2", "e2", "BROWSE"));
        JsonNode s = server.get("/recapi/1.0/servicestatus/other").json();
        assertEquals("other", s.get("serviceName").asText());
        assertEquals("RUNNING", s.get("status").asText());
        assertNotNull(java.time.Instant.parse(s.get("runningSince").asText()));
        assertTrue(s.get("numCustomers").asLong() >= 2, s.toString());
        assertTrue(s.get("numEntities").asLong() >= 2, s.toString());
        assertTrue(s.get("numUpdates").asLong() >= 2, s.toString());
        assertError(404, server.get("/recapi/1.0/servicestatus/nosuch"), "unknown service");
    }

    @Test
    void mergeMovesTheOldIdToTheNew() {
        server.post("/recapi/1.0/update", update("shop", "anon-77", "m1", "BROWSE"));
        Response r = server.get("/recapi/1.0/merge/shop/customer-77/anon-77");
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.json().get("statusOK").asBoolean());
        assertEquals("customer-77", server.server().anbefal().linkedTo(server.server().anbefal().service("shop"), "anon-77"));
        assertError(404, server.get("/recapi/1.0/merge/nosuch/a/b"), "unknown service");
    }

    @Test
    void statsCountExposuresClicksAndClickThroughRatePerOrigin() {
        JsonNode before = server.get("/recapi/1.0/stats/other").json();
        server.post("/recapi/1.0/update", """
                {"service":"other","updates":[
                 {"customer":"k","entityIDs":["p1"],"what":"RECEXPOSURE","origin":"StatsRec","time":1000},
                 {"customer":"k","entityIDs":["p2"],"what":"RECEXPOSURE","origin":"StatsRec","time":1000},
                 {"customer":"k","entityIDs":["p3","p4"],"what":"RECEXPOSURE","origin":"StatsRec","time":2000},
                 {"customer":"k","entityIDs":["p1"],"what":"RECCLICK","origin":"StatsRec","time":2000}]}""");
        JsonNode all = server.get("/recapi/1.0/stats/other").json();
        JsonNode rec = null;
        for (JsonNode r : all.get("recommenders")) {
            if (r.get("origin").asText().equals("StatsRec")) {
                rec = r;
            }
        }
        assertNotNull(rec, all.toString());
        assertEquals(4, rec.get("exposures").asLong());
        assertEquals(1, rec.get("clicks").asLong());
        assertEquals(0.25, rec.get("ctr").asDouble(), 1e-9);
        assertEquals(before.path("what").path("RECEXPOSURE").asLong() + 4, all.get("what").get("RECEXPOSURE").asLong());
        JsonNode late = server.get("/recapi/1.0/stats/other?from=1500&to=2026-01-01T00:00:00Z").json();
        assertEquals(2, late.get("what").get("RECEXPOSURE").asLong(), late.toString());
        assertEquals(1, late.get("what").get("RECCLICK").asLong(), late.toString());
        assertError(400, server.get("/recapi/1.0/stats/other?from=yesterday"), "from must be unix seconds or an ISO-8601 instant");
    }

    @Test
    void healthAnswers() {
        Response r = server.send(server.request("/health").GET().build());
        assertEquals(200, r.status());
        assertTrue(r.json().get("statusOK").asBoolean());
    }
}
