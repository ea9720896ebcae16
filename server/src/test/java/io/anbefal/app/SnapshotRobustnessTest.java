package io.anbefal.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.AnbefalServer;
import io.anbefal.http.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model snapshot holds any string the API accepts (a 70,000-character category once made every snapshot fail,
 * so that every start replayed the whole log), and a snapshot that cannot be written is reported in the service
 * status with its cause.
 */
class SnapshotRobustnessTest {

    private static final String KEY = "snapkey01-0123456789abcdefghij";

    @TempDir
    Path data;

    /** A server that writes a snapshot after every learnt update. */
    private TestServer start(String... services) {
        return new TestServer(new AnbefalServer.Settings("127.0.0.1", 0, -1, data, 1 << 20, false, 1), services);
    }

    /** The status's snapshot part once {@code field} is set (a snapshot runs on the writer thread after the commit). */
    private static JsonNode snapshotStatus(TestServer server, String field) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        JsonNode snapshot;
        do {
            snapshot = server.get("/recapi/1.0/servicestatus/shop").json().get("snapshot");
            if (snapshot != null && !snapshot.path(field).isNull()) {
                return snapshot;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no snapshot " + field + " in the status: " + snapshot);
    }

    private static String categories(TestServer server) {
        TestServer.Response r = server.send(server.request("/v1/recommendation/user_to_categories")
                .header("X-API-KEY", KEY).POST(HttpRequest.BodyPublishers.ofString("{\"user_id\":\"c1\"}")).build());
        assertEquals(200, r.status(), r.body().substring(0, Math.min(300, r.body().length())));
        return r.json().get("data").get("categories").toString(); // without "took" and the answer's own miso_id
    }

    @Test
    void aCategoryOver64KilobytesIsSnapshottedAndRestored() throws Exception {
        String before;
        long entities;
        String category = "c".repeat(70_000) + "\u00e6\u2603\uD83D\uDE00"; // past the 64 KB of writeUTF, not all ASCII
        try (TestServer server = start("shop")) {
            server.server().anbefal().services().setApiKey("shop", KEY);
            TestServer.Response put = server.send(server.request("/v1/products").header("X-API-KEY", KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"data\":[{\"product_id\":\"p1\",\"categories\":[[\""
                            + category + "\"]]}]}")).build());
            assertEquals(200, put.status(), put.toString());
            JsonNode snapshot = snapshotStatus(server, "lastWritten"); // the product's catalog fact, learnt
            assertTrue(snapshot.get("lastFailure").isNull(), snapshot.toString());
            assertEquals(1, snapshot.get("lastWrittenUpdates").asLong(), snapshot.toString());
            server.update("shop", "c1", "BROWSE", "p1");
            before = categories(server);
            entities = server.server().anbefal().status(server.server().anbefal().service("shop")).entities();
        }
        try (TestServer restarted = start()) {
            assertTrue(restarted.server().restoredFromSnapshot(), "the start used the snapshot, no replay");
            assertEquals(2, restarted.server().anbefal().status(restarted.server().anbefal().service("shop")).updates());
            // the engine came back whole: the same entities (the category among them), the same answers
            assertEquals(entities, restarted.server().anbefal().status(restarted.server().anbefal().service("shop")).entities());
            String after = categories(restarted);
            assertTrue(before.equals(after) && before.contains(category), "the same categories, the long one whole ("
                    + before.length() + " and " + after.length() + " characters)");
        }
    }

    @Test
    void aSnapshotThatCannotBeWrittenIsReportedWithItsCause() throws Exception {
        // the temporary file's place (named with the writing process's id) taken by a directory: every write fails
        String tmp = AnbefalServer.SNAPSHOT + "." + ProcessHandle.current().pid() + ".tmp";
        Files.createDirectories(data.resolve(tmp));
        Files.writeString(data.resolve(tmp).resolve("in-the-way"), "x");
        try (TestServer server = start("shop")) {
            server.update("shop", "c1", "BROWSE", "i1");
            JsonNode snapshot = snapshotStatus(server, "lastFailed");
            assertTrue(snapshot.get("lastFailure").asText().contains(tmp), snapshot.toString());
            assertTrue(snapshot.get("lastWritten").isNull(), snapshot.toString());
        }
        assertFalse(Files.isRegularFile(data.resolve(AnbefalServer.SNAPSHOT)));
    }

    @Test
    void aSnapshotOfTheFormerFormatIsNotReadAndTheLogIsReplayed() throws Exception {
        try (TestServer server = start("shop")) {
            server.update("shop", "c1", "BROWSE", "i1");
        }
        // turn the file into one of format 2: its magic number's last byte (the checksum is then also wrong for 3)
        try (FileChannel f = FileChannel.open(data.resolve(AnbefalServer.SNAPSHOT), StandardOpenOption.WRITE)) {
            f.write(java.nio.ByteBuffer.wrap(new byte[] {2}), 7);
        }
        try (TestServer restarted = start()) {
            assertFalse(restarted.server().restoredFromSnapshot());
            assertEquals(1, restarted.server().anbefal().status(restarted.server().anbefal().service("shop")).updates(), "replayed from the log");
        }
    }
}
