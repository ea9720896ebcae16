package io.anbefal.e2e.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anbefal.AnbefalServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The real thing for the demo's end-to-end tests: an Anbefal node with the demo service seeded and the shop
 * on its own listener, over a fresh H2 file database under {@code target/}, and a basic-auth client of its
 * server-side API to check what the browser's actions did to the server's state.
 */
final class DemoStack implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AnbefalServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String auth;

    DemoStack(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        server = AnbefalServer.start(new AnbefalServer.Settings("127.0.0.1", 0, 0, dataDir, 1 << 20, true));
        Properties credentials = new Properties();
        credentials.load(Files.newBufferedReader(dataDir.resolve(AnbefalServer.DEMO_CREDENTIALS)));
        auth = "Basic " + Base64.getEncoder().encodeToString((credentials.getProperty("user") + ":"
                + credentials.getProperty("password")).getBytes(StandardCharsets.UTF_8));
    }

    /** The shop's origin as a visitor reaches it (the demo service allows this origin). */
    String shop() {
        return "http://localhost:" + server.shopPort();
    }

    String api() {
        return "http://localhost:" + server.port();
    }

    /** {@code GET recapi/1.0/stats/demo}. */
    JsonNode stats() {
        return get("/recapi/1.0/stats/demo");
    }

    /** Entity-events of one kind so far. */
    long count(String what) {
        return stats().path("what").path(what).asLong(0);
    }

    /** Exposures and clicks of one recommender origin so far: {exposures, clicks}. */
    long[] originCounts(String origin) {
        for (JsonNode r : stats().path("recommenders")) {
            if (r.path("origin").asText().equals(origin)) {
                return new long[] {r.path("exposures").asLong(), r.path("clicks").asLong()};
            }
        }
        return new long[] {0, 0};
    }

    /** Server-side recommendation ids ({@code POST recapi/1.0/recommend}). */
    List<String> recommend(String recommender, List<String> externalIds, int num) {
        String body;
        try {
            body = JSON.writeValueAsString(java.util.Map.of("service", "demo", "recommender", recommender,
                    "externalIds", externalIds, "num", num));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        JsonNode answer = send(HttpRequest.newBuilder(URI.create(api() + "/recapi/1.0/recommend"))
                .header("Authorization", auth).POST(HttpRequest.BodyPublishers.ofString(body)).build());
        List<String> ids = new ArrayList<>();
        for (JsonNode r : answer.path("result")) {
            ids.add(r.isTextual() ? r.asText() : r.path("id").asText());
        }
        return ids;
    }

    private JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(api() + path)).header("Authorization", auth).GET().build());
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> res = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + res.statusCode() + ": " + res.body());
            }
            return JSON.readTree(res.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Polls until the value satisfies the condition (updates travel from the browser in batches and beacons),
     * and returns the last value; the caller asserts on it.
     */
    static <T> T eventually(Supplier<T> value, Predicate<T> condition, Duration within) {
        long end = System.nanoTime() + within.toNanos();
        T last = value.get();
        while (!condition.test(last) && System.nanoTime() < end) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
            last = value.get();
        }
        return last;
    }

    @Override
    public void close() {
        server.close();
    }
}
