package io.anbefal.store;

import io.anbefal.engine.Event;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The log's erasure and its read-outs (stats, the dashboard's activity) on a real H2 file and a real PostgreSQL:
 * a person and every id linked to them leave single rows, bulk-loaded blocks, links and user records, as one entry
 * of the log; the counts are entity-events per what, origin and time bucket.
 */
class ErasureAndStatsTest {

    @TempDir
    Path dir;

    private static StoredUpdate update(String person, String what, String origin, long time, String... items) {
        return new StoredUpdate(new Event(person, List.of(items), what, "web", origin, List.of(), time, null, null), null);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anErasureTakesThePersonAndTheirLinkedIdsFromEveryPartOfTheLog(Backend backend) {
        Backend.Database db = backend.create(dir);
        LogPosition before;
        try (Store store = db.open()) {
            store.putService("s", List.of());
            store.putService("t", List.of());
            store.append(List.of(new Store.Batch("s", List.of(update("carol", "BROWSE", null, 1, "a"),
                            update("dan", "BROWSE", null, 2, "a"), update("carol", "PURCHASE", null, 3, "a", "b")),
                            List.of(new Link("v-carol", "carol", 4))),
                    new Store.Batch("t", List.of(update("carol", "BROWSE", null, 5, "z")), List.of())));
            store.append(List.of(new Store.Batch("s", List.of(update("v-carol", "BROWSE", null, 6, "c")), List.of())));
            try (Store.BulkLoad load = store.bulkLoad("s")) {
                load.stage(List.of(update("carol", "BROWSE", null, 7, "d"), update("erin", "BROWSE", null, 8, "d")),
                        List.of());
                load.publish(null);
            }
            store.putUserRecords("s", Map.of("carol", "{}", "dan", "{}"));
            before = store.position();

            Store.Erasure erased = store.erase("s", List.of("carol"), List.of());
            assertEquals(Set.of("carol", "v-carol"), erased.persons());
            assertEquals(4, erased.updates(), "two rows of carol, one of v-carol, one in the published block");
            assertEquals(1, erased.links());
        }
        try (Store store = db.open()) {
            Replayed all = Replayed.of(store);
            assertEquals(List.of("dan", "erin"), all.updates("s").stream().map(u -> u.event().person()).toList());
            assertEquals(List.of("carol"), all.updates("t").stream().map(u -> u.event().person()).toList(),
                    "another service's carol is another person");
            assertEquals(List.of(), all.links);
            assertEquals(Optional.empty(), store.userRecord("s", "carol"));
            assertEquals(Optional.of("{}"), store.userRecord("s", "dan"));
            assertEquals(Map.of("s", 2L, "t", 1L), store.updateCounts());
            assertFalse(store.contains(before), "a snapshot taken before no longer describes the log");
            assertEquals(List.of("erased s"), Replayed.after(store, before).changes, "one entry, naming nobody");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void statsAndActivityCountEntityEventsPerWhatOriginAndBucket(Backend backend) {
        Backend.Database db = backend.create(dir);
        try (Store store = db.open()) {
            store.putService("s", List.of());
            store.append(List.of(new Store.Batch("s", List.of(
                    update("p", "RECEXPOSURE", "I2I", 1_000, "a", "b"),
                    update("p", "RECEXPOSURE", "I2I", 1_500, "a"),
                    update("p", "RECCLICK", "I2I", 2_100, "a"),
                    update("q", "BROWSE", null, 2_200),               // no product: a home page view counts once
                    update("q", "PURCHASE", null, 3_900, "b"),
                    update("q", "PURCHASE", null, 9_000, "b")), List.of())));   // outside the range
            try (Store.BulkLoad load = store.bulkLoad("s")) {
                load.stage(List.of(update("r", "PURCHASE", null, 2_000, "c", "d")), List.of());
                load.publish(null);
            }
            Stats stats = store.stats("s", 1_000, 4_000);
            assertEquals(Map.of("RECEXPOSURE", 3L, "RECCLICK", 1L, "BROWSE", 1L, "PURCHASE", 3L), stats.perWhat(),
                    "bulk-loaded blocks count in stats");
            assertEquals(List.of(new Stats.OriginStats("I2I", 3, 1)), stats.perOrigin());

            Activity activity = store.activity("s", 1_000, 4_000, 1_000, 5, 3);
            assertEquals(Set.of("RECEXPOSURE", "RECCLICK", "BROWSE", "PURCHASE"), activity.series().keySet(),
                    "single updates only: the block's purchase of c and d is not here");
            assertArrayEquals(new long[]{3, 0, 0}, activity.series().get("RECEXPOSURE"));
            assertArrayEquals(new long[]{0, 1, 0}, activity.series().get("RECCLICK"));
            assertArrayEquals(new long[]{0, 1, 0}, activity.series().get("BROWSE"));
            assertArrayEquals(new long[]{0, 0, 1}, activity.series().get("PURCHASE"));
            assertEquals(List.of(new Activity.ItemCount("a", 2), new Activity.ItemCount("b", 1)), activity.exposed());
            assertEquals(List.of(new Activity.ItemCount("a", 1)), activity.clicked());
            assertEquals(List.of(new Activity.RecentUpdate(3_900, "q", List.of("b"), "PURCHASE", "web", null),
                    new Activity.RecentUpdate(2_200, "q", List.of(), "BROWSE", "web", null),
                    new Activity.RecentUpdate(2_100, "p", List.of("a"), "RECCLICK", "web", "I2I")), activity.recent());
        }
    }
}
