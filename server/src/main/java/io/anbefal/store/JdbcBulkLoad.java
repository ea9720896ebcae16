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
 * A bulk load of {@link JdbcEventLog}, in standard SQL: each {@link #stage} commits one row of
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


    private final Jdbc jdbc;
    private final String service;
    private final long id;
    private final long startedSeq;
    /** Whether staging must look each eventId up (the service holds single updates with eventIds). */
    private boolean careful;
    private boolean published;

    private JdbcBulkLoad(Jdbc jdbc, String service, long id, long startedSeq, boolean careful) {
        this.jdbc = jdbc;
        this.service = service;
        this.id = id;
        this.startedSeq = startedSeq;
        this.careful = careful;
    }

    static JdbcBulkLoad start(Jdbc jdbc, String service, long staleMillis) {
        dropAbandoned(jdbc, service, staleMillis);
        try {
            return begin(jdbc, service, staleMillis);
        } catch (StoreException e) {
            if (Jdbc.isUniqueViolation(e)) {
                // imports_pending: another process began one in between
                throw busy(service, staleMillis);
            }
            throw e;
        }
    }

    private static StoreException.Busy busy(String service, long staleMillis) {
        return new StoreException.Busy("Another import into " + service + " is running, or one was"
                + " interrupted less than " + staleMillis / 1000 + " s ago (then try again after that)");
    }

    private static JdbcBulkLoad begin(Jdbc jdbc, String service, long staleMillis) {
        return jdbc.inTransaction(c -> {
            // serialises bulk loads of a service, also between processes sharing the database (the command line
            // creates a service only when its file has proved valid, so the row may not exist yet)
            try (PreparedStatement p = c.prepareStatement("SELECT name FROM services WHERE name = ? FOR UPDATE")) {
                p.setString(1, service);
                Jdbc.exists(p);
            }
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT 1 FROM imports WHERE service = ? AND published_seq IS NULL")) {
                p.setString(1, service);
                if (Jdbc.exists(p)) {
                    throw busy(service, staleMillis);
                }
            }
            long started = Jdbc.single(c, "SELECT COALESCE(MAX(seq), 0) FROM events");
            boolean careful;
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT 1 FROM events WHERE service = ? AND event_id IS NOT NULL FETCH FIRST 1 ROWS ONLY""")) {
                p.setString(1, service);
                careful = Jdbc.exists(p);
            }
            long id;
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO imports (service, started_seq, touched_ms, pending_service) VALUES (?, ?, ?, ?)",
                    new String[] {"id"})) {
                p.setString(1, service);
                p.setLong(2, started);
                p.setLong(3, System.currentTimeMillis());
                p.setString(4, service);
                p.executeUpdate();
                try (ResultSet keys = p.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            return new JdbcBulkLoad(jdbc, service, id, started, careful);
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
        return jdbc.inTransaction(c -> {
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
                            if (Jdbc.exists(single) || Jdbc.exists(bulk)) {
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
        JdbcBlocks.insertCounts(c, seq, block);
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
        synchronized (jdbc.writeLock) {
            long[] placed = jdbc.inTransaction(c -> {
                int staged = (int) Jdbc.single(c, "SELECT COUNT(*) FROM staged_links WHERE import_id = ?", id);
                // first: the log clock, one number per link and one for the load, after every other appender's
                long first = jdbc.reserve(c, staged + 1);
                long order = first + staged;
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT id FROM imports WHERE id = ? AND published_seq IS NULL FOR UPDATE")) {
                    p.setLong(1, id);
                    if (!Jdbc.exists(p)) {
                        throw new StoreException("The import into " + service + " was abandoned (another process"
                                + " took it for stale); nothing of it was loaded", null);
                    }
                }
                dropConflicts(c);
                try (PreparedStatement p = c.prepareStatement("""
                        UPDATE imports SET published_seq = ?, after_seq = ?, pending_service = NULL WHERE id = ?""")) {
                    p.setLong(1, order);
                    p.setLong(2, order);
                    p.setLong(3, id);
                    p.executeUpdate();
                }
                try (PreparedStatement select = c.prepareStatement(
                        "SELECT alias, person, time_ms FROM staged_links WHERE import_id = ? ORDER BY seq");
                     PreparedStatement insert = c.prepareStatement("""
                             INSERT INTO links (seq, service, alias, person, time_ms, after_seq)
                             VALUES (?, ?, ?, ?, ?, ?)""")) {
                    select.setLong(1, id);
                    try (ResultSet r = select.executeQuery()) {
                        int pending = 0;
                        long seq = first;
                        while (r.next() && seq < order) {
                            insert.setLong(1, seq);
                            insert.setString(2, service);
                            insert.setString(3, r.getString(1));
                            insert.setString(4, r.getString(2));
                            insert.setLong(5, r.getLong(3));
                            insert.setLong(6, seq);
                            seq++;
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
                return new long[] {first, order};
            });
            published = true;
            if (sink == null) {
                return -1;
            }
            // still under the write lock: no other write of this store commits before the sink has it all
            return jdbc.inTransaction(c -> {
                try (PreparedStatement p = c.prepareStatement("""
                        SELECT alias, person, time_ms, seq FROM links WHERE seq >= ? AND seq < ? ORDER BY seq""")) {
                    p.setLong(1, placed[0]);
                    p.setLong(2, placed[1]);
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            sink.at(r.getLong(4));
                            sink.link(service, new Link(r.getString(1), r.getString(2), r.getLong(3)));
                        }
                    }
                }
                sink.at(placed[1]);
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
                        n += JdbcBlocks.replayBlock(c, new JdbcBlocks.BlockRef(seq, service, placed[1], placed[1]),
                                sink);
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
            JdbcBlocks.rewriteBlock(c, service, seq, kept, entry.getValue());
        }
    }


    @Override
    public void close() {
        if (!published) {
            jdbc.inTransaction(c -> {
                drop(c, id);
                return null;
            });
            published = true;
        }
    }

    /** Drops unpublished imports (of one service, or of all when null) not touched for {@link #STALE_MS}. */
    static void dropAbandoned(Jdbc jdbc, String service, long staleMillis) {
        jdbc.inTransaction(c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT id, service FROM imports WHERE published_seq IS NULL AND touched_ms <= ?")) {
                p.setLong(1, System.currentTimeMillis() - staleMillis);
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
        JdbcBlocks.deleteBlocks(c, "import_id = ?", importId);
        try (PreparedStatement p = c.prepareStatement("DELETE FROM staged_links WHERE import_id = ?")) {
            p.setLong(1, importId);
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM imports WHERE id = ?")) {
            p.setLong(1, importId);
            p.executeUpdate();
        }
    }
}
