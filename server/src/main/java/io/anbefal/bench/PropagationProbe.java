package io.anbefal.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

/**
 * How long an update acknowledged by one node takes to show in another node's answers: for each of {@code n}
 * updates, a fresh pair of items viewed together by a fresh customer is sent to node A; from A's 200 on, node B's
 * {@code ItemToItemRecommender} for the first item is asked again and again until it names the second. The time
 * between is one sample; the log tailer's wake-up, its read of the log and the engine's learning are all in it, as
 * is one HTTP round trip to B (the probe's resolution).
 */
public final class PropagationProbe {

    /** What the probe measured. */
    public record Result(int samples, long p50Micros, long p99Micros, long maxMicros, long timeouts) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String service;
    private final String authorization;

    public PropagationProbe(String service, String authorization) {
        this.service = service;
        this.authorization = authorization;
    }

    /**
     * @param a       node A's base URL (updates go there)
     * @param b       node B's base URL (recommendations are asked there)
     * @param n       updates to time
     * @param giveUpMillis a sample that takes longer counts as a timeout (and as this long)
     */
    public Result run(String a, String b, int n, long giveUpMillis) throws IOException, InterruptedException {
        long[] micros = new long[n];
        long timeouts = 0;
        String run = Long.toString(System.nanoTime(), 36);
        for (int i = 0; i < n; i++) {
            String first = "pa-" + run + "-" + i;
            String second = "pb-" + run + "-" + i;
            String body = "{\"service\":\"" + service + "\",\"updates\":[{\"customer\":\"pc-" + run + "-" + i
                    + "\",\"entityIDs\":[\"" + first + "\",\"" + second + "\"],\"what\":\"BROWSE\"}]}";
            HttpResponse<String> ack = http.send(HttpRequest.newBuilder(URI.create(a + "/recapi/1.0/update"))
                    .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (ack.statusCode() != 200) {
                throw new IOException("node A answered " + ack.statusCode() + " " + ack.body());
            }
            long t0 = System.nanoTime();
            HttpRequest ask = HttpRequest.newBuilder(URI.create(b + "/recapi/1.0/recommend/" + service
                    + "/ItemToItemRecommender/" + first + "/1")).header("Authorization", authorization).GET().build();
            long deadline = t0 + giveUpMillis * 1_000_000;
            while (true) {
                String answer = http.send(ask, HttpResponse.BodyHandlers.ofString()).body();
                long now = System.nanoTime();
                if (answer.contains("\"" + second + "\"")) {
                    micros[i] = (now - t0) / 1000;
                    break;
                }
                if (now > deadline) {
                    micros[i] = giveUpMillis * 1000;
                    timeouts++;
                    break;
                }
            }
        }
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        return new Result(n, sorted[n / 2], sorted[Math.min(n - 1, (int) (n * 0.99))], sorted[n - 1], timeouts);
    }
}
