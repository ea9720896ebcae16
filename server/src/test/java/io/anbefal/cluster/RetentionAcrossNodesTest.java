package io.anbefal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.AnbefalServer;
import io.anbefal.app.Retention;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention on two nodes sharing one PostgreSQL: of the two, one runs a pass (the claim), and the other learns the
 * service anew without the removed updates from the pass's entry in the log.
 */
class RetentionAcrossNodesTest {

    static final long DAY_SECONDS = 86_400;

    @TempDir
    Path shared;

    @Test
    void aPassOnOneNodeHoldsOnTheOtherAndOnlyOneRunsIt() throws Exception {
        try (PgNodes db = new PgNodes("aging")) {
            AnbefalServer a = db.node(shared, 0);
            AnbefalServer b = db.node(shared, 0);
            String nodeA = PgNodes.base(a);
            String nodeB = PgNodes.base(b);
            var put = db.send(HttpRequest.newBuilder(URI.create(nodeA + "/recapi/1.0/settings/aging"))
                    .header("Authorization", PgNodes.AUTH)
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"retention.days\":\"30\"}")).build());
            assertEquals(200, put.statusCode(), put.body());
            long now = System.currentTimeMillis() / 1000;
            for (int k = 0; k < 3; k++) {
                browse(db, nodeB, "old-" + k, now - 90 * DAY_SECONDS, "old-1", "old-2");
            }
            browse(db, nodeA, "recent", now, "x1", "x2");
            String pair = "/recapi/1.0/recommend/aging/ItemToItemRecommender/old-1/5";
            Nodes.await(() -> ids(db.get(nodeB, pair)).contains("old-2") && db.numUpdates(nodeB) == 4,
                    "node B learns both");

            List<Retention.Run> onA = a.anbefal().retention().runOnce();
            List<Retention.Run> onB = b.anbefal().retention().runOnce();
            assertEquals(1, onA.size() + onB.size(), "one node runs the pass: " + onA + " " + onB);
            assertEquals(3, onA.getFirst().updates(), onA.toString());

            Nodes.await(() -> db.numUpdates(nodeB) == 1, "node B learns the service anew without the old updates");
            assertFalse(ids(db.get(nodeB, pair)).contains("old-2"), "the old pair is gone from node B");
            assertFalse(ids(db.get(nodeA, pair)).contains("old-2"), "and from node A");
            assertEquals(1, db.numUpdates(nodeA));
            assertEquals(1, db.storedUpdates(db.store()));
            assertEquals(db.get(nodeA, "/recapi/1.0/recommend/aging/ItemToItemRecommender/x1/5"),
                    db.get(nodeB, "/recapi/1.0/recommend/aging/ItemToItemRecommender/x1/5"));
        }
    }

    private static void browse(PgNodes db, String base, String person, long time, String... items) {
        List<String> quoted = new ArrayList<>();
        for (String item : items) {
            quoted.add('"' + item + '"');
        }
        var r = db.post(base, "/recapi/1.0/update", "{\"service\":\"aging\",\"updates\":[{\"customer\":\"" + person
                + "\",\"entityIDs\":[" + String.join(",", quoted) + "],\"what\":\"BROWSE\",\"time\":" + time + "}]}");
        assertEquals(200, r.statusCode(), r.body());
    }

    private static List<String> ids(JsonNode recommendation) {
        List<String> ids = new ArrayList<>();
        if (!recommendation.path("origin").asText().startsWith("ItemToItemRecommender")) {
            return ids; // a fallback answered
        }
        recommendation.path("result").forEach(r -> ids.add(r.path("id").asText(r.asText())));
        return ids;
    }
}
