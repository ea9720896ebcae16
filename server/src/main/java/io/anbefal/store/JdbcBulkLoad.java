package io.anbefal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A bulk load of {@link JdbcStore}, in standard SQL: each {@link #stage} commits one row of
 * {@code event_blocks} (an {@link EventBlock} of the chunk's updates) with its per-(what, origin) counts in
 * {@code event_block_counts}, its eventIds in {@code event_ids} and its links in {@code staged_links}, all under
 * an {@code imports} row whose {@code published_seq} is null. Readers only take blocks of published imports, so
 * staged blocks are invisible. {@link #publish} updates only the {@code imports} row (its publication order and
 * {@code after_seq}, the last single update's {@code events.seq}) and moves the links, in one commit; replay then
 * reads the import's blocks at that place of the log. An import left unpublished (closed, or its process killed) is dropped by the next bulk load
 * into its service or the next opening of the store, once it has not been touched for {@link #STALE_MS}
 * (every staged chunk touches it).
 */
final class JdbcBulkLoad implements Store.BulkLoad {

    /** An unpublished import not touched for this long is taken as abandoned. */
    static final long STALE_MS = 30_000;

    /** Whether an eventId is held by a published block of the service (parameters: service, eventId). */
    static final String PUBLISHED_ID = """
            SELECT 1 FROM event_ids i JOIN event_blocks b ON b.seq = i.block_seq JOIN imports m ON m.id = b.import_id
            WHERE i.service = ? AND i.event_id = ? AND m.published_seq IS NOT NULL""";

    /** Where a published block goes in the log. */
    record BlockRef(long seq, String service, long afterSeq) {
    }

    private final JdbcStore store;
    private final String service;
    private final long id;
    private final long startedSeq;
    /** Whether staging must look each eventId up (the service holds single updates with eventIds). */
    private boolean careful;
    private boolean published;

    private JdbcBulkLoad(JdbcStore store, String service, long id, long startedSeq, boolean careful) {
        this.store = store;
        this.service = service;
        this.id = id;
        this.startedSeq = startedSeq;
        this.careful = careful;
    }

    static JdbcBulkLoad start(JdbcStore store, String service) {
        dropAbandoned(store, service);
        return store.inTransaction(c -> {
            // serialises bulk loads of a service, also between processes sharing the database (the command line
            // creates a service only when its file has proved valid, so the row may not exist yet)
            try (PreparedStatement p = c.prepareStatement("SELECT name FROM services WHERE name = ? FOR UPDATE")) {
                p.setString(1, service);
                JdbcStore.exists(p);
            }
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT 1 FROM imports WHERE service = ? AND published_seq IS NULL")) {
                p.setString(1, service);
                if (JdbcStore.exists(p)) {
                    throw new StoreException.Busy("Another import into " + service + " is running, or one was"
                            + " interrupted less than " + store.bulkStaleMillis / 1000 + " s ago (then try again"
                            + " after that)");
                }
            }
            long started = JdbcStore.single(c, "SELECT COALESCE(MAX(seq), 0) FROM events");
            boolean careful;
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT 1 FROM events WHERE service = ? AND event_id IS NOT NULL FETCH FIRST 1 ROWS ONLY""")) {
                p.setString(1, service);
                careful = JdbcStore.exists(p);
            }
            long id;
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO imports (service, started_seq, touched_ms) VALUES (?, ?, ?)", new String[] {"id"})) {
                p.setString(1, service);
                p.setLong(2, started);
                p.setLong(3, System.currentTimeMillis());
                p.executeUpdate();
                try (ResultSet keys = p.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            return new JdbcBulkLoad(store, service, id, started, careful);
        });
    }

    @Override
    public int stage(List<StoredUpdate> updates, List<Link> links) {
        if (published) {
            throw new IllegalStateException("This bulk load is published");
        }
        if (!careful) {
            try {
                return stage(updates, links, false);
            } catch (StoreException e) {
                // an eventId already held (staged earlier or by a published import): look each one up from now on
                careful = true;
            }
        }
        return stage(updates, links, true);
    }

    private int stage(List<StoredUpdate> updates, List<Link> links, boolean lookUp) {
        return store.inTransaction(c -> {
            List<StoredUpdate> kept = new ArrayList<>(updates.size());
            Set<String> ids = new HashSet<>();
            try (PreparedStatement single = c.prepareStatement(
                    "SELECT 1 FROM events WHERE service = ? AND event_id = ?");
                 PreparedStatement bulk = c.prepareStatement(
                         "SELECT 1 FROM event_ids WHERE service = ? AND event_id = ?")) {
                single.setString(1, service);
                bulk.setString(1, service);
                for (StoredUpdate u : updates) {
                    String eventId = u.eventId();
                    if (eventId != null) {
                        if (!ids.add(eventId)) {
                            continue;
                        }
                        if (lookUp) {
                            single.setString(2, eventId);
                            bulk.setString(2, eventId);
                            if (JdbcStore.exists(single) || JdbcStore.exists(bulk)) {
                                continue;
                            }
                        }
                    }
                    kept.add(u);
                }
            }
            if (!kept.isEmpty()) {
                insertBlock(c, EventBlock.encode(kept), kept);
            }
            if (!links.isEmpty()) {
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO staged_links (import_id, alias, person, time_ms) VALUES (?, ?, ?, ?)")) {
                    for (Link l : links) {
                        p.setLong(1, id);
                        p.setString(2, l.alias());
                        p.setString(3, l.person());
                        p.setLong(4, l.timeMillis());
                        p.addBatch();
                    }
                    p.executeBatch();
                }
            }
            touch(c);
            return kept.size();
        });
    }

    private void insertBlock(Connection c, EventBlock block, List<StoredUpdate> updates) throws SQLException {
        long seq;
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO event_blocks (import_id, service, event_count, min_time_ms, max_time_ms, data)
                VALUES (?, ?, ?, ?, ?, ?)""", new String[] {"seq"})) {
            p.setLong(1, id);
            p.setString(2, service);
            p.setInt(3, block.count());
            p.setLong(4, block.minTime());
            p.setLong(5, block.maxTime());
            p.setBytes(6, block.data());
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                seq = keys.getLong(1);
            }
        }
        insertCounts(c, seq, block);
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO event_ids (service, event_id, block_seq) VALUES (?, ?, ?)")) {
            int pending = 0;
            for (StoredUpdate u : updates) {
                if (u.eventId() != null) {
                    p.setString(1, service);
                    p.setString(2, u.eventId());
                    p.setLong(3, seq);
                    p.addBatch();
                    pending++;
                }
            }
            if (pending > 0) {
                p.executeBatch();
            }
        }
    }

    private static void insertCounts(Connection c, long seq, EventBlock block) throws SQLException {
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

    private void touch(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE imports SET touched_ms = ? WHERE id = ? AND published_seq IS NULL")) {
            p.setLong(1, System.currentTimeMillis());
            p.setLong(2, id);
            if (p.executeUpdate() != 1) {
                throw new StoreException("The import into " + service + " was abandoned (another process took it"
                        + " for stale); nothing of it was loaded", null);
            }
        }
    }

    @Override
    public long publish(Store.ReplaySink sink) {
        if (published) {
            throw new IllegalStateException("This bulk load is published");
        }
        synchronized (store.writeLock) {
            long linksBefore = store.inTransaction(c -> {
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT id FROM imports WHERE id = ? AND published_seq IS NULL FOR UPDATE")) {
                    p.setLong(1, id);
                    if (!JdbcStore.exists(p)) {
                        throw new StoreException("The import into " + service + " was abandoned (another process"
                                + " took it for stale); nothing of it was loaded", null);
                    }
                }
                dropConflicts(c);
                long after = JdbcStore.single(c, "SELECT COALESCE(MAX(seq), 0) FROM events");
                long order = JdbcStore.single(c, "SELECT COALESCE(MAX(published_seq), 0) + 1 FROM imports");
                try (PreparedStatement p = c.prepareStatement(
                        "UPDATE imports SET published_seq = ?, after_seq = ? WHERE id = ?")) {
                    p.setLong(1, order);
                    p.setLong(2, after);
                    p.setLong(3, id);
                    p.executeUpdate();
                }
                long before = JdbcStore.single(c, "SELECT COALESCE(MAX(seq), 0) FROM links");
                try (PreparedStatement select = c.prepareStatement(
                        "SELECT alias, person, time_ms FROM staged_links WHERE import_id = ? ORDER BY seq");
                     PreparedStatement insert = c.prepareStatement(
                             "INSERT INTO links (service, alias, person, time_ms) VALUES (?, ?, ?, ?)")) {
                    select.setLong(1, id);
                    try (ResultSet r = select.executeQuery()) {
                        int pending = 0;
                        while (r.next()) {
                            insert.setString(1, service);
                            insert.setString(2, r.getString(1));
                            insert.setString(3, r.getString(2));
                            insert.setLong(4, r.getLong(3));
                            insert.addBatch();
                            if (++pending == 1000) {
                                insert.executeBatch();
                                pending = 0;
                            }
                        }
                        if (pending > 0) {
                            insert.executeBatch();
                        }
                    }
                }
                try (PreparedStatement p = c.prepareStatement("DELETE FROM staged_links WHERE import_id = ?")) {
                    p.setLong(1, id);
                    p.executeUpdate();
                }
                return before;
            });
            published = true;
            if (sink == null) {
                return -1;
            }
            // still under the write lock: no other write of this store commits before the sink has it all
            return store.inTransaction(c -> {
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT alias, person, time_ms FROM links WHERE service = ? AND seq > ? ORDER BY seq")) {
                    p.setString(1, service);
                    p.setLong(2, linksBefore);
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            sink.link(service, new Link(r.getString(1), r.getString(2), r.getLong(3)));
                        }
                    }
                }
                long n = 0;
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT seq FROM event_blocks WHERE import_id = ? ORDER BY seq")) {
                    p.setLong(1, id);
                    List<Long> seqs = new ArrayList<>();
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            seqs.add(r.getLong(1));
                        }
                    }
                    for (long seq : seqs) {
                        n += replayBlock(c, new BlockRef(seq, service, 0), sink);
                    }
                }
                return n;
            });
        }
    }

    /**
     * Drops from this import's blocks the updates whose eventId a single update committed since the import
     * began also carries (live traffic while the file loaded): the single update came first.
     */
    private void dropConflicts(Connection c) throws SQLException {
        Map<Long, Set<String>> perBlock = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement("""
                SELECT e.event_id, i.block_seq FROM events e
                JOIN event_ids i ON i.service = e.service AND i.event_id = e.event_id
                JOIN event_blocks b ON b.seq = i.block_seq
                WHERE e.service = ? AND e.seq > ? AND b.import_id = ?""")) {
            p.setString(1, service);
            p.setLong(2, startedSeq);
            p.setLong(3, id);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    perBlock.computeIfAbsent(r.getLong(2), b -> new HashSet<>()).add(r.getString(1));
                }
            }
        }
        for (var entry : perBlock.entrySet()) {
            long seq = entry.getKey();
            List<StoredUpdate> kept = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT data FROM event_blocks WHERE seq = ?")) {
                p.setLong(1, seq);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    EventBlock.decode(r.getBytes(1), u -> {
                        if (u.eventId() == null || !entry.getValue().contains(u.eventId())) {
                            kept.add(u);
                        }
                    });
                }
            }
            rewriteBlock(c, service, seq, kept, entry.getValue());
        }
    }

    /**
     * Replaces a block's updates by {@code kept} (deleting the block when none are left), with its counts, and
     * forgets the eventIds of the updates dropped from it.
     */
    private static void rewriteBlock(Connection c, String service, long seq, List<StoredUpdate> kept,
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

    @Override
    public void close() {
        if (!published) {
            store.inTransaction(c -> {
                drop(c, id);
                return null;
            });
            published = true;
        }
    }

    /** Drops unpublished imports (of one service, or of all when null) not touched for {@link #STALE_MS}. */
    static void dropAbandoned(JdbcStore store, String service) {
        store.inTransaction(c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT id, service FROM imports WHERE published_seq IS NULL AND touched_ms <= ?")) {
                p.setLong(1, System.currentTimeMillis() - store.bulkStaleMillis);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        if (service == null || service.equals(r.getString(2))) {
                            ids.add(r.getLong(1));
                        }
                    }
                }
            }
            for (long stale : ids) {
                drop(c, stale);
            }
            return null;
        });
    }

    private static void drop(Connection c, long importId) throws SQLException {
        deleteBlocks(c, "import_id = ?", importId);
        try (PreparedStatement p = c.prepareStatement("DELETE FROM staged_links WHERE import_id = ?")) {
            p.setLong(1, importId);
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM imports WHERE id = ?")) {
            p.setLong(1, importId);
            p.executeUpdate();
        }
    }

    /** Deletes blocks with their counts and eventIds. */
    private static void deleteBlocks(Connection c, String where, long value) throws SQLException {
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

    /** Every published block in log order: by the single update it follows, then by publication, then staging. */
    static List<BlockRef> publishedBlocks(Connection c, long afterLoadSeq) throws SQLException {
        List<BlockRef> blocks = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("""
                SELECT b.seq, b.service, i.after_seq FROM event_blocks b JOIN imports i ON i.id = b.import_id
                WHERE i.published_seq > ? ORDER BY i.after_seq, i.published_seq, b.seq""")) {
            p.setLong(1, afterLoadSeq);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    blocks.add(new BlockRef(r.getLong(1), r.getString(2), r.getLong(3)));
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
