package io.anbefal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.AnbefalServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node started late on a shared snapshot directory starts from the newest model snapshot another node wrote
 * there, plus the log after it, and then answers as that node does.
 */
class LateNodeTest {

    @TempDir
    Path shared;

    @Test
    void aNodeStartedLateCatchesUpFromTheSnapshotPlusTheLog() throws Exception {
        try (PgNodes db = new PgNodes("late")) {
            AnbefalServer first = db.node(shared, 100);
            String a = PgNodes.base(first);
            for (int i = 0; i < 250; i++) {
                assertTrue(db.update(a, "c" + i % 17, "BROWSE", null, "p" + i % 23, "p" + (i * 3) % 23));
            }
            Nodes.await(() -> first.anbefal().snapshotState().written() != null, "the first node writes a snapshot");
            long inSnapshot = first.anbefal().snapshotState().writtenUpdates();
            assertTrue(inSnapshot >= 100, "snapshot of " + inSnapshot);
            for (int i = 0; i < 30; i++) {
                assertTrue(db.update(a, "late" + i % 3, "PURCHASE", null, "p" + i % 5, "p" + (i + 7) % 23));
            }
            long stored = db.storedUpdates(db.store());
            assertEquals(280, stored);

            AnbefalServer late = db.node(shared, 100);
            assertTrue(late.restoredFromSnapshot(), "the late node starts from the other's snapshot");
            String b = PgNodes.base(late);
            assertEquals(stored, db.numUpdates(b), "the snapshot plus the log after it");
            for (int p = 0; p < 23; p += 4) {
                String path = "/recapi/1.0/recommend/late/ItemToItemRecommender/p" + p + "/10";
                assertEquals(db.get(a, path), db.get(b, path), path);
            }
            JsonNode mine = db.get(b, "/recapi/1.0/recommend/late/ItemToItemRecommender/p0/10");
            assertNotNull(mine.get("result"));
            // and it follows from there: an update on the first node reaches the late one
            assertTrue(db.update(a, "late0", "PURCHASE", null, "p0", "p22"));
            Nodes.await(() -> db.numUpdates(b) == stored + 1, "the late node follows the log");
        }
    }
}
