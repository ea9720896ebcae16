package io.anbefal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.AnbefalServer;
import io.anbefal.app.Telemetry;
import io.anbefal.http.TestServer;
import io.anbefal.store.H2Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Liveness and readiness under /observe/health on a real server over a real H2 file; /health as before. */
class HealthTest {

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode c : health.get("checks")) {
            if (name.equals(c.get("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    @Test
    void readyWhenUpWithDetailsAndHealthAsBefore() throws Exception {
        try (TestServer server = new TestServer(dir, "shop")) {
            server.update("shop", "c1", "BUY", "a", "b");
            int port = server.server().port();
            HttpResponse<String> ready = get(port, "/observe/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            JsonNode body = io.anbefal.http.Payloads.JSON.readTree(ready.body());
            assertEquals("UP", body.get("status").asText());
            JsonNode replay = check(body, "replay");
            assertEquals("UP", replay.get("status").asText());
            assertFalse(replay.get("data").get("replaying").asBoolean());
            JsonNode db = check(body, "database");
            assertEquals("UP", db.get("status").asText());
            assertTrue(db.get("data").get("lastCommitAgeSeconds").isNumber(), db.toString());
            JsonNode snapshot = check(body, "snapshot");
            assertFalse(snapshot.get("data").get("lastSnapshotFailed").asBoolean());
            assertEquals("none", snapshot.get("data").get("lastSnapshotAgeSeconds").asText());

            HttpResponse<String> live = get(port, "/observe/health/live");
            assertEquals(200, live.statusCode(), live.body());
            assertEquals("UP", io.anbefal.http.Payloads.JSON.readTree(live.body()).get("status").asText());

            HttpResponse<String> old = get(port, "/health");
            assertEquals(200, old.statusCode());
            JsonNode o = io.anbefal.http.Payloads.JSON.readTree(old.body());
            assertTrue(o.get("statusOK").asBoolean());
            assertEquals("UP", o.get("text").asText());
        }
    }

    @Test
    void snapshotAgeAfterARestart() throws Exception {
        try (TestServer server = new TestServer(dir, "shop")) {
            server.update("shop", "c1", "BUY", "a", "b");
        }
        assertTrue(Files.isRegularFile(dir.resolve(AnbefalServer.SNAPSHOT)));
        try (TestServer server = new TestServer(dir)) {
            JsonNode body = io.anbefal.http.Payloads.JSON.readTree(get(server.server().port(), "/observe/health/ready").body());
            JsonNode data = check(body, "snapshot").get("data");
            assertTrue(data.get("lastSnapshotAgeSeconds").isNumber(), data.toString());
            assertTrue(data.get("snapshotBytes").asLong() > 0, data.toString());
        }
    }

    @Test
    void notReadyWhileTheLogIsReplayedAndTheApiAnswers503() throws Exception {
        try (TestServer server = new TestServer(dir, "shop")) {
            for (int i = 0; i < 5; i++) {
                server.update("shop", "c" + i, "BUY", "a", "b" + i);
            }
        }
        Files.delete(dir.resolve(AnbefalServer.SNAPSHOT)); // the next start replays the log
        CountDownLatch replaying = new CountDownLatch(1);
        CountDownLatch checked = new CountDownLatch(1);
        Telemetry hold = new Telemetry() {
            @Override
            public void replayProgress(long updates) {
                replaying.countDown();
                try {
                    checked.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        AnbefalServer.Settings settings = new AnbefalServer.Settings("127.0.0.1", port, -1, dir, 1 << 20, false);
        CompletableFuture<AnbefalServer> starting = CompletableFuture.supplyAsync(() -> AnbefalServer.start(settings, hold));
        try {
            assertTrue(replaying.await(30, TimeUnit.SECONDS));
            HttpResponse<String> ready = get(port, "/observe/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            JsonNode body = io.anbefal.http.Payloads.JSON.readTree(ready.body());
            assertEquals("DOWN", body.get("status").asText());
            JsonNode replay = check(body, "replay");
            assertEquals("DOWN", replay.get("status").asText());
            assertTrue(replay.get("data").get("replaying").asBoolean());
            assertEquals(5, replay.get("data").get("updatesInLog").asLong());
            assertEquals(200, get(port, "/observe/health/live").statusCode());
            assertEquals(200, get(port, "/health").statusCode());
            HttpResponse<String> api = get(port, "/recapi/1.0/servicestatus/shop");
            assertEquals(503, api.statusCode(), api.body());
            assertTrue(api.body().contains("starting"), api.body());
            assertEquals("5", api.headers().firstValue("Retry-After").orElse(null));
        } finally {
            checked.countDown();
        }
        try (AnbefalServer server = starting.get(60, TimeUnit.SECONDS)) {
            HttpResponse<String> ready = get(port, "/observe/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            JsonNode replay = check(io.anbefal.http.Payloads.JSON.readTree(ready.body()), "replay");
            assertEquals(5, replay.get("data").get("updatesInEngine").asLong());
            assertEquals(1.0, replay.get("data").get("progress").asDouble());
        }
    }

    @Test
    void notReadyWhileTheDatabaseDoesNotAnswer() throws Exception {
        try (TestServer server = new TestServer(dir, "shop")) {
            int port = server.server().port();
            assertEquals(200, get(port, "/observe/health/ready").statusCode());
            String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve(H2Store.DATABASE) + ";AUTO_SERVER=TRUE";
            try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
                s.execute("SET EXCLUSIVE 1"); // every other session waits
                try {
                    HttpResponse<String> ready = get(port, "/observe/health/ready");
                    assertEquals(503, ready.statusCode(), ready.body());
                    JsonNode db = check(io.anbefal.http.Payloads.JSON.readTree(ready.body()), "database");
                    assertEquals("DOWN", db.get("status").asText());
                    assertTrue(db.get("data").get("error").asText().contains("no answer"), db.toString());
                    assertEquals(200, get(port, "/observe/health/live").statusCode());
                } finally {
                    s.execute("SET EXCLUSIVE 0");
                }
            }
            assertEquals(200, get(port, "/observe/health/ready").statusCode());
        }
    }
}
