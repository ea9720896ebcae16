package io.anbefal.http;

import io.anbefal.http.TestServer.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wrong passwords and wrong keys cannot take the CPU from other clients: failed checks are remembered, and the slow
 * hash checks run on a small bounded pool with per-client and per-credential bounds, past which the answer is a
 * 429 with Retry-After. Counts are asserted, never times; the figures are printed for docs/benchmarks.md.
 */
class PasswordFloodTest {

    private static final String PUBLISHABLE = "pubflood-0123456789abcdefghij";
    private static final String RECOMMEND = "/v1/recommendation/user_to_products";
    private static final String BODY = "{\"anonymous_id\":\"v-1\"}";
    private static final int FLOOD_THREADS = 6;
    private static final long FLOOD_MILLIS = 4_000;
    /** {@code PasswordChecks.Limits.DEFAULT.failuresPerClient()}: every request here comes from 127.0.0.1. */
    private static final int FAILURES_PER_CLIENT = 20;

    @TempDir
    Path data;

    @Test
    void aFloodOfWrongPasswordsAndKeysDoesNotHoldUpOtherClients() throws Exception {
        try (TestServer server = new TestServer(data, "shop")) {
            server.server().anbefal().services().setPublishableKey("shop", PUBLISHABLE);
            String recommend = RECOMMEND;
            String body = BODY;
            // the good client has signed in once before the flood (its credentials are remembered)
            assertEquals(200, server.get("/recapi/1.0/servicestatus/shop").status());
            assertEquals(200, server.send(server.request(recommend).header("X-API-KEY", PUBLISHABLE)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build()).status());

            Map<String, AtomicInteger> alone = goodClient(server);

            Map<Integer, AtomicInteger> flood = new ConcurrentHashMap<>();
            AtomicReference<Response> basic429 = new AtomicReference<>();
            AtomicReference<Response> key429 = new AtomicReference<>();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> attackers = new ArrayList<>();
            for (int t = 0; t < FLOOD_THREADS; t++) {
                int thread = t;
                attackers.add(Thread.ofPlatform().start(() -> {
                    try (HttpClient client = HttpClient.newHttpClient()) {
                        for (int n = 0; !stop.get(); n++) {
                            String guess = "guess-" + thread + "-" + n;
                            boolean byKey = n % 2 == 1;
                            Response r = byKey
                                    // a wrong key that shares the publishable key's public 8-character id
                                    ? send(client, server.request(recommend).header("X-API-KEY",
                                            PUBLISHABLE.substring(0, 8) + guess + "-0123456789abcdef")
                                            .POST(HttpRequest.BodyPublishers.ofString(body)).build())
                                    : send(client, server.request("/recapi/1.0/servicestatus/shop")
                                            .header("Authorization", TestServer.basic(TestServer.USER, guess)).GET().build());
                            flood.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
                            if (r.status() == 429) {
                                (byKey ? key429 : basic429).compareAndSet(null, r);
                            }
                        }
                    }
                }));
            }
            Map<String, AtomicInteger> good = goodClient(server);
            stop.set(true);
            for (Thread t : attackers) {
                t.join();
            }

            Map<Integer, Integer> floodStatuses = new TreeMap<>();
            flood.forEach((status, n) -> floodStatuses.put(status, n.get()));
            int served = served(good);
            System.out.printf("password flood: the good client (health, recapi with basic auth, /v1 with a publishable"
                    + " key, one after another) was served %d answers in %d ms alone, %d in %d ms during a flood of"
                    + " distinct wrong passwords and keys from %d threads %s; flood answers %s%n", served(alone),
                    FLOOD_MILLIS, served, FLOOD_MILLIS, FLOOD_THREADS, good, floodStatuses);

            good.forEach((what, n) -> assertTrue(what.endsWith(" 200"), "the good client got " + what + " x" + n));
            assertTrue(served >= 9, "the good client was served " + served + " answers during the flood");
            assertTrue(floodStatuses.getOrDefault(429, 0) > 0, "the flood was refused: " + floodStatuses);
            assertTrue(floodStatuses.getOrDefault(401, 0) <= FAILURES_PER_CLIENT,
                    "at most the client's failures were hashed: " + floodStatuses);
            assertTrue(floodStatuses.keySet().stream().allMatch(s -> s == 401 || s == 429), floodStatuses.toString());

            Response r = basic429.get();
            assertNotNull(r);
            assertTrue(Long.parseLong(r.header("retry-after")) >= 1, r.toString());
            assertFalse(r.json().get("statusOK").asBoolean());
            assertTrue(r.json().get("text").asText().contains("retry"), r.toString());
            Response k = key429.get();
            assertNotNull(k);
            assertNotNull(k.header("retry-after"));
            assertTrue(k.json().get("message").asText().contains("retry"), k.toString());
        }
    }

