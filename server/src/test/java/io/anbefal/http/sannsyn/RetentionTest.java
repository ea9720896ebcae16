package io.anbefal.http.sannsyn;

import io.anbefal.AnbefalServer;
import io.anbefal.app.Retention;
import io.anbefal.http.TestServer;
import io.anbefal.http.TestServer.Response;
import io.anbefal.http.miso.ErasureTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code retention.days} setting on a real server over HTTP with the real H2 file: bad values are 400s naming
 * the setting; a pass removes the service's older updates from every table and from the model (item-to-item lists,
 * a person's history), in bounded steps; a restart from the snapshot and from a replay does not bring them back;
 * the service status and the metrics show the pass; and the server runs passes by itself.
 */
class RetentionTest {

    static final String SERVICE = "keep";
    static final long DAY_SECONDS = 86_400;

    @TempDir
    Path data;

    static void settings(TestServer server, String body, int status) {
        Response r = server.send(server.authed("/recapi/1.0/settings/" + SERVICE)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(status, r.status(), body + " -> " + r);
    }

    /** One person's browse of two items at a time (unix seconds). */
    static void browse(TestServer server, String person, long time, String... items) {
        List<String> quoted = new ArrayList<>();
        for (String item : items) {
            quoted.add('"' + item + '"');
        }
        Response r = server.post("/recapi/1.0/update", "{\"service\":\"" + SERVICE + "\",\"updates\":[{\"customer\":\""
                + person + "\",\"entityIDs\":[" + String.join(",", quoted) + "],\"what\":\"BROWSE\",\"time\":" + time + "}]}");
        assertEquals(200, r.status(), r.toString());
    }

    static List<String> related(TestServer server, String item) {
        Response r = server.get("/recapi/1.0/recommend/" + SERVICE + "/ItemToItemRecommender/" + item + "/10");
        assertEquals(200, r.status(), r.toString());
        List<String> ids = new ArrayList<>();
        r.json().get("result").forEach(n -> ids.add(n.asText()));
        if (!r.json().path("origin").asText().startsWith("ItemToItemRecommender")) {
            return List.of(); // a fallback answered: nothing is related
        }
        return ids;
    }

    static Response status(TestServer server) {
        Response r = server.get("/recapi/1.0/servicestatus/" + SERVICE);
        assertEquals(200, r.status(), r.toString());
        return r;
    }

    @Test
    void aBadRetentionSettingIsA400NamingItAndNothingIsSet() {
        try (TestServer server = new TestServer(data, SERVICE)) {
            for (String bad : List.of("\"-1\"", "\"soon\"", "\"NaN\"", "\"0.0001\"", "\"1e9\"")) {
                Response r = server.send(server.authed("/recapi/1.0/settings/" + SERVICE).PUT(
                        HttpRequest.BodyPublishers.ofString("{\"retention.days\":" + bad + "}")).build());
                assertEquals(400, r.status(), bad + " -> " + r);
                assertTrue(r.json().toString().contains("retention.days"), r.toString());
            }
            Response r = server.get("/recapi/1.0/settings/" + SERVICE);
            assertFalse(r.json().get("settings").has("retention.days"), r.toString());
            settings(server, "{\"retention.days\":\"30\"}", 200);
            settings(server, "{\"retention.days\":\"0\"}", 200);
            settings(server, "{\"retention.days\":null}", 200);
        }
    }

    @Test
    void aPassRemovesOldUpdatesFromTheLogAndTheModelAndARestartDoesNotBringThemBack() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        TestServer server = new TestServer(data, SERVICE);
        settings(server, "{\"retention.days\":\"30\"}", 200);
        // 60 days ago: olga views a and b (so a's related list holds b); recently: nina views c and d, and a and e
        for (int k = 0; k < 5; k++) {
            browse(server, "olga-ancient", now - 60 * DAY_SECONDS + k, "a", "b");
        }
        browse(server, "nina", now - DAY_SECONDS, "c", "d");
        browse(server, "nina", now - DAY_SECONDS + 1, "a", "e");
        assertTrue(related(server, "a").contains("b"), related(server, "a").toString());
        server.close();
        server = new TestServer(data);
        assertTrue(server.server().restoredFromSnapshot());
        assertTrue(ErasureTest.contains(Files.readAllBytes(data.resolve(AnbefalServer.SNAPSHOT)), "olga-ancient"));

        server.server().anbefal().retention().testing(System::currentTimeMillis, 2);
        List<Retention.Run> runs = server.server().anbefal().retention().runOnce();
        assertEquals(1, runs.size(), runs.toString());
        Retention.Run run = runs.getFirst();
        assertEquals(5, run.updates(), run.toString());
        assertTrue(run.steps() >= 3, "5 updates in steps of at most 2: " + run);
        assertTrue(run.relearnt());
        assertFalse(related(server, "a").contains("b"), "b was related to a only through the removed updates");
        assertTrue(related(server, "a").contains("e"), "the recent history stays learnt");
        assertTrue(related(server, "c").contains("d"));
        assertFalse(Files.exists(data.resolve(AnbefalServer.SNAPSHOT)), "the snapshot that held them is deleted");
        Response s = status(server);
        assertEquals(5, s.json().get("retention").get("lastRemovedUpdates").asInt(), s.toString());
        assertEquals(30, s.json().get("retention").get("days").asInt());
        assertEquals(2, s.json().get("numUpdates").asInt(), s.toString());
        Response metrics = server.send(server.request("/observe/metrics").header("Accept", "text/plain").GET().build());
        assertTrue(metrics.body().lines().anyMatch(l -> l.startsWith("anbefal_retention_removed_updates_total{")
                        && l.contains("service=\"keep\"") && l.endsWith(" 5.0")),
                () -> "the metric counts them: " + metrics.body().lines().filter(l -> l.contains("retention")).toList());
        assertEquals(List.of(), server.server().anbefal().retention().runOnce(), "claimed less than an interval ago");
        server.close();

        // from the snapshot written at the close, then from a replay of the log
        server = new TestServer(data);
        assertTrue(server.server().restoredFromSnapshot());
        assertFalse(related(server, "a").contains("b"));
        assertTrue(related(server, "a").contains("e"));
        server.close();
        Files.delete(data.resolve(AnbefalServer.SNAPSHOT));
        server = new TestServer(data);
        assertFalse(server.server().restoredFromSnapshot());
        assertFalse(related(server, "a").contains("b"));
        assertTrue(related(server, "c").contains("d"));
        server.close();
        assertEquals(List.of(), ErasureTest.scan(data, "olga-ancient"), "no row of any table holds the removed updates");
        assertFalse(ErasureTest.scan(data, "nina").isEmpty(), "the scan finds what is there");
    }

    @Test
    void theServerRunsPassesByItself() throws Exception {
        AnbefalServer.Settings quick = AnbefalServer.Settings.forTest(data);
        quick = new AnbefalServer.Settings(quick.host(), quick.port(), quick.shopPort(), quick.dataDir(),
                quick.maxBodyBytes(), quick.demo(), quick.snapshotEvery(), quick.accessLog(), quick.database(),
                Duration.ofMillis(200));
        try (TestServer server = new TestServer(quick, SERVICE)) {
            long now = System.currentTimeMillis() / 1000;
            browse(server, "olga-ancient", now - 10 * DAY_SECONDS, "a", "b");
            browse(server, "nina", now, "a", "e");
            settings(server, "{\"retention.days\":\"7\"}", 200);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            Response s = status(server);
            while (s.json().get("numUpdates").asInt() != 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                s = status(server);
            }
            assertEquals(1, s.json().get("numUpdates").asInt(), "a background pass removed the old update: " + s);
            assertEquals(1, s.json().get("retention").get("lastRemovedUpdates").asInt(), s.toString());
            assertFalse(related(server, "a").contains("b"));
        }
    }
}
