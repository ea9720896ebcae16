package io.anbefal.app;

import io.anbefal.AnbefalServer;
import io.anbefal.engine.Event;
import io.anbefal.engine.RecommendRequest;
import io.anbefal.engine.Recommendation;
import io.anbefal.store.Backend;
import io.anbefal.store.Store;
import io.anbefal.store.StoredUpdate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model snapshot a clean close writes: a restart from it answers exactly as the server did, and it is not
 * used when the log moved on without it (another process wrote, settings changed) or when it is damaged; on the H2
 * file and on PostgreSQL.
 */
class SnapshotTest {

    @TempDir
    Path dir;

    private static final List<String> RECOMMENDERS = List.of("ProductForCustomerRecommender",
            "ItemToItemRecommender", "ShoppingBasketRecommender", "PopularRecommender", "RecentlyViewedRecommender");

    /** The database of the test: the H2 file in {@link #dir}, or a PostgreSQL database with {@link #dir} for the snapshot. */
    private Backend.Database db;

    private AnbefalServer start() {
        return AnbefalServer.start(db.server());
    }

    private static void history(Anbefal anbefal) {
        anbefal.services().add("shop", "user", "password", List.of());
        Random random = new Random(3);
        long time = 1_700_000_000_000L;
        for (int n = 0; n < 400; n++) {
            String person = "c" + random.nextInt(40);
            List<String> items = List.of("i" + (int) (60 * Math.pow(random.nextDouble(), 2)),
                    "i" + random.nextInt(60));
            String what = random.nextInt(5) == 0 ? "PURCHASE" : "BROWSE";
            anbefal.update(anbefal.service("shop"), List.of(new Update(person, items.subList(0, 1 + random.nextInt(2)), what, "web",
                    null, List.of(), time += 60_000, null, null, "e" + n)), null);
        }
        // a visitor who signs in: anonymous history linked to a customer
        anbefal.update(anbefal.service("shop"), List.of(new Update(null, List.of("i7"), "BROWSE", "web", null, List.of(),
                time += 60_000, null, null, "v1")), "visitor-1");
        anbefal.update(anbefal.service("shop"), List.of(new Update("c1", List.of("i9"), "BROWSE", "web", null, List.of(),
                time + 60_000, null, null, "v2")), "visitor-1");
    }

