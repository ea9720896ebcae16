package io.anbefal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bulk-loaded blocks of the event log in standard SQL ({@code event_blocks} with {@code event_block_counts} and
 * {@code event_ids}; see {@link JdbcBulkLoad}): reading the published ones in log order, their stats, and
 * rewriting or deleting blocks (an erasure, an import's conflicts with live traffic).
 */
final class JdbcBlocks {

    private JdbcBlocks() {
    }

    /** Whether an eventId is held by a published block of the service (parameters: service, eventId). */
    static final String PUBLISHED_ID = """
            SELECT 1 FROM event_ids i JOIN event_blocks b ON b.seq = i.block_seq JOIN imports m ON m.id = b.import_id
            WHERE i.service = ? AND i.event_id = ? AND m.published_seq IS NOT NULL""";

    /** Where a published block goes in the log. */
    record BlockRef(long seq, String service, long afterSeq, long publishedSeq) {
    }

    static void insertCounts(Connection c, long seq, EventBlock block) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO event_block_counts (block_seq, what, origin, entity_count) VALUES (?, ?, ?, ?)")) {
            for (var e : block.counts().entrySet()) {
                p.setLong(1, seq);
                p.setString(2, e.getKey().what());
                p.setString(3, e.getKey().origin());
                p.setLong(4, e.getValue());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /**
     * Replaces a block's updates by {@code kept} (deleting the block when none are left), with its counts, and
     * forgets the eventIds of the updates dropped from it.
     */
    static void rewriteBlock(Connection c, String service, long seq, List<StoredUpdate> kept,
                                     java.util.Collection<String> droppedEventIds) throws SQLException {
        if (kept.isEmpty()) {
            deleteBlocks(c, "seq = ?", seq);
            return;
        }
        // rewritten in place: the block keeps its seq, and so its place among the import's blocks
        EventBlock block = EventBlock.encode(kept);
        try (PreparedStatement p = c.prepareStatement("""
                UPDATE event_blocks SET data = ?, event_count = ?, min_time_ms = ?, max_time_ms = ?
                WHERE seq = ?""")) {
            p.setBytes(1, block.data());
            p.setInt(2, block.count());
            p.setLong(3, block.minTime());
            p.setLong(4, block.maxTime());
            p.setLong(5, seq);
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM event_block_counts WHERE block_seq = ?")) {
            p.setLong(1, seq);
            p.executeUpdate();
        }
        insertCounts(c, seq, block);
        try (PreparedStatement p = c.prepareStatement(
                "DELETE FROM event_ids WHERE service = ? AND event_id = ?")) {
            for (String eventId : droppedEventIds) {
                p.setString(1, service);
                p.setString(2, eventId);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /**
     * Removes the updates of these persons from every block of the service (published or staged): each block that
     * holds one is decoded and rewritten without them, or deleted when nothing is left. A scan of the service's
     * blocks (about 30 bytes an update). Returns how many updates were removed.
     */
    static long eraseFromBlocks(Connection c, String service, Set<String> persons) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT seq FROM event_blocks WHERE service = ? ORDER BY seq")) {
            p.setString(1, service);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    seqs.add(r.getLong(1));
                }
            }
        }
        long removed = 0;
        for (long seq : seqs) {
            List<StoredUpdate> kept = new ArrayList<>();
            List<String> dropped = new ArrayList<>();
            int[] gone = new int[1];
            try (PreparedStatement p = c.prepareStatement("SELECT data FROM event_blocks WHERE seq = ?")) {
                p.setLong(1, seq);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    EventBlock.decode(r.getBytes(1), u -> {
                        if (persons.contains(u.event().person())) {
                            gone[0]++;
                            if (u.eventId() != null) {
                                dropped.add(u.eventId());
                            }
                        } else {
                            kept.add(u);
                        }
                    });
                }
            }
            if (gone[0] > 0) {
                rewriteBlock(c, service, seq, kept, dropped);
                removed += gone[0];
            }
        }
        return removed;
    }

    /** Deletes blocks with their counts and eventIds. */
    static void deleteBlocks(Connection c, String where, long value) throws SQLException {
        String blocks = "SELECT seq FROM event_blocks WHERE " + where;
        for (String sql : new String[] {
            "DELETE FROM event_ids WHERE block_seq IN (" + blocks + ")",
            "DELETE FROM event_block_counts WHERE block_seq IN (" + blocks + ")",
            "DELETE FROM event_blocks WHERE " + where}) {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setLong(1, value);
                p.executeUpdate();
            }
        }
    }

    // --- reading published blocks ----------------------------------------------------------------------

    /**
     * The published blocks of loads numbered above {@code afterLoadSeq} and below {@code below}, in log order: by
     * the place of their load (after the entry numbered {@code after_seq}), then by publication, then staging.
     */
    static List<BlockRef> publishedBlocks(Connection c, long afterLoadSeq, long below) throws SQLException {
        List<BlockRef> blocks = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("""
                SELECT b.seq, b.service, i.after_seq, i.published_seq FROM event_blocks b
                JOIN imports i ON i.id = b.import_id
                WHERE i.published_seq > ? AND i.published_seq < ? ORDER BY i.after_seq, i.published_seq, b.seq""")) {
            p.setLong(1, afterLoadSeq);
            p.setLong(2, below);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    blocks.add(new BlockRef(r.getLong(1), r.getString(2), r.getLong(3), r.getLong(4)));
                }
            }
        }
        return blocks;
    }

    /** Streams one block's updates to the sink; returns how many. */
    static int replayBlock(Connection c, BlockRef block, Store.ReplaySink sink) throws SQLException {
        byte[] data;
        try (PreparedStatement p = c.prepareStatement("SELECT data FROM event_blocks WHERE seq = ?")) {
            p.setLong(1, block.seq());
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return 0;
                }
                data = r.getBytes(1);
            }
        }
        int[] n = {0};
        EventBlock.decode(data, u -> {
            sink.update(block.service(), u);
            n[0]++;
        });
        return n[0];
    }

    /**
     * Adds the published blocks' counts to a service's stats: from {@code event_block_counts} for blocks wholly
     * inside the range, by decoding the (few) blocks that straddle one of its ends.
     */
    static void addStats(Connection c, String service, long from, long to, Map<String, Long> perWhat,
                         Map<String, long[]> perOrigin) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                SELECT k.what, k.origin, SUM(k.entity_count) FROM event_blocks b
                JOIN imports i ON i.id = b.import_id JOIN event_block_counts k ON k.block_seq = b.seq
                WHERE b.service = ? AND i.published_seq IS NOT NULL AND b.min_time_ms >= ? AND b.max_time_ms < ?
                GROUP BY k.what, k.origin""")) {
            p.setString(1, service);
            p.setLong(2, from);
            p.setLong(3, to);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    count(r.getString(1), r.getString(2), r.getLong(3), perWhat, perOrigin);
                }
            }
        }
        List<Long> straddling = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("""
                SELECT b.seq FROM event_blocks b JOIN imports i ON i.id = b.import_id
                WHERE b.service = ? AND i.published_seq IS NOT NULL AND b.min_time_ms < ? AND b.max_time_ms >= ?
                  AND (b.min_time_ms < ? OR b.max_time_ms >= ?)""")) {
            p.setString(1, service);
            p.setLong(2, to);
            p.setLong(3, from);
            p.setLong(4, from);
            p.setLong(5, to);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    straddling.add(r.getLong(1));
                }
            }
        }
        for (long seq : straddling) {
            try (PreparedStatement p = c.prepareStatement("SELECT data FROM event_blocks WHERE seq = ?")) {
                p.setLong(1, seq);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    EventBlock.decode(r.getBytes(1), u -> {
                        long t = u.event().timeMillis();
                        if (t >= from && t < to) {
                            count(u.event().what(), u.event().origin(), u.event().entities().size(), perWhat,
                                    perOrigin);
                        }
                    });
                }
            }
        }
    }

    private static void count(String what, String origin, long n, Map<String, Long> perWhat,
                              Map<String, long[]> perOrigin) {
        perWhat.merge(what, n, Long::sum);
        if (origin != null && ("RECEXPOSURE".equals(what) || "RECCLICK".equals(what))) {
            perOrigin.computeIfAbsent(origin, o -> new long[2])["RECCLICK".equals(what) ? 1 : 0] += n;
        }
    }
}
