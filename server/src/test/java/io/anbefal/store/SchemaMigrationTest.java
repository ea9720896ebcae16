package io.anbefal.store;

import io.anbefal.engine.Event;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A store of schema version 1, H2 file or PostgreSQL database (before the log clock: identity numbers per table, links and loads placed by
 * {@code after_seq}) opens as version 2: its log replays in the order it always had, new entries come after all
 * of it, and a position taken before the migration still tails exactly what came after.
 */
class SchemaMigrationTest {

    @TempDir
    Path dir;

    private static StoredUpdate update(String person) {
        return new StoredUpdate(new Event(person, List.of("i"), "BROWSE", null, null, List.of(), 1, null, null), null);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aVersionOneLogKeepsItsOrderAndNewEntriesFollowIt(Backend backend) throws Exception {
        Backend.Database db = backend.create(dir);
        try (JdbcStore store = db.open(); Connection c = store.dataSource().getConnection();
             Statement s = c.createStatement()) {
            store.putService("s", List.of());
            // back to version 1: no clock, no change entries, no pending_service
            s.execute("DROP TABLE log_clock");
            s.execute("DROP TABLE log_changes");
            s.execute("DROP TABLE schema_version");
            s.execute("DROP INDEX imports_pending");
            s.execute("ALTER TABLE imports DROP COLUMN pending_service");
            // events 1..3; link 1 committed after event 1, link 2 of a dataset file (no place); a load after event 2
            for (int seq = 1; seq <= 3; seq++) {
                s.execute("INSERT INTO events (seq, service, person, entities, entity_count, what, time_ms)"
                        + " VALUES (" + seq + ", 's', 'e" + seq + "', '[\"i\"]', 1, 'BROWSE', 1)");
            }
            s.execute("INSERT INTO links (seq, service, alias, person, time_ms, after_seq) VALUES (1, 's', 'l1', 'e1', 1, 1)");
            s.execute("INSERT INTO links (seq, service, alias, person, time_ms, after_seq) VALUES (2, 's', 'l2', 'e1', 1, NULL)");
            s.execute("INSERT INTO imports (id, service, started_seq, touched_ms, published_seq, after_seq)"
                    + " VALUES (7, 's', 0, 1, 1, 2)");
            EventBlock block = EventBlock.encode(List.of(update("b1"), update("b2")));
            try (PreparedStatement p = c.prepareStatement("INSERT INTO event_blocks (seq, import_id, service, event_count,"
                    + " min_time_ms, max_time_ms, data) VALUES (1, 7, 's', 2, 1, 1, ?)")) {
                p.setBytes(1, block.data());
                p.executeUpdate();
            }
        }
        List<String> old = List.of("e1", "link l1", "link l2", "e2", "b1", "b2", "e3");
        LogPosition before;
        try (JdbcStore store = db.open()) {
            assertEquals(old, Replayed.of(store).order, "the old order");
            before = store.position();
            assertEquals(new LogPosition(3, 3, 2, 2, 1, 1, 2, before.settings(), 3), before);
            store.append(List.of(new Store.Batch("s", List.of(update("n1")), List.of(new Link("l3", "n1", 2)))));
            try (Store.BulkLoad load = store.bulkLoad("s")) {
                load.stage(List.of(update("b3")), List.of());
                load.publish(null);
            }
            store.append(List.of(new Store.Batch("s", List.of(update("n2")), List.of())));
            List<String> all = new ArrayList<>(old);
            all.addAll(List.of("link l3", "n1", "b3", "n2"));
            assertEquals(all, Replayed.of(store).order, "new entries after all of the old log");
            Replayed after = new Replayed();
            LogPosition now = store.tail(before, after);
            assertEquals(List.of("link l3", "n1", "b3", "n2"), after.order, "a position of before tails what came after");
            assertEquals(store.position(), now);
            assertTrue(store.contains(before));
        }
    }
}