    private static Map<String, List<Recommendation.ScoredItem>> answers(Anbefal anbefal) {
        Map<String, List<Recommendation.ScoredItem>> answers = new LinkedHashMap<>();
        for (String recommender : RECOMMENDERS) {
            for (List<String> ids : List.of(List.of("c1"), List.of("c5"), List.of("visitor-1"), List.of("i3"),
                    List.of("i1", "i2", "i4"))) {
                answers.put(recommender + ids, anbefal.recommend(anbefal.service("shop"),
                        new RecommendRequest(recommender, ids, List.of(), 10), null).items());
            }
        }
        return answers;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRestartFromTheSnapshotAnswersExactlyAsTheServerDid(Backend backend) throws InterruptedException {
        db = backend.create(dir);
        Map<String, List<Recommendation.ScoredItem>> live;
        try (AnbefalServer server = start()) {
            history(server.anbefal());
            Thread.sleep(1100); // cached neighbour lists may lag a second behind the events; let them catch up
            live = answers(server.anbefal());
        }
        assertTrue(Files.isRegularFile(dir.resolve(AnbefalServer.SNAPSHOT)), "a clean close writes the snapshot");
        try (AnbefalServer server = start()) {
            assertTrue(server.restoredFromSnapshot(), "the snapshot matches the log");
            Map<String, List<Recommendation.ScoredItem>> restored = answers(server.anbefal());
            for (String key : live.keySet()) {
                assertEquals(live.get(key), restored.get(key), key);
            }
            assertEquals("c1", server.anbefal().linkedTo(server.anbefal().service("shop"), "visitor-1"));
        }
        // the second close wrote it again; damage it: the log is replayed instead, into the same models
        Path snapshot = dir.resolve(AnbefalServer.SNAPSHOT);
        try {
            byte[] bytes = Files.readAllBytes(snapshot);
            Files.write(snapshot, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (AnbefalServer server = start()) {
            assertFalse(server.restoredFromSnapshot(), "a truncated snapshot is not used");
            assertEquals("c1", server.anbefal().linkedTo(server.anbefal().service("shop"), "visitor-1"));
            Map<String, List<Recommendation.ScoredItem>> replayed = answers(server.anbefal());
            for (String key : live.keySet()) {
                assertEquals(live.get(key), replayed.get(key), "the replay learns the log as the server did: " + key);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSnapshotTakenWhileRunningPlusTheLogAfterItAnswersAsTheServerDid(Backend backend) throws Exception {
        db = backend.create(dir);
        Path midway = dir.resolve("midway.snapshot");
        Map<String, List<Recommendation.ScoredItem>> live;
        try (AnbefalServer server = AnbefalServer.start(new AnbefalServer.Settings("127.0.0.1", 0, -1, dir, 1 << 20,
                false, 100, false, db.database()))) {
            history(server.anbefal());
            Path snapshot = dir.resolve(AnbefalServer.SNAPSHOT);
            for (int i = 0; i < 100 && !Files.isRegularFile(snapshot); i++) {
                Thread.sleep(50);
            }
            assertTrue(Files.isRegularFile(snapshot), "a snapshot is written while running, every 100 updates");
            // the file is replaced by an atomic move, so a copy is always one whole snapshot: as after a crash
            Files.copy(snapshot, midway);
            more(server.anbefal());
            Thread.sleep(1100);
            live = answers(server.anbefal());
        }
        Files.move(midway, dir.resolve(AnbefalServer.SNAPSHOT), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (AnbefalServer server = start()) {
            assertTrue(server.restoredFromSnapshot(), "the log still begins with what the snapshot learnt");
            assertEquals(442, server.anbefal().status(server.anbefal().service("shop")).updates(), "the snapshot plus the log after it");
            assertEquals("c2", server.anbefal().linkedTo(server.anbefal().service("shop"), "visitor-2"), "a link after the snapshot");
            assertAnswers(live, answers(server.anbefal()), "snapshot and the rest of the log");
        }
        Files.delete(dir.resolve(AnbefalServer.SNAPSHOT));
        try (AnbefalServer server = start()) {
            assertFalse(server.restoredFromSnapshot());
            assertAnswers(live, answers(server.anbefal()), "whole replay");
        }
    }

    /** Forty more updates, and a visitor who signs in. */
    private static void more(Anbefal anbefal) {
        long time = 1_800_000_000_000L;
        for (int n = 0; n < 39; n++) {
            anbefal.update(anbefal.service("shop"), List.of(new Update("c" + (n % 9), List.of("i" + (n % 13), "i5" + (n % 7)),
                    n % 4 == 0 ? "PURCHASE" : "BROWSE", "web", null, List.of(), time += 60_000, null, null, "m" + n)),
                    null);
        }
        anbefal.update(anbefal.service("shop"), List.of(new Update("c2", List.of("i3"), "BROWSE", "web", null, List.of(),
                time + 60_000, null, null, "m-v2")), "visitor-2");
    }

    private static void assertAnswers(Map<String, List<Recommendation.ScoredItem>> expected,
                                      Map<String, List<Recommendation.ScoredItem>> actual, String how) {
        for (String key : expected.keySet()) {
            assertEquals(expected.get(key), actual.get(key), how + ": " + key);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aLogThatMovedOnIsTheSnapshotPlusWhatCameAfterIt(Backend backend) {
        db = backend.create(dir);
        Map<String, List<Recommendation.ScoredItem>> before;
        try (AnbefalServer server = start()) {
            history(server.anbefal());
            before = answers(server.anbefal());
        }
        // another process appends while the server is down
        try (Store store = db.open()) {
            List<StoredUpdate> more = new ArrayList<>();
            for (int n = 0; n < 30; n++) {
                more.add(new StoredUpdate(new Event("c5", List.of("i59"), "PURCHASE", "web", null, List.of(),
                        1_800_000_000_000L + n, null, null), "late-" + n));
            }
            store.append(List.of(new Store.Batch("shop", more, List.of())));
        }
        Map<String, List<Recommendation.ScoredItem>> restored;
        try (AnbefalServer server = start()) {
            assertTrue(server.restoredFromSnapshot(), "the snapshot, then the updates after it");
            assertEquals(432, server.anbefal().status(server.anbefal().service("shop")).updates());
            restored = answers(server.anbefal());
            assertNotEquals(before, restored, "the late purchases count");
        }
        try {
            Files.delete(dir.resolve(AnbefalServer.SNAPSHOT));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (AnbefalServer server = start()) {
            assertFalse(server.restoredFromSnapshot());
            assertAnswers(restored, answers(server.anbefal()), "whole replay");
            server.anbefal().configure(server.anbefal().service("shop"), "exposure.penalty", "0.2");
        }
        try (AnbefalServer server = start()) {
            assertFalse(server.restoredFromSnapshot(), "settings changed while running: the models are rebuilt");
        }
    }
}
