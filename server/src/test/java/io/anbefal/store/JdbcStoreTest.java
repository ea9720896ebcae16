package io.anbefal.store;

import io.anbefal.engine.Event;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The store against a real H2 file and a real PostgreSQL: what goes in comes back out, in order, deduplicated by eventId. */
class JdbcStoreTest {

    @TempDir
    Path dir;

    private static StoredUpdate update(String person, List<String> entities, String eventId) {
        return new StoredUpdate(new Event(person, entities, "BROWSE", "web", "Rec", List.of("t1", "t,2"), 1234L, 1.5, 3),
                eventId);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void updatesComeBackExactlyAndInCommitOrder(Backend backend) {
        Backend.Database db = backend.create(dir);
        List<String> odd = List.of("plain", "with \"quotes\"", "comma,\",\"separated", "back\\slash", "æøå ☃", "");
        List<StoredUpdate> written = List.of(update("p1", List.of("a"), null), update("p2", odd, "e1"),
                update("p3", List.of("x", "y"), null));
        try (Store store = db.open()) {
            store.putService("s", List.of());
            store.append(List.of(new Store.Batch("s", written, List.of(new Link("v", "p1", 99L)))));
        }
        Replayed replayed;
        try (Store store = db.open()) {
            replayed = Replayed.of(store);
        }
        List<StoredUpdate> read = replayed.updates;
        List<Link> links = replayed.links;
        assertEquals(written, read);
        assertEquals(List.of(new Link("v", "p1", 99L)), links);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void linksAreReplayedWhereTheyWereCommittedBeforeTheirBatchsUpdates(Backend backend) {
        Backend.Database db = backend.create(dir);
        try (Store store = db.open()) {
            store.putService("s", List.of());
            // one group commit of three batches, the second with a link; then a link alone
            store.append(List.of(new Store.Batch("s", List.of(update("p1", List.of("a"), null)), List.of()),
                    new Store.Batch("s", List.of(update("p2", List.of("b"), null)), List.of(new Link("v1", "p2", 1L))),
                    new Store.Batch("s", List.of(update("p3", List.of("c"), null)), List.of())));
            store.append(List.of(new Store.Batch("s", List.of(), List.of(new Link("v2", "p3", 2L)))));
        }
        List<String> order;
        try (Store store = db.open()) {
            order = Replayed.of(store).order;
        }
        assertEquals(List.of("p1", "link v1", "p2", "p3", "link v2"), order);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void repeatedEventIdsAreStoredOncePerService(Backend backend) {
        Backend.Database db = backend.create(dir);
        try (Store store = db.open()) {
            var accepted = store.append(List.of(
                    new Store.Batch("s", List.of(update("p", List.of("a"), "e"), update("p", List.of("b"), "e")), List.of()),
                    new Store.Batch("t", List.of(update("p", List.of("a"), "e")), List.of())));
            assertEquals(1, accepted.get(0).size());
            assertEquals(1, accepted.get(1).size());
            assertEquals(0, store.append(List.of(new Store.Batch("s", List.of(update("p", List.of("c"), "e")), List.of())))
                    .getFirst().size());
            assertEquals(java.util.Map.of("s", 1L, "t", 1L), store.updateCounts());
        }
    }
}
