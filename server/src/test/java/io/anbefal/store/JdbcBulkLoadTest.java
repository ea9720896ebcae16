package io.anbefal.store;

import io.anbefal.engine.Event;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Bulk loads (event blocks) against a real H2 file and a real PostgreSQL: order, dedupe, whole-or-nothing, stats and counts. */
class JdbcBulkLoadTest {

    @TempDir
    Path dir;

    private static StoredUpdate update(String person, String entity, long time, String eventId) {
        return new StoredUpdate(new Event(person, List.of(entity), "BROWSE", "web", null, List.of(), time, null, null),
                eventId);
    }

    private static List<StoredUpdate> replayed(Store store, String service) {
        return Replayed.of(store).updates(service);
    }

    private static List<Link> replayedLinks(Store store) {
        return Replayed.of(store).links;
    }

    private static void append(Store store, String service, StoredUpdate... updates) {
        store.append(List.of(new Store.Batch(service, List.of(updates), List.of())));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void replayPutsAPublishedLoadWhereItWasPublishedAmongSingleUpdates(Backend backend) {
        Backend.Database db = backend.create(dir);
        StoredUpdate a1 = update("a", "1", 1, null);
        StoredUpdate a2 = update("a", "2", 2, null);
        StoredUpdate a3 = update("a", "3", 3, null);
        StoredUpdate b1 = new StoredUpdate(new Event("b", List.of("x", "y"), "PURCHASE", "app", "Rec",
                List.of("t1", "t,2"), 10, 1.5, 3), "order-1");
        StoredUpdate b2 = update("b", "æøå ☃", -5, null);
        StoredUpdate b3 = update("b", "3", 11, null);
        try (Store store = db.open()) {
            store.putService("s", List.of());
            append(store, "s", a1);
            try (Store.BulkLoad bulk = store.bulkLoad("s")) {
                bulk.stage(List.of(b1, b2), List.of(new Link("v1", "b", 7)));
                append(store, "s", a2);
                bulk.stage(List.of(b3), List.of());
                assertEquals(List.of(a1, a2), replayed(store, "s"), "staged updates are not in the log");
                assertEquals(Map.of("s", 2L), store.updateCounts());
                assertEquals(List.of(), replayedLinks(store));
                Replayed published = new Replayed();
                long n = bulk.publish(published);
                List<StoredUpdate> streamed = published.updates;
                List<Link> streamedLinks = published.links;
                assertEquals(3, n);
                assertEquals(List.of(b1, b2, b3), streamed);
                assertEquals(List.of(new Link("v1", "b", 7)), streamedLinks);
            }
            append(store, "s", a3);
        }
        try (Store store = db.open()) {
            assertEquals(List.of(a1, a2, b1, b2, b3, a3), replayed(store, "s"));
            assertEquals(List.of(new Link("v1", "b", 7)), replayedLinks(store));
            assertEquals(Map.of("s", 6L), store.updateCounts());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void eventIdsAreDedupedAcrossSingleUpdatesAndBulkLoads(Backend backend) {
        Backend.Database db = backend.create(dir);
        try (Store store = db.open()) {
            store.putService("s", List.of());
            append(store, "s", update("p", "a", 1, "held"));
            try (Store.BulkLoad bulk = store.bulkLoad("s")) {
                // within a chunk, across chunks, and against a single update already stored
                assertEquals(3, bulk.stage(List.of(update("p", "b", 2, "new"), update("p", "c", 3, "new"),
                        update("p", "d", 4, "held"), update("p", "e", 5, null), update("p", "k", 6, "late0")),
                        List.of()));
                assertEquals(2, bulk.stage(List.of(update("p", "f", 6, "new"), update("p", "g", 7, "late"),
                        update("p", "h", 8, "new"), update("p", "n", 9, null)), List.of()));
                // single updates with eventIds the load has staged, arriving before the load is published:
                // they are committed first, so the staged ones go (from the first block and from the second)
                assertEquals(1, store.append(List.of(new Store.Batch("s", List.of(update("q", "i", 9, "late")),
                        List.of()))).getFirst().size());
                assertEquals(1, store.append(List.of(new Store.Batch("s", List.of(update("q", "m", 9, "late0")),
                        List.of()))).getFirst().size());
                bulk.publish(null);
            }
            List<String> entities = replayed(store, "s").stream().map(u -> u.event().entities().getFirst()).toList();
            assertEquals(List.of("a", "i", "m", "b", "e", "n"), entities, "a rewritten block keeps its place");
            // a published bulk eventId stops a single update...
            assertEquals(0, store.append(List.of(new Store.Batch("s", List.of(update("q", "j", 10, "new")),
                    List.of()))).getFirst().size());
            // ...but not one of another service
            store.putService("t", List.of());
            assertEquals(1, store.append(List.of(new Store.Batch("t", List.of(update("q", "j", 10, "new")),
                    List.of()))).getFirst().size());
            // loading the same records again adds only those without an eventId
            try (Store.BulkLoad bulk = store.bulkLoad("s")) {
                assertEquals(1, bulk.stage(List.of(update("p", "b", 2, "new"), update("p", "e", 5, null),
                        update("p", "g", 7, "late")), List.of()));
                bulk.publish(null);
            }
            assertEquals(List.of("a", "i", "m", "b", "e", "n", "e"),
                    replayed(store, "s").stream().map(u -> u.event().entities().getFirst()).toList());
            assertEquals(Map.of("s", 7L, "t", 1L), store.updateCounts());
            assertEquals(7L, store.stats("s", Long.MIN_VALUE, Long.MAX_VALUE).perWhat().get("BROWSE"));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anUnpublishedLoadLeavesNothingClosedOrCrashed(Backend backend) {
        Backend.Database db = backend.create(dir);
        try (Store store = db.open()) {
            store.putService("s", List.of());
            try (Store.BulkLoad bulk = store.bulkLoad("s")) {
                bulk.stage(List.of(update("p", "a", 1, "e1"), update("p", "b", 2, null)), List.of(new Link("v", "p", 1)));
                // closed without publish: an invalid file, say
            }
            assertEquals(Map.of(), store.updateCounts());
            // the same eventIds load later
            try (Store.BulkLoad bulk = store.bulkLoad("s")) {
                assertEquals(2, bulk.stage(List.of(update("p", "a", 1, "e1"), update("p", "b", 2, null)), List.of()));
            }
            // a process that dies while staging: its bulk load is neither published nor closed
            Store.BulkLoad crashed = store.bulkLoad("s");
            crashed.stage(List.of(update("p", "c", 3, "e2")), List.of(new Link("w", "p", 2)));
            assertThrows(StoreException.class, () -> store.bulkLoad("s"), "one bulk load per service at a time");
        }
        try (JdbcStore store = db.open()) {
            assertEquals(Map.of(), store.updateCounts());
            assertEquals(List.of(), replayedLinks(store));
            assertEquals(Map.of(), store.stats("s", Long.MIN_VALUE, Long.MAX_VALUE).perWhat());
            // once the dead load is stale, the next one drops it and may take its eventIds
            store.bulkStaleMillis = 0;
            try (Store.BulkLoad bulk = store.bulkLoad("s")) {
                assertEquals(1, bulk.stage(List.of(update("p", "c", 3, "e2")), List.of()));
                bulk.publish(null);
            }
            assertEquals(Map.of("s", 1L), store.updateCounts());
            assertEquals(List.of(), replayedLinks(store));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void statsAndCountsAreTheSameWhetherLoadedInBulkOrOneByOne(Backend backend) {
        Backend.Database db = backend.create(dir);
        SplittableRandom random = new SplittableRandom(5);
        String[] whats = {"BROWSE", "PURCHASE", "RECEXPOSURE", "RECCLICK"};
        String[] origins = {null, "ItemToItemRecommender", "Popular"};
        List<List<StoredUpdate>> chunks = new ArrayList<>();
        long time = 1_000_000;
        for (int c = 0; c < 6; c++) {
            List<StoredUpdate> chunk = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                time += random.nextInt(-50, 200);   // times not sorted: blocks overlap
                List<String> entities = random.nextInt(4) == 0 ? List.of("x", "y", "z") : List.of("e" + i);
                chunk.add(new StoredUpdate(new Event("p" + random.nextInt(40), entities,
                        whats[random.nextInt(whats.length)], "web", origins[random.nextInt(origins.length)], List.of(),
                        time, null, null), random.nextInt(5) == 0 ? "id" + random.nextInt(400) : null));
            }
            chunks.add(chunk);
        }
        try (Store bulk = backend.create(dir.resolve("bulk")).open(); Store single = backend.create(dir.resolve("single")).open()) {
            bulk.putService("s", List.of());
            single.putService("s", List.of());
            append(bulk, "s", update("p", "before", 1_000_100, null));
            append(single, "s", update("p", "before", 1_000_100, null));
            try (Store.BulkLoad load = bulk.bulkLoad("s")) {
                for (List<StoredUpdate> chunk : chunks) {
                    load.stage(chunk, List.of());
                }
                load.publish(null);
            }
            for (List<StoredUpdate> chunk : chunks) {
                single.append(List.of(new Store.Batch("s", chunk, List.of())));
            }
            assertEquals(single.updateCounts(), bulk.updateCounts());
            assertEquals(replayed(single, "s"), replayed(bulk, "s"));
            long[][] ranges = {{Long.MIN_VALUE, Long.MAX_VALUE}, {1_000_000, 1_020_000}, {1_030_000, 1_031_000},
                {1_050_000, 1_100_000}, {0, 1_000_001}, {1_000_100, 1_000_101}};
            for (long[] r : ranges) {
                assertEquals(single.stats("s", r[0], r[1]), bulk.stats("s", r[0], r[1]), r[0] + ".." + r[1]);
            }
        }
    }
}
