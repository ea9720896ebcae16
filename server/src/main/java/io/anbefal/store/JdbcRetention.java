package io.anbefal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link EventLog#retain} and {@link EventLog#claimRetention} in standard SQL: updates older than a cutoff leave
 * the log in bounded transactions (single rows first, a window of sequence numbers at a time, then bulk-loaded
 * blocks: whole ones that are all older, and the older part of the ones that straddle the cutoff), and the pass
 * ends with one erasure entry in the log, so
 * that every node learns the service anew from what is left. {@code retention_runs} holds, per service, when a
 * pass last began (the claim that has one node of several run it) and whether updates were dropped since the
 * last entry (so that a pass cut short by a crash still ends with its entry when the next one finds nothing).
 */
final class JdbcRetention {

    private JdbcRetention() {
    }

    static boolean claim(Jdbc jdbc, String service, long nowMillis, long everyMillis) {
        boolean made;
        try {
            made = jdbc.write(c -> {
                if (Jdbc.exists(c, "SELECT 1 FROM retention_runs WHERE service = ?", service)) {
                    return false;
                }
                Jdbc.update(c, "INSERT INTO retention_runs (service, started_ms, dropped) VALUES (?, ?, 0)",
                        service, nowMillis);
                return true;
            });
        } catch (StoreException e) {
            if (!Jdbc.isUniqueViolation(e)) {
                throw e;
            }
            return false; // another node made the row, and so began a pass, first
        }
        // the row lock makes the claim atomic: of nodes racing, one updates the row and the others find 0 rows
        return made || jdbc.write(c -> Jdbc.update(c,
                "UPDATE retention_runs SET started_ms = ? WHERE service = ? AND started_ms <= ?",
                nowMillis, service, nowMillis - everyMillis) == 1);
    }

