package io.anbefal.ops;

import io.anbefal.http.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /observe/metrics in the Prometheus text format on a real server: every metric docs/operations.md names. */
class MetricsTest {

    @TempDir
    Path dir;

    /** The value of the first sample of {@code name} whose labels include every {@code label="value"} given. */
    static double sample(String text, String name, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{.*})? (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        while (m.find()) {
            String l = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String want : labels) {
                all &= l.contains(want);
            }
            if (all) {
                return Double.parseDouble(m.group(2));
            }
        }
        return Double.NaN;
    }

    private static String scrape(TestServer server) {
        TestServer.Response r = server.send(server.request("/observe/metrics").header("Accept", "text/plain").GET().build());
        assertEquals(200, r.status(), r.body());
        assertTrue(r.header("Content-Type").startsWith("text/plain"), r.header("Content-Type"));
        return r.body();
    }

    @Test
    void prometheusTextWithRequestsUpdatesCommitsEngineAndJvm() {
        try (TestServer server = new TestServer(dir, "metricshop")) {
            String before = scrape(server);
            double reqs0 = nz(sample(before, "anbefal_http_requests_seconds_count",
                    "route=\"/recapi/1.0/update\"", "method=\"POST\"", "status=\"2xx\""));
            double acks0 = nz(sample(before, "anbefal_updates_acknowledged_total", "service=\"metricshop\"", "what=\"BUY\""));
            double rejected0 = nz(sample(before, "anbefal_http_rejected_total", "route=\"/recapi/1.0/update\"", "cause=\"bad_input\""));
            double unauth0 = nz(sample(before, "anbefal_http_rejected_total", "route=\"/recapi/1.0/stats/{+ids}\"", "cause=\"unauthenticated\""));
            double notFound0 = nz(sample(before, "anbefal_http_rejected_total", "route=\"other\"", "cause=\"not_found\""));
            double commits0 = nz(sample(before, "anbefal_commit_seconds_count"));

            server.update("metricshop", "c1", "BUY", "a", "b");
            server.update("metricshop", "c2", "BUY", "a");
            server.update("metricshop", "c2", "VIEW", "c");
            assertEquals(400, server.post("/recapi/1.0/update", "{\"service\":\"metricshop\",\"updates\":[{}]}").status());
            assertEquals(401, server.send(server.request("/recapi/1.0/stats/metricshop").GET().build()).status());
            assertEquals(404, server.send(server.request("/no/such/thing/42").GET().build()).status());

            String text = scrape(server);
            assertEquals(3, sample(text, "anbefal_http_requests_seconds_count", "route=\"/recapi/1.0/update\"",
                    "method=\"POST\"", "status=\"2xx\"") - reqs0);
            assertTrue(sample(text, "anbefal_http_requests_seconds_bucket", "route=\"/recapi/1.0/update\"",
                    "method=\"POST\"", "status=\"2xx\"", "le=\"+Inf\"") >= 3, "a latency histogram per route");
            assertEquals(2, sample(text, "anbefal_updates_acknowledged_total", "service=\"metricshop\"", "what=\"BUY\"") - acks0);
            assertEquals(1, sample(text, "anbefal_updates_acknowledged_total", "service=\"metricshop\"", "what=\"VIEW\""));
            assertEquals(1, sample(text, "anbefal_http_rejected_total", "route=\"/recapi/1.0/update\"", "cause=\"bad_input\"") - rejected0);
            assertEquals(1, sample(text, "anbefal_http_rejected_total", "route=\"/recapi/1.0/stats/{+ids}\"", "cause=\"unauthenticated\"") - unauth0);
            assertEquals(1, sample(text, "anbefal_http_rejected_total", "route=\"other\"", "cause=\"not_found\"") - notFound0);
            assertEquals(3, sample(text, "anbefal_commit_seconds_count") - commits0);
            assertTrue(sample(text, "anbefal_commit_updates_count") >= 3);
            assertTrue(sample(text, "anbefal_commit_batches_bucket", "le=\"+Inf\"") >= 3);
            assertEquals(2, sample(text, "anbefal_engine_persons", "service=\"metricshop\""));
            assertEquals(3, sample(text, "anbefal_engine_items", "service=\"metricshop\""));
            assertEquals(3, sample(text, "anbefal_engine_events", "service=\"metricshop\""));
            double bytes = sample(text, "anbefal_engine_model_bytes", "service=\"metricshop\"");
            assertTrue(bytes > 1000, "model bytes " + bytes);
            for (int i = 0; i < 20; i++) {
                server.update("metricshop", "c" + (10 + i), "BUY", "x" + i, "y" + i);
            }
            double more = sample(scrape(server), "anbefal_engine_model_bytes", "service=\"metricshop\"");
            assertTrue(more > bytes + 20 * 2 * 16, "20 more persons and 40 more items: " + bytes + " -> " + more);
            // the answer cache: the same person asking twice is computed once, then reused
            String ask = "{\"service\":\"metricshop\",\"recommender\":\"ProductForCustomerRecommender\",\"externalIds\":[\"c1\"]}";
            double hits0 = sample(text, "anbefal_engine_answer_cache_hits", "service=\"metricshop\"");
            double misses0 = sample(text, "anbefal_engine_answer_cache_misses", "service=\"metricshop\"");
            assertEquals(200, server.post("/recapi/1.0/recommend", ask).status());
            assertEquals(200, server.post("/recapi/1.0/recommend", ask).status());
            String asked = scrape(server);
            assertEquals(1, sample(asked, "anbefal_engine_answer_cache_misses", "service=\"metricshop\"") - misses0);
            assertEquals(1, sample(asked, "anbefal_engine_answer_cache_hits", "service=\"metricshop\"") - hits0);
            assertEquals(1, sample(text, "anbefal_replay_progress"));
            assertTrue(sample(text, "anbefal_replay_seconds") >= 0);
            assertEquals(0, sample(text, "anbefal_replay_replayed_updates"));
            assertTrue(sample(text, "anbefal_commit_age_seconds") >= 0);
            assertTrue(sample(text, "anbefal_snapshot_failures_total") >= 0);
            assertTrue(Double.isNaN(sample(text, "anbefal_snapshot_bytes")), "no snapshot yet");
            assertTrue(text.contains("memory_usedHeap_bytes") || text.contains("memory_usedheap"), "JVM meters");
            assertTrue(sample(text, "thread_count") > 0, "JVM meters");
        }
    }

    private static double nz(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
