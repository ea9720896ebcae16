package io.anbefal.http;

import io.anbefal.AnbefalServer;
import io.anbefal.store.Database;
import io.anbefal.store.PostgresCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server on a real PostgreSQL ({@code serve --database jdbc:postgresql://...}): what it acknowledges is in the
 * database and back after a restart, from the model snapshot and, without it, from a replay of the log there.
 */
class PostgresServeTest {

    @TempDir
    Path dir;

    private AnbefalServer.Settings settings(String url, Path password) {
        return new AnbefalServer.Settings("127.0.0.1", 0, -1, dir, 1 << 20, false, 0, false,
                new Database(url, PostgresCluster.shared().user(), password));
    }

    private static List<String> popular(TestServer server) {
        TestServer.Response r = server.get("/recapi/1.0/recommend/shop/PopularRecommender/nobody/3");
        assertEquals(200, r.status(), r.toString());
        List<String> items = new ArrayList<>();
        r.json().get("result").forEach(n -> items.add(n.isTextual() ? n.asText() : n.toString()));
        return items;
    }

    @Test
    void aServerOnPostgresqlKeepsWhatItAcknowledged() throws Exception {
        String url = PostgresCluster.shared().createDatabase();
        Path password = Files.writeString(dir.resolve("db-password"), "anything (trust)\n");
        List<String> before;
        try (TestServer server = new TestServer(settings(url, password), "shop")) {
            for (int i = 0; i < 5; i++) {
                server.update("shop", "c" + i, "PURCHASE", "hit", "i" + (i % 2));
            }
            before = popular(server);
            assertEquals("hit", before.getFirst().replace("\"", "").split(",")[0].replace("{itemId:", ""),
                    "most bought first: " + before);
        }
        try (TestServer server = new TestServer(settings(url, password))) {
            assertTrue(server.server().restoredFromSnapshot(), "the clean stop wrote a snapshot");
            assertEquals(before, popular(server));
        }
        Files.delete(dir.resolve(AnbefalServer.SNAPSHOT));
        try (TestServer server = new TestServer(settings(url, password))) {
            assertFalse(server.server().restoredFromSnapshot());
            assertEquals(before, popular(server), "replayed from the database's log");
        }
    }
}