    static EventLog.Retained retain(Jdbc jdbc, String service, long cutoffMillis, EventLog.RetentionCursor from,
                                    int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be positive");
        }
        return jdbc.write(c -> {
            long removed;
            EventLog.RetentionCursor next;
            if (from.events() >= 0) {
                // single rows: a window of maxRows sequence numbers, a range of the primary key (no index by time: it
                // would cost every append about a fifth of its speed, RetentionBench); one pass reads the log once.
                // The window begins at the next row that exists, so gaps (erased, removed) cost no steps
                long first = firstAfter(c, from.events());
                long end = first < 0 ? -1 : first - 1 + maxRows;
                removed = first < 0 ? 0 : dropRows(c, service, cutoffMillis, first - 1, end);
                boolean more = first >= 0 && firstAfter(c, end) >= 0;
                next = new EventLog.RetentionCursor(more ? end : -1, from.blocks());
            } else {
                long[] last = {from.blocks()};
                removed = dropFromBlocks(c, service, cutoffMillis, from.blocks(), maxRows, last);
                next = new EventLog.RetentionCursor(-1, last[0] == from.blocks() ? -1 : last[0]);
            }
            if (next.events() >= 0 || next.blocks() >= 0) {
                if (removed > 0) {
                    markDropped(c, service);
                }
                return new EventLog.Retained(removed, next, 0);
            }
            // the pass is through: end it with its entry if it, or an earlier pass cut short, removed anything
            boolean pending = removed > 0 || Jdbc.exists(c,
                    "SELECT 1 FROM retention_runs WHERE service = ? AND dropped = 1", service);
            if (!pending) {
                return new EventLog.Retained(0, next, 0);
            }
            long seq = jdbc.reserve(c, 1);
            LogClock.change(c, seq, service, "erased", null);
            Jdbc.update(c, "UPDATE retention_runs SET dropped = 0 WHERE service = ?", service);
            return new EventLog.Retained(removed, next, seq);
        });
    }

    private static void markDropped(Connection c, String service) throws SQLException {
        if (Jdbc.update(c, "UPDATE retention_runs SET dropped = 1 WHERE service = ?", service) == 0) {
            // retain without a claim first (a test, a CLI): the row is made here
            Jdbc.update(c, "INSERT INTO retention_runs (service, started_ms, dropped) VALUES (?, 0, 1)", service);
        }
    }

    /**
     * The number of the first single row after {@code seq}, or -1: the first of the primary key's range, so that the
     * database reads one row (a MIN or an unbounded query reads them all in H2, which computes results whole).
     */
    private static long firstAfter(Connection c, long seq) throws SQLException {
        try (PreparedStatement p = Jdbc.prepare(c, "SELECT seq FROM events WHERE seq > ? ORDER BY seq FETCH FIRST 1 ROW ONLY",
                seq);
             ResultSet r = p.executeQuery()) {
            return r.next() ? r.getLong(1) : -1;
        }
    }

    /**
     * The service's rows older than the cutoff among those numbered {@code (begin, end]}: read by the range of the
     * primary key alone (a condition on the service would let the database choose the eventId index and read all
     * of the service's rows at every step), then deleted by number.
     */
    private static long dropRows(Connection c, String service, long cutoffMillis, long begin, long end)
            throws SQLException {
        List<Long> old = new ArrayList<>();
        try (PreparedStatement p = Jdbc.prepare(c, "SELECT seq, service, time_ms FROM events WHERE seq > ? AND seq <= ?",
                begin, end);
             ResultSet r = p.executeQuery()) {
            while (r.next()) {
                if (r.getLong(3) < cutoffMillis && service.equals(r.getString(2))) {
                    old.add(r.getLong(1));
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM events WHERE seq = ?")) {
            for (long seq : old) {
                p.setLong(1, seq);
                p.addBatch();
            }
            p.executeBatch();
        }
        return old.size();
    }

    /**
     * Published blocks after {@code afterSeq} holding updates older than the cutoff, until about {@code budget}
     * updates are dropped (a block is done whole: the budget may be passed by one block's size); {@code last[0]}
     * becomes the last block looked at (unchanged: none was left).
     */
    private static long dropFromBlocks(Connection c, String service, long cutoffMillis, long afterSeq, long budget,
                                       long[] last) throws SQLException {
        record Block(long seq, int count, long maxTime) {
        }
        List<Block> blocks = new ArrayList<>();
        try (PreparedStatement p = Jdbc.prepare(c, """
                SELECT b.seq, b.event_count, b.max_time_ms FROM event_blocks b JOIN imports m ON m.id = b.import_id
                WHERE b.service = ? AND b.min_time_ms < ? AND b.seq > ? AND m.published_seq IS NOT NULL
                ORDER BY b.seq""", service, cutoffMillis, afterSeq);
             ResultSet r = p.executeQuery()) {
            while (r.next()) {
                blocks.add(new Block(r.getLong(1), r.getInt(2), r.getLong(3)));
            }
        }
        long removed = 0;
        for (Block b : blocks) {
            if (removed >= budget) {
                break;
            }
            last[0] = b.seq();
            if (b.maxTime() < cutoffMillis) {
                JdbcBlocks.deleteBlocks(c, "seq = ?", b.seq());
                removed += b.count();
                continue;
            }
            List<StoredUpdate> kept = new ArrayList<>();
            List<String> dropped = new ArrayList<>();
            try (PreparedStatement p = Jdbc.prepare(c, "SELECT data FROM event_blocks WHERE seq = ?", b.seq());
                 ResultSet r = p.executeQuery()) {
                r.next();
                EventBlock.decode(r.getBytes(1), u -> {
                    if (u.event().timeMillis() >= cutoffMillis) {
                        kept.add(u);
                    } else if (u.eventId() != null) {
                        dropped.add(u.eventId());
                    }
                });
            }
            JdbcBlocks.rewriteBlock(c, service, b.seq(), kept, dropped);
            removed += b.count() - kept.size();
        }
        return removed;
    }
}
