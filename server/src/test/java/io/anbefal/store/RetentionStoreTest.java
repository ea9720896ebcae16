package io.anbefal.store;

import io.anbefal.engine.Event;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link EventLog#retain} and {@link EventLog#claimRetention} on H2 and PostgreSQL: old updates leave single rows
 * and bulk-loaded blocks (whole, and the old part of a block straddling the cutoff) in bounded steps, newer ones and
 * the links stay, a backlog's last step writes one erasure entry (also after a pass cut short), a pass with
 * nothing to remove writes none, and of two claims within the interval one wins.
 */
class RetentionStoreTest {

    static final long DAY = 86_400_000L;
    static final long NOW = 1_800_000_000_000L;
    static final long CUTOFF = NOW - 30 * DAY;

    @TempDir
    Path dir;

    static StoredUpdate update(String person, String item, long time, String eventId) {
        return new StoredUpdate(new Event(person, List.of(item), "BROWSE", null, null, List.of(), time, null, null), eventId);
    }

    /** What tailing the log from the start hears of the service: its updates' event ids and the erasure entries. */
    static final class Heard implements Store.ReplaySink {
        final List<String> updates = new ArrayList<>();
        int erased;

        @Override
        public void link(String service, Link link) {
        }

        @Override
        public void update(String service, StoredUpdate update) {
            if (service.equals("s")) {
                updates.add(update.eventId());
            }
        }

        @Override
        public void erased(String service) {
            erased++;
        }
    }

    /** One whole pass, step after step. */
    static List<EventLog.Retained> pass(Store store, long cutoff, int maxRows) {
        List<EventLog.Retained> steps = new ArrayList<>();
        EventLog.Retained step = null;
        do {
            step = store.retain("s", cutoff, step == null ? EventLog.RetentionCursor.START : step.next(), maxRows);
            steps.add(step);
            assertTrue(steps.size() < 50, "the steps end");
        } while (!step.done());
        return steps;
    }

