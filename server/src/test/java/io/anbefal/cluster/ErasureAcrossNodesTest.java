package io.anbefal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.AnbefalServer;
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
 * An erasure on one node holds on the others: they learn the service anew without the erased person (the erasure's
 * entry in the log), and the model snapshot that held the person goes.
 */
class ErasureAcrossNodesTest {

    @TempDir
    Path shared;

    @Test
    void anErasureOnOneNodeHoldsOnTheOthers() throws Exception {
        try (PgNodes db = new PgNodes("gdpr")) {
            AnbefalServer a = db.node(shared, 0);
            AnbefalServer b = db.node(shared, 0);
            String nodeA = PgNodes.base(a);
            String nodeB = PgNodes.base(b);
            // only carol viewed the pair secret-1 and secret-2 together; others give the service some history
            assertTrue(db.update(nodeB, "carol", "BROWSE", null, "secret-1", "secret-2"));
            for (int i = 0; i < 20; i++) {
                assertTrue(db.update(i % 2 == 0 ? nodeA : nodeB, "p" + i % 4, "BROWSE", null, "x" + i % 5, "x" + (i + 1) % 5));
            }
            String pair = "/recapi/1.0/recommend/gdpr/ItemToItemRecommender/secret-1/5";
            Nodes.await(() -> ids(db.get(nodeA, pair)).contains("secret-2"), "node A learns carol's history");
            assertTrue(ids(db.get(nodeB, pair)).contains("secret-2"));
            b.close(); // a clean stop: node B writes the model snapshot, which holds carol
            AnbefalServer c = db.node(shared, 0);
            String nodeC = PgNodes.base(c);
            assertTrue(c.restoredFromSnapshot(), "node C starts from B's snapshot, which holds carol");
            assertTrue(Files.exists(shared.resolve(AnbefalServer.SNAPSHOT)));
            long before = db.numUpdates(nodeC);

            var erased = db.post(nodeA, "/recapi/1.0/erase", "{\"service\":\"gdpr\",\"customerIDs\":[\"carol\"]}");
            assertEquals(200, erased.statusCode(), erased.body());
            assertEquals(1, PgNodes.json(erased.body()).get("updates").asLong(), erased.body());

            Nodes.await(() -> db.numUpdates(nodeC) == before - 1, "node C learns the service anew without carol");
            assertFalse(ids(db.get(nodeC, pair)).contains("secret-2"), "carol's pair is gone from node C");
            assertFalse(ids(db.get(nodeA, pair)).contains("secret-2"), "and from node A");
            assertFalse(Files.exists(shared.resolve(AnbefalServer.SNAPSHOT)), "the snapshot that held carol is gone");
            // the others' history stays
            assertEquals(20, db.numUpdates(nodeA));
            assertEquals(db.get(nodeA, "/recapi/1.0/recommend/gdpr/ItemToItemRecommender/x1/5"),
                    db.get(nodeC, "/recapi/1.0/recommend/gdpr/ItemToItemRecommender/x1/5"));
        }
    }

    private static List<String> ids(JsonNode recommendation) {
        List<String> ids = new ArrayList<>();
        recommendation.path("result").forEach(r -> ids.add(r.path("id").asText(r.asText())));
        return ids;
    }
}
