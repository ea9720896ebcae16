package io.anbefal.store;

import io.anbefal.AnbefalServer;
import io.anbefal.http.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A child server process acknowledges updates while clients keep sending; it is killed with SIGKILL in the middle
 * of the traffic and restarted: every acknowledged update is there, and the engine (a model snapshot written while
 * running, plus the log after it) has learnt each once.
 */
class CrashTest {

    private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)/");

    @TempDir
    Path data;

    @Test
    void aSigtermStopsCleanlyAndTheNextStartUsesTheSnapshot() throws Exception {
        Process child = serveInChildJvm();
        int port = awaitPort(child);
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 50; i++) {
            String body = """
                    {"service":"crash","updates":[{"customer":"c%d","entityIDs":["e%d","e%d"],"what":"BROWSE"}]}"""
                    .formatted(i % 7, i % 11, i % 5);
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/recapi/1.0/update")).header("Authorization", TestServer.basic("u", "p"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
        }
        child.destroy(); // SIGTERM: H2 closes its database in a shutdown hook, so the server must act first
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the server stops on SIGTERM");
        assertTrue(Files.isRegularFile(data.resolve(AnbefalServer.SNAPSHOT)),
                "the model snapshot is written on SIGTERM");
        try (AnbefalServer server = AnbefalServer.start(AnbefalServer.Settings.forTest(data))) {
            assertTrue(server.restoredFromSnapshot());
            assertEquals(50, server.anbefal().status(server.anbefal().service("crash")).updates());
        }
    }

    @Test
    void everyAcknowledgedUpdateSurvivesAKill9() throws Exception {
        // model snapshots every 200 updates while the traffic runs: the kill may hit one being written
        Process child = serveInChildJvm("--snapshot-every", "200");
        int port = awaitPort(child);

        HttpClient client = HttpClient.newHttpClient();
        String auth = TestServer.basic("u", "p");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            int thread = t;
            clients.submit(() -> {
                for (int i = 0; i < 1_000_000 && child.isAlive(); i++) {
                    String id = "t" + thread + "-" + i;
                    String body = """
                            {"service":"crash","updates":[{"customer":"c%d","entityIDs":["e%d"],"what":"BROWSE","eventId":"%s"}]}"""
                            .formatted(thread, i, id);
                    sent.incrementAndGet();
                    try {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/recapi/1.0/update"))
                                .header("Authorization", auth).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            acknowledged.add(id);
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
            });
        }
        // at least 500 acknowledged, and at least 5 s of traffic: the file housekeeping (every 2 s) and the
        // model snapshots (every 200 updates) both run while the kill comes
        long since = System.nanoTime();
        while (acknowledged.size() < 500 || System.nanoTime() - since < 5_000_000_000L) {
            Thread.sleep(5);
        }
        child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close
        child.waitFor(10, TimeUnit.SECONDS);
        clients.shutdown();
        assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));
        int acked = acknowledged.size();
        assertTrue(acked >= 500, "acknowledged " + acked);

        Set<String> stored = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        try (Store store = H2Store.open(data)) {
            for (StoredUpdate u : Replayed.of(store).updates) {
                if (!stored.add(u.eventId())) {
                    duplicates.add(u.eventId());
                }
            }
        }
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(stored);
        assertEquals(Set.of(), lost, "acknowledged but lost, of " + acked + " acknowledged (" + sent.get() + " sent)");
        assertEquals(List.of(), duplicates);

        try (TestServer restarted = new TestServer(AnbefalServer.Settings.forTest(data))) {
            assertTrue(restarted.server().restoredFromSnapshot(),
                    "a snapshot written while running serves, with the log after it");
            var status = restarted.send(restarted.request("/recapi/1.0/servicestatus/crash")
                    .header("Authorization", auth).GET().build());
            assertEquals(stored.size(), status.json().get("numUpdates").asLong(), status.toString());
        }
    }

    /** A service "crash" with user u / p, and {@code bin/anbefal serve} on it in another JVM. */
    private Process serveInChildJvm(String... options) throws Exception {
        try (Store store = H2Store.open(data)) {
            store.putService("crash", List.of());
            store.putUser(new UserCredential("crash", "u", io.anbefal.tenant.Passwords.hash("p")));
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.anbefal.Main", "serve", "--host", "127.0.0.1", "--port", "0", "--no-demo", "--data", data.toString()));
        command.addAll(List.of(options));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** The port a child server prints when it listens (the rest of its output drained); also SettingsAtomicityTest's. */
    static int awaitPort(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the pipe from filling up
                        }
                    } catch (Exception ignored) {
                        // the child is gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("The child server did not start:\n" + seen);
    }
}