    static Heard tail(Store store, LogPosition from) {
        Heard heard = new Heard();
        store.tail(from, heard);
        return heard;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void oldUpdatesLeaveRowsAndBlocksInBoundedStepsAndTheLastStepLogsOneErasureEntry(Backend backend) {
        try (Store store = backend.create(dir).open()) {
            // single rows: 7 old and 3 new of service s, 4 old of another service; a link
            List<StoredUpdate> rows = new ArrayList<>();
            for (int k = 0; k < 7; k++) {
                rows.add(update("old" + k, "i" + k, CUTOFF - DAY - k, "row-old-" + k));
            }
            for (int k = 0; k < 3; k++) {
                rows.add(update("new" + k, "i" + k, CUTOFF + k, "row-new-" + k));
            }
            store.append(List.of(new Store.Batch("s", rows, List.of(new Link("v1", "old0", CUTOFF - 2 * DAY))),
                    new Store.Batch("t", List.of(update("t0", "i0", CUTOFF - DAY, "t-0"), update("t1", "i1", 0, "t-1"),
                            update("t2", "i2", 1, "t-2"), update("t3", "i3", 2, "t-3")), List.of())));
            // blocks: one all old (4), one straddling the cutoff (2 old, 2 new), one all new (2)
            try (Store.BulkLoad load = store.bulkLoad("s")) {
                load.stage(List.of(update("b0", "j0", CUTOFF - 5, "blk-old-0"), update("b1", "j1", CUTOFF - 4, "blk-old-1"),
                        update("b2", "j2", CUTOFF - 3, "blk-old-2"), update("b3", "j3", CUTOFF - 2, "blk-old-3")), List.of());
                load.stage(List.of(update("b4", "j4", CUTOFF - 1, "blk-old-4"), update("b5", "j5", CUTOFF, "blk-new-5"),
                        update("b6", "j6", CUTOFF - 7, "blk-old-6"), update("b7", "j7", CUTOFF + 1, "blk-new-7")), List.of());
                load.stage(List.of(update("b8", "j8", NOW, "blk-new-8"), update("b9", "j9", NOW, "blk-new-9")), List.of());
                load.publish(null);
            }
            LogPosition before = store.position();

            List<EventLog.Retained> steps = pass(store, CUTOFF, 3);
            EventLog.Retained step = steps.getLast();

            // 7 old rows in windows of 3 (3, 3, 1, then the other service's rows), then the blocks: 4 (a block is
            // done whole, so one step may pass the bound by it), 2
            assertEquals(List.of(3L, 3L, 1L), steps.subList(0, 3).stream().map(EventLog.Retained::updates).toList());
            for (EventLog.Retained s : steps) {
                assertTrue(s.updates() <= 3 + 4, "bounded: " + steps);
            }
            assertEquals(7 + 4 + 2, steps.stream().mapToLong(EventLog.Retained::updates).sum(), steps.toString());
            assertTrue(steps.size() >= 4, "more than one transaction: " + steps);
            for (int k = 0; k < steps.size() - 1; k++) {
                assertEquals(0, steps.get(k).seq(), "only the last step writes the entry: " + steps);
            }
            assertTrue(step.seq() > 0, "the last step wrote the erasure entry");

            Replayed left = Replayed.of(store);
            assertEquals(List.of("row-new-0", "row-new-1", "row-new-2", "blk-new-5", "blk-new-7", "blk-new-8",
                    "blk-new-9"), left.updates("s").stream().map(StoredUpdate::eventId).toList());
            assertEquals(4, left.updates("t").size(), "another service keeps all of its updates");
            assertEquals(1, left.links.size(), "links are identities, not history: kept");
            assertFalse(store.contains(before), "a snapshot from before no longer describes the log");
            assertEquals(7, store.updateCounts().get("s"));

            Heard heard = tail(store, before);
            assertEquals(1, heard.erased, "one erasure entry for the pass");

            // an eventId that left the log can be stored again (its dedupe went with it)
            var again = store.append(List.of(new Store.Batch("s", List.of(update("old0", "i0", NOW, "row-old-0"),
                    update("b0", "j0", NOW, "blk-old-0"), update("b5", "j5", NOW, "blk-new-5")), List.of())));
            assertEquals(List.of("row-old-0", "blk-old-0"), again.get(0).stream().map(StoredUpdate::eventId).toList(),
                    "blk-new-5 is still held by its rewritten block");

            // a second pass finds nothing old: done at once, no entry
            LogPosition after = store.position();
            List<EventLog.Retained> none = pass(store, CUTOFF, 3);
            assertEquals(0, none.stream().mapToLong(EventLog.Retained::updates).sum());
            assertEquals(0, none.getLast().seq(), "no entry");
            assertEquals(0, tail(store, after).erased);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aPassCutShortStillEndsWithItsEntryWhenTheNextFindsNothingLeft(Backend backend) {
        try (Store store = backend.create(dir).open()) {
            List<StoredUpdate> rows = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                rows.add(update("p" + k, "i" + k, CUTOFF - 1, "e" + k));
            }
            store.append(List.of(new Store.Batch("s", rows, List.of())));
            LogPosition before = store.position();
            EventLog.Retained first = store.retain("s", CUTOFF, EventLog.RetentionCursor.START, 4);
            assertEquals(4, first.updates());
            assertFalse(first.done(), "the blocks are still to look at");
            assertEquals(0, first.seq());
            // the process dies here; the next pass (maybe another node's) finds nothing left to remove
            List<EventLog.Retained> next = pass(store, CUTOFF, 4);
            assertEquals(0, next.stream().mapToLong(EventLog.Retained::updates).sum());
            assertTrue(next.getLast().seq() > 0, "the entry the cut pass owed is written now");
            assertEquals(1, tail(store, before).erased);
            assertEquals(0, pass(store, CUTOFF, 4).getLast().seq(), "and only once");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void ofTwoNodesClaimingAPassWithinTheIntervalOneGetsIt(Backend backend) {
        Backend.Database db = backend.create(dir);
        try (Store a = db.open(); Store b = backend == Backend.H2 ? null : db.open()) {
            Store other = b == null ? a : b;
            long hour = 3_600_000L;
            assertTrue(a.claimRetention("s", NOW, hour), "the first claim");
            assertFalse(other.claimRetention("s", NOW + 1, hour), "a second within the interval");
            assertFalse(a.claimRetention("s", NOW + hour - 1, hour));
            assertTrue(other.claimRetention("s", NOW + hour, hour), "one interval later");
            assertFalse(a.claimRetention("s", NOW + hour, hour));
            assertTrue(a.claimRetention("t", NOW, hour), "per service");
        }
    }
}
