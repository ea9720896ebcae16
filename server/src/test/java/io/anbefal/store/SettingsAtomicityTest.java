package io.anbefal.store;

import io.anbefal.http.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A settings {@code PUT} with several keys is one change: over a real server on the H2 file it is one transaction
 * and one settings entry of the log (a refused one none), and a server killed with SIGKILL while such PUTs come
 * in leaves, after the restart, every key of the last stored PUT and nothing of a later one.
 */
class SettingsAtomicityTest {

    private static final int KEYS = 2000;

    @TempDir
    Path data;

    private static long settingsEntries(Path data, String service) throws Exception {
        try (JdbcStore store = H2Store.open(data); Connection c = store.dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM log_changes WHERE kind = 'settings' AND service = '"
                     + service + "'")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void aPutOfSeveralKeysIsOneEntryOfTheLogAndARefusedOneNone() throws Exception {
        try (TestServer server = new TestServer(data, "shop")) {
            assertEquals(200, server.get("/recapi/1.0/settings/shop").status());
        }
        long before = settingsEntries(data, "shop");
        try (TestServer server = new TestServer(data)) {
            TestServer.Response r = server.send(server.authed("/recapi/1.0/settings/shop").PUT(
                    HttpRequest.BodyPublishers.ofString("""
                            {"kibo.widget.a.displayName": "A", "kibo.widget.b.displayName": "B",
                             "recommender.Mine.type": "PopularRecommender", "weight.PURCHASE": "5",
                             "kibo.widget.gone.displayName": null}""")).build());
            assertEquals(200, r.status(), r.toString());
            r = server.send(server.authed("/recapi/1.0/settings/shop").PUT(HttpRequest.BodyPublishers.ofString("""
                    {"kibo.widget.c.displayName": "C", "kibo.widget.c.rules": "price <"}""")).build());
            assertEquals(400, r.status(), r.toString());
        }
        assertEquals(before + 1, settingsEntries(data, "shop"), "one PUT of five keys: one settings entry");
        try (Store store = H2Store.open(data)) {
            Map<String, String> settings = store.service("shop").orElseThrow().settings();
            assertEquals("A", settings.get("kibo.widget.a.displayName"));
            assertEquals("5", settings.get("weight.PURCHASE"));
            assertFalse(settings.containsKey("kibo.widget.c.displayName"), settings.toString());
        }
    }

    /**
     * Two PUTs at once, each fine alone, that together would leave a routing rule to a removed page template: the
     * check runs inside the write's transaction, so one of them is refused and what is stored has no problem.
     */
    @Test
    void twoPutsAtOnceCannotTogetherLeaveWhatNeitherWouldAlone() throws Exception {
        try (TestServer server = new TestServer(data, "shop")) {
            java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                for (int i = 0; i < 40; i++) {
                    String template = "kibo.pageTemplate.t" + i + ".widgets";
                    assertEquals(200, put(server, "{\"" + template + "\": \"w\"}").status());
                    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
                    String rule = "{\"kibo.routing.rule." + i + "\": \"*/t" + i + "/* -> t" + i + "\"}";
                    String removal = "{\"" + template + "\": null}";
                    var a = two.submit(() -> {
                        start.await();
                        return put(server, rule).status();
                    });
                    var b = two.submit(() -> {
                        start.await();
                        return put(server, removal).status();
                    });
                    int ruled = a.get();
                    int removed = b.get();
                    assertTrue(ruled == 200 ^ removed == 200, "round " + i + ": exactly one is taken, not " + ruled
                            + " and " + removed);
                }
            } finally {
                two.shutdownNow();
            }
            var status = server.get("/recapi/1.0/servicestatus/shop").json();
            assertEquals(0, status.get("settingsProblems").size(), status.toString());
        }
    }

    private static TestServer.Response put(TestServer server, String body) {
        return server.send(server.authed("/recapi/1.0/settings/shop").PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    @Test
    void aKillDuringPutsOfManyKeysLeavesTheLastStoredPutWhole() throws Exception {
        try (Store store = H2Store.open(data)) {
            store.putService("crash", List.of());
            store.putUser(new UserCredential("crash", "u", io.anbefal.tenant.Passwords.hash("p")));
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.anbefal.Main",
                "serve", "--host", "127.0.0.1", "--port", "0", "--no-demo", "--data", data.toString())
                .redirectErrorStream(true).start();
        int port = CrashTest.awaitPort(child);
        HttpClient client = HttpClient.newHttpClient();
        AtomicInteger acknowledged = new AtomicInteger();
        java.util.concurrent.ConcurrentLinkedDeque<Long> ackedAt = new java.util.concurrent.ConcurrentLinkedDeque<>();
        Thread writer = new Thread(() -> {
            for (int version = 1; child.isAlive(); version++) {
                StringBuilder body = new StringBuilder("{");
                for (int k = 0; k < KEYS; k++) {
                    body.append(k == 0 ? "" : ",").append("\"kibo.widget.w").append(k).append(".displayName\":\"v")
                            .append(version).append('"');
                }
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                    + "/recapi/1.0/settings/crash")).header("Authorization", TestServer.basic("u", "p"))
                            .PUT(HttpRequest.BodyPublishers.ofString(body.append('}').toString())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new AssertionError(r.body());
                    }
                    ackedAt.add(System.nanoTime());
                    acknowledged.set(version);
                } catch (Exception e) {
                    return; // the server is gone
                }
            }
        });
        writer.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged.get() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        // somewhere in the next PUT: a random part of the time one took
        long each = Math.max(1, (ackedAt.peekLast() - ackedAt.peekFirst()) / Math.max(1, ackedAt.size() - 1));
        long at = ackedAt.peekLast() + (long) (Math.random() * each);
        while (System.nanoTime() < at) {
            Thread.onSpinWait();
        }
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        writer.join(30_000);
        int acked = acknowledged.get();
        assertTrue(acked >= 3, "acknowledged " + acked);

        Map<String, String> widgets = new TreeMap<>();
        try (Store store = H2Store.open(data)) {
            store.service("crash").orElseThrow().settings().forEach((k, v) -> {
                if (k.startsWith("kibo.widget.w")) {
                    widgets.put(k, v);
                }
            });
        }
        TreeSet<String> versions = new TreeSet<>(widgets.values());
        assertEquals(KEYS, widgets.size(), "keys of a PUT stored: " + widgets.size() + " of " + KEYS);
        assertEquals(1, versions.size(), "one PUT's values, not parts of two: " + versions);
        int stored = Integer.parseInt(versions.first().substring(1));
        assertTrue(stored == acked || stored == acked + 1,
                "the last acknowledged PUT (" + acked + ") or the one after it, stored " + stored);
    }
}
