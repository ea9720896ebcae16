package io.anbefal.store;

import io.anbefal.engine.Event;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tailing the log ({@link EventLog#tail}): everything a node must apply is in it, in commit order (updates, links,
 * published loads, catalog and settings changes, erasures), each once, with its log number; the position a tail
 * returns is the log's; and a node is woken ({@link LogSignal}) by another node's commit.
 */
class LogTailTest {

    @TempDir
    Path dir;

    /** What a tail heard, one line per entry, with the log numbers heard. */
    private static final class Heard implements Store.ReplaySink {
        final List<String> entries = new ArrayList<>();
        final List<Long> seqs = new ArrayList<>();

        @Override
        public void at(long seq) {
            seqs.add(seq);
        }

        @Override
        public void link(String service, Link link) {
            entries.add("link " + link.alias());
        }

        @Override
        public void update(String service, StoredUpdate update) {
            entries.add(update.event().person() + " " + update.event().entities());
        }

        @Override
        public void catalogChanged(String service, List<String> productIds) {
            entries.add("catalog " + productIds);
        }

        @Override
        public void settingsChanged(String service) {
            entries.add("settings " + service);
        }

        @Override
        public void erased(String service) {
            entries.add("erased " + service);
        }
    }

    private static StoredUpdate update(String person, String entity) {
        return new StoredUpdate(new Event(person, List.of(entity), "BROWSE", null, null, List.of(), 1, null, null), null);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everythingANodeAppliesIsTailedOnceInCommitOrder(Backend backend) {
        Backend.Database db = backend.create(dir);
        try (JdbcStore a = db.open(); JdbcStore b = db.open()) {
            a.putService("s", List.of());
            a.append(List.of(new Store.Batch("s", List.of(update("p1", "x")), List.of(new Link("v1", "p1", 1)))));
            b.putProducts("s", Map.of("x", "{\"id\":\"x\"}"));
            b.putSetting("s", "k", "v");
            try (Store.BulkLoad load = b.bulkLoad("s")) {
                load.stage(List.of(update("p2", "y"), update("p3", "z")), List.of(new Link("v2", "p2", 2)));
                a.append(List.of(new Store.Batch("s", List.of(update("p4", "w")), List.of())));
                load.publish(null);
            }
            a.deleteProducts("s", List.of("x", "gone"));

            Heard first = new Heard();
            LogPosition at = b.tail(LogPosition.START, first);
            assertEquals(List.of("settings s", "link v1", "p1 [x]", "catalog [x]", "settings s", "p4 [w]", "link v2",
                    "p2 [y]", "p3 [z]", "catalog [x, gone]"), first.entries);
            assertEquals(first.seqs.stream().sorted().distinct().toList(), first.seqs, "numbers rise: " + first.seqs);
            assertEquals(a.position(), at, "the tail got to where the log is");

            Heard none = new Heard();
            assertEquals(at, b.tail(at, none));
            assertEquals(List.of(), none.entries, "nothing is delivered twice");

            a.append(List.of(new Store.Batch("s", List.of(update("p5", "v")), List.of())));
            a.erase("s", List.of("p1"), List.of());
            Heard next = new Heard();
            LogPosition later = b.tail(at, next);
            assertEquals(List.of("p5 [v]", "erased s"), next.entries);
            assertTrue(next.seqs.getFirst() > first.seqs.getLast());
            assertEquals(a.position(), later, "after an erasure, the position counts what is left");
            assertTrue(a.contains(later));
            assertFalse(a.contains(at), "the log no longer begins as it did before the erasure");

            // a replay from the start is the same log, without what was erased
            Heard replay = new Heard();
            b.replay(LogPosition.START, replay);
            assertEquals(List.of("settings s", "catalog [x]", "settings s", "p4 [w]", "link v2", "p2 [y]", "p3 [z]",
                    "catalog [x, gone]", "p5 [v]", "erased s"), replay.entries);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aNodeIsWokenByAnotherNodesCommit(Backend backend) throws Exception {
        Backend.Database db = backend.create(dir);
        try (JdbcStore a = db.open(); JdbcStore b = db.open(); LogSignal signal = b.signal()) {
            a.putService("s", List.of());
            signal.awaitChange(Duration.ofMillis(20)); // listening from here on; whatever came before
            assertFalse(signal.awaitChange(Duration.ofMillis(100)), "no commit, no wake-up");
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                a.append(List.of(new Store.Batch("s", List.of(update("p", "x")), List.of())));
            });
            assertTrue(signal.awaitChange(Duration.ofSeconds(30)), "woken by the commit");
            writer.join();
            Heard heard = new Heard();
            b.tail(LogPosition.START, heard);
            assertTrue(heard.entries.contains("p [x]"));
        }
    }
}
