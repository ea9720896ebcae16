package io.anbefal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link EventLog#retain} and {@link EventLog#claimRetention} in standard SQL: updates older than a cutoff leave
 * the log in bounded transactions (single rows first, then bulk-loaded blocks: whole ones that are all older, and
 * the older part of the ones that straddle the cutoff), and the pass ends with one erasure entry in the log, so
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

    static EventLog.Retained retain(Jdbc jdbc, String service, long cutoffMillis, int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be positive");
        }
        return jdbc.write(c -> {
            long removed = dropRows(c, service, cutoffMillis, maxRows);
            if (removed < maxRows) {
                removed += dropFromBlocks(c, service, cutoffMillis, maxRows - removed);
            }
            if (removed >= maxRows) {
                markDropped(c, service);
                return new EventLog.Retained(removed, false, 0);
            }
            // the backlog is gone: end the pass with its entry if this or an earlier (cut short) pass dropped anything
            boolean pending = removed > 0 || Jdbc.exists(c,
                    "SELECT 1 FROM retention_runs WHERE service = ? AND dropped = 1", service);
            if (!pending) {
                return new EventLog.Retained(0, true, 0);
            }
            long seq = jdbc.reserve(c, 1);
            LogClock.change(c, seq, service, "erased", null);
            Jdbc.update(c, "UPDATE retention_runs SET dropped = 0 WHERE service = ?", service);
            return new EventLog.Retained(removed, true, seq);
        });
    }

    private static void markDropped(Connection c, String service) throws SQLException {
        if (Jdbc.update(c, "UPDATE retention_runs SET dropped = 1 WHERE service = ?", service) == 0) {
            // retain without a claim first (a test, a CLI): the row is made here
            Jdbc.update(c, "INSERT INTO retention_runs (service, started_ms, dropped) VALUES (?, 0, 1)", service);
        }
    }

    /** Single rows, oldest first in the log, at most {@code max}. */
    private static long dropRows(Connection c, String service, long cutoffMillis, long max) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        try (PreparedStatement p = Jdbc.prepare(c, """
                SELECT seq FROM events WHERE service = ? AND time_ms < ? ORDER BY seq FETCH FIRST ? ROWS ONLY""",
                service, cutoffMillis, max);
             ResultSet r = p.executeQuery()) {
            while (r.next()) {
                seqs.add(r.getLong(1));
            }
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM events WHERE seq = ?")) {
            for (long seq : seqs) {
                p.setLong(1, seq);
                p.addBatch();
            }
            p.executeBatch();
        }
        return seqs.size();
    }

    /**
     * Published blocks holding updates older than the cutoff, until about {@code budget} updates are dropped (a
     * block is done whole: the budget may be passed by one block's size).
     */
    private static long dropFromBlocks(Connection c, String service, long cutoffMillis, long budget)
            throws SQLException {
        record Block(long seq, int count, long maxTime) {
        }
        List<Block> blocks = new ArrayList<>();
        try (PreparedStatement p = Jdbc.prepare(c, """
                SELECT b.seq, b.event_count, b.max_time_ms FROM event_blocks b JOIN imports m ON m.id = b.import_id
                WHERE b.service = ? AND b.min_time_ms < ? AND m.published_seq IS NOT NULL ORDER BY b.seq""",
                service, cutoffMillis);
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
