package io.anbefal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.http.TestServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator's dashboard: the page behind basic auth, and {@code GET /recapi/1.0/activity} it reads. */
class AdminDashboardTest {

    @TempDir
    static Path data;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(data, "shop");
        server.server().anbefal().services().add("rival", "rivaluser", "rivalpass", List.of("https://rival.test"));
        server.server().anbefal().configure(server.server().anbefal().service("shop"), "crec.secret", "do-not-show-this-secret");
        server.server().anbefal().configure(server.server().anbefal().service("shop"), "category-tag", "cat");
        // 2026-11-01T00:00:00Z = 1793491200: three hours of a scripted session
        server.post("/recapi/1.0/update", """
                {"service":"shop","updates":[
                 {"customer":"a","entityIDs":["p1","p2"],"what":"RECEXPOSURE","origin":"Top","time":1793491200},
                 {"customer":"c","entityIDs":["p2"],"what":"RECEXPOSURE","origin":"Top","time":1793491500},
                 {"customer":"a","entityIDs":["p1"],"what":"RECCLICK","origin":"Top","time":1793491300},
                 {"customer":"b","entityIDs":["p1","p3"],"what":"RECEXPOSURE","origin":"I2I","time":1793494800},
                 {"customer":"b","entityIDs":["p3"],"what":"BROWSE","where":"web","time":1793498400},
                 {"customer":"b","entityIDs":["p3"],"what":"RECCLICK","origin":"I2I","time":1793498500},
                 {"customer":"c","entityIDs":["p9"],"what":"BROWSE","time":1793600000}]}""");
        Response rival = server.send(server.request("/recapi/1.0/update")
                .header("Authorization", TestServer.basic("rivaluser", "rivalpass"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
                {"service":"rival","updates":[{"customer":"r","entityIDs":["secret-item"],"what":"RECEXPOSURE",
                 "origin":"Top","time":1793491200}]}""")).build());
        assertEquals(200, rival.status(), rival.toString());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static final String RANGE = "?from=1793491200&to=2026-11-01T03:00:00Z&buckets=3";

    @Test
    void activityCountsPerWhatInBucketsTopItemsAndTheLatestUpdates() {
        JsonNode a = server.get("/recapi/1.0/activity/shop" + RANGE).json();
        assertEquals(3600.0, a.get("bucketSeconds").asDouble(), a.toString());
        assertEquals(List.of("2026-11-01T00:00:00Z", "2026-11-01T01:00:00Z", "2026-11-01T02:00:00Z"),
                strings(a.get("buckets")));
        assertEquals("[3,2,0]", a.get("series").get("RECEXPOSURE").toString());
        assertEquals("[1,0,1]", a.get("series").get("RECCLICK").toString());
        assertEquals("[0,0,1]", a.get("series").get("BROWSE").toString(), "the update after the range is left out");
        assertEquals("[{\"id\":\"p1\",\"count\":2},{\"id\":\"p2\",\"count\":2},{\"id\":\"p3\",\"count\":1}]",
                a.get("topExposed").toString());
        assertEquals("[{\"id\":\"p1\",\"count\":1},{\"id\":\"p3\",\"count\":1}]", a.get("topClicked").toString());
        JsonNode recent = a.get("recent");
        assertEquals(6, recent.size());
        assertEquals("RECCLICK", recent.get(0).get("what").asText(), "newest first");
        assertEquals("2026-11-01T02:01:40Z", recent.get(0).get("time").asText());
        assertEquals("web", recent.get(1).get("where").asText());
        assertEquals("[\"p1\",\"p2\"]", recent.get(5).get("entityIDs").toString());
        assertEquals("cat", a.get("settings").get("category-tag").asText());
        assertFalse(a.toString().contains("do-not-show-this-secret"), "a secret setting is masked: " + a);
        assertEquals("[\"" + TestServer.ORIGIN + "\"]", a.get("origins").toString());

        JsonNode stats = server.get("/recapi/1.0/stats/shop" + RANGE).json();
        for (String what : List.of("RECEXPOSURE", "RECCLICK", "BROWSE")) {
            long sum = 0;
            for (JsonNode n : a.get("series").get(what)) {
                sum += n.asLong();
            }
            assertEquals(stats.get("what").get(what).asLong(), sum, "the series adds up to the stats of " + what);
        }
        JsonNode tail = server.get("/recapi/1.0/activity/shop" + RANGE + "&tail=2&top=1").json();
        assertEquals(2, tail.get("recent").size());
        assertEquals(1, tail.get("topExposed").size());
    }

    @Test
    void aServiceSeesOnlyItself() {
        Response other = server.get("/recapi/1.0/activity/rival" + RANGE);
        assertEquals(403, other.status(), other.toString());
        assertTrue(other.json().get("text").asText().contains("no access to service 'rival'"));
        Response anonymous = server.send(server.request("/recapi/1.0/activity/shop").GET().build());
        assertEquals(401, anonymous.status());
        assertTrue(anonymous.header("WWW-Authenticate").startsWith("Basic"));
        Response wrong = server.send(server.request("/recapi/1.0/activity/shop")
                .header("Authorization", TestServer.basic(TestServer.USER, "nope")).GET().build());
        assertEquals(401, wrong.status());
        assertEquals(404, server.get("/recapi/1.0/activity/nosuchshop").status());
        JsonNode rival = server.send(server.request("/recapi/1.0/activity/rival" + RANGE)
                .header("Authorization", TestServer.basic("rivaluser", "rivalpass")).GET().build()).json();
        assertEquals("[{\"id\":\"secret-item\",\"count\":1}]", rival.get("topExposed").toString());
        assertFalse(server.get("/recapi/1.0/activity/shop" + RANGE).body().contains("secret-item"));
    }

    @Test
    void badParametersAreClearErrors() {
        assertBad("?buckets=0", "buckets must be an integer from 1 to 500, not '0'");
        assertBad("?top=many", "top must be an integer from 1 to 100, not 'many'");
        assertBad("?tail=201", "tail must be an integer from 1 to 200");
        assertBad("?from=2000&to=1000", "from must be before to");
        assertBad("?from=yesterday", "from must be unix seconds or an ISO-8601 instant");
        assertEquals(405, server.send(server.authed("/recapi/1.0/activity/shop")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build()).status());
    }

    @Test
    void thePageAsksForBasicAuthAndListsTheServicesOfItsUser() {
        Response anonymous = server.send(server.request("/admin").GET().build());
        assertEquals(401, anonymous.status());
        assertTrue(anonymous.header("WWW-Authenticate").startsWith("Basic realm="), anonymous.header("WWW-Authenticate"));
        Response page = server.get("/admin");
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/html"));
        assertTrue(page.body().contains("content=\"shop\""), "the user's services, and no other");
        Response rival = server.send(server.request("/admin")
                .header("Authorization", TestServer.basic("rivaluser", "rivalpass")).GET().build());
        assertTrue(rival.body().contains("content=\"rival\""));
        Response chart = server.send(server.request("/admin/chart.umd.js").GET().build());
        assertEquals(200, chart.status());
        assertTrue(chart.body().contains("Chart.js"), "Chart.js from its webjar");
        assertTrue(server.send(server.request("/admin/admin.js").GET().build()).body().contains("/recapi/1.0/activity/"));
    }

    private static void assertBad(String query, String text) {
        Response r = server.get("/recapi/1.0/activity/shop" + query);
        assertEquals(400, r.status(), r.toString());
        assertTrue(r.json().get("text").asText().contains(text), r.toString());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