    @Test
    void aRepeatedWrongPasswordIsRememberedAndCostsNoCheck() {
        try (TestServer server = new TestServer(data, "shop")) {
            server.server().anbefal().services().setPublishableKey("shop", PUBLISHABLE);
            String wrongKey = PUBLISHABLE.substring(0, 8) + "-not-the-right-one-at-all";
            // five times the client's budget of failed checks: each after the first is answered from memory
            for (int i = 0; i < 5 * FAILURES_PER_CLIENT; i++) {
                Response r = server.send(server.request("/recapi/1.0/servicestatus/shop")
                        .header("Authorization", TestServer.basic(TestServer.USER, "nope")).GET().build());
                assertEquals(401, r.status(), "attempt " + i + ": " + r);
                assertEquals("wrong user name or password", r.json().get("text").asText());
                Response k = server.send(server.request(RECOMMEND).header("X-API-KEY", wrongKey)
                        .POST(HttpRequest.BodyPublishers.ofString(BODY)).build());
                assertEquals(401, k.status(), "attempt " + i + ": " + k);
            }
            // and the right credentials still work, from the same client
            assertEquals(200, server.get("/recapi/1.0/servicestatus/shop").status());
            assertEquals(200, server.send(server.request(RECOMMEND).header("X-API-KEY", PUBLISHABLE)
                    .POST(HttpRequest.BodyPublishers.ofString(BODY)).build()).status());
        }
    }

    @Test
    void concurrentRequestsWithTheSameRightPasswordShareOneCheck() throws Exception {
        try (TestServer server = new TestServer(data, "shop")) {
            // more concurrent first requests than the per-client bound: none is refused, they wait for one check
            List<Thread> threads = new ArrayList<>();
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            for (int t = 0; t < 8; t++) {
                threads.add(Thread.ofPlatform().start(() -> statuses.computeIfAbsent(
                        server.get("/recapi/1.0/servicestatus/shop").status(), s -> new AtomicInteger()).incrementAndGet()));
            }
            for (Thread t : threads) {
                t.join();
            }
            Map<Integer, Integer> counts = new TreeMap<>();
            statuses.forEach((status, n) -> counts.put(status, n.get()));
            assertEquals(Map.of(200, 8), counts);
        }
    }

    /** The good client's requests, one after another, for {@link #FLOOD_MILLIS}: answers by kind and status. */
    private static Map<String, AtomicInteger> goodClient(TestServer server) {
        Map<String, AtomicInteger> good = new TreeMap<>();
        long end = System.currentTimeMillis() + FLOOD_MILLIS;
        try (HttpClient client = HttpClient.newHttpClient()) {
            while (System.currentTimeMillis() < end) {
                count(good, "health", send(client, server.request("/health").GET().build()));
                count(good, "recapi", send(client, server.authed("/recapi/1.0/servicestatus/shop").GET().build()));
                count(good, "v1", send(client, server.request(RECOMMEND).header("X-API-KEY", PUBLISHABLE)
                        .POST(HttpRequest.BodyPublishers.ofString(BODY)).build()));
            }
        }
        return good;
    }

    private static int served(Map<String, AtomicInteger> answers) {
        return answers.entrySet().stream().filter(e -> e.getKey().endsWith(" 200")).mapToInt(e -> e.getValue().get()).sum();
    }

    private static Response send(HttpClient client, HttpRequest request) {
        try {
            return new Response(client.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void count(Map<String, AtomicInteger> counts, String what, Response r) {
        counts.computeIfAbsent(what + " " + r.status(), k -> new AtomicInteger()).incrementAndGet();
    }
}
