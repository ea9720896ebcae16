package io.anbefal.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anbefal.engine.Event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import static io.anbefal.store.Jdbc.exists;
import static io.anbefal.store.Jdbc.prepare;
import static io.anbefal.store.Jdbc.query;
import static io.anbefal.store.Jdbc.single;
import static io.anbefal.store.Jdbc.update;

/**
 * The {@link EventLog} over plain JDBC: single updates in {@code events} (entity ids and tags as JSON arrays, one
 * row per update), identity links in {@code links}, bulk loads as blocks of updates ({@link JdbcBulkLoad},
 * {@link JdbcBlocks}); erasure in {@link JdbcErasure}.
 */
final class JdbcEventLog implements EventLog {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private final Jdbc jdbc;
    private final LongSupplier bulkStaleMillis;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param jdbc            connections, transactions and the store's write lock
     * @param bulkStaleMillis after how long an unpublished bulk load counts as abandoned
     */
    JdbcEventLog(Jdbc jdbc, LongSupplier bulkStaleMillis) {
        this.jdbc = jdbc;
        this.bulkStaleMillis = bulkStaleMillis;
    }

    @Override
    public BulkLoad bulkLoad(String service) {
        return JdbcBulkLoad.start(jdbc, service, bulkStaleMillis.getAsLong());
    }

    @Override
    public List<List<StoredUpdate>> append(List<Batch> batches) {
        synchronized (jdbc.writeLock) {
            return jdbc.inTransaction(c -> {
                List<List<StoredUpdate>> accepted = new ArrayList<>(batches.size());
                Map<String, Set<String>> seen = new HashMap<>();
                try (PreparedStatement ins = c.prepareStatement("""
                        INSERT INTO events (service, person, entities, entity_count, what, channel, origin, tags,
                                            time_ms, boost, quantity, event_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
                     PreparedStatement link = c.prepareStatement(
                             "INSERT INTO links (service, alias, person, time_ms, after_seq) VALUES (?, ?, ?, ?, ?)")) {
                    int pending = 0;
                    for (Batch batch : batches) {
                        long afterSeq = 0;
                        if (!batch.links().isEmpty()) {
                            // the engine learns a batch's links before its updates: so does the replay
                            if (pending > 0) {
                                ins.executeBatch();
                                pending = 0;
                            }
                            afterSeq = lastEventSeq(c);
                        }
                        Set<String> known = seen.computeIfAbsent(batch.service(), s -> new HashSet<>());
                        known.addAll(existingEventIds(c, batch.service(), batch.updates()));
                        List<StoredUpdate> fresh = new ArrayList<>(batch.updates().size());
                        for (StoredUpdate u : batch.updates()) {
                            if (u.eventId() != null && !known.add(u.eventId())) {
                                continue;
                            }
                            bindUpdate(ins, batch.service(), u);
                            ins.addBatch();
                            fresh.add(u);
                            if (++pending == 1000) {
                                ins.executeBatch();
                                pending = 0;
                            }
                        }
                        for (Link l : batch.links()) {
                            link.setString(1, batch.service());
                            link.setString(2, l.alias());
                            link.setString(3, l.person());
                            link.setLong(4, l.timeMillis());
                            link.setLong(5, afterSeq);
                            link.addBatch();
                        }
                        accepted.add(fresh);
                    }
                    if (pending > 0) {
                        ins.executeBatch();
                    }
                    link.executeBatch();
                }
                return accepted;
            });
        }
    }

    private static long lastEventSeq(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT MAX(seq) FROM events")) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    private void bindUpdate(PreparedStatement ins, String service, StoredUpdate u) throws SQLException {
        Event e = u.event();
        ins.setString(1, service);
        ins.setString(2, e.person());
        ins.setString(3, toJson(e.entities()));
        ins.setInt(4, e.entities().size());
        ins.setString(5, e.what());
        ins.setString(6, e.where());
        ins.setString(7, e.origin());
        ins.setString(8, e.tags().isEmpty() ? null : toJson(e.tags()));
        ins.setLong(9, e.timeMillis());
        if (e.boost() == null) {
            ins.setNull(10, Types.DOUBLE);
        } else {
            ins.setDouble(10, e.boost());
        }
        if (e.number() == null) {
            ins.setNull(11, Types.INTEGER);
        } else {
            ins.setInt(11, e.number());
        }
        ins.setString(12, u.eventId());
    }

    private static Set<String> existingEventIds(Connection c, String service, List<StoredUpdate> updates)
            throws SQLException {
        List<String> ids = new ArrayList<>();
        for (StoredUpdate u : updates) {
            if (u.eventId() != null) {
                ids.add(u.eventId());
            }
        }
        Set<String> found = new HashSet<>();
        if (ids.isEmpty()) {
            return found;
        }
        // one indexed point look-up per id: H2 does not use the (service, event_id) index for an IN list on the
        // second column, and scanned the whole table per chunk (quadratic in the log's size)
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM events WHERE service = ? AND event_id = ?");
             PreparedStatement bulk = c.prepareStatement(JdbcBlocks.PUBLISHED_ID)) {
            p.setString(1, service);
            bulk.setString(1, service);
            for (String id : ids) {
                p.setString(2, id);
                bulk.setString(2, id);
                if (exists(p) || exists(bulk)) {
                    found.add(id);
                }
            }
        }
        return found;
    }

    @Override
    public void replay(LogPosition from, ReplaySink sink) {
        jdbc.inTransaction(c -> {
            // published bulk blocks go where they were published: after the single update numbered after_seq
            List<JdbcBlocks.BlockRef> blocks = JdbcBlocks.publishedBlocks(c, from.loadSeq());
            int nextBlock = 0;
            // links go where they were committed: after the single update numbered after_seq (before its batch)
            try (PreparedStatement l = prepare(c,
                    "SELECT service, alias, person, time_ms, COALESCE(after_seq, 0) FROM links WHERE seq > ? ORDER BY seq",
                    from.linkSeq());
                 ResultSet links = l.executeQuery();
                 // one scan in primary-key order: several times faster than following a per-service index
                 PreparedStatement p = prepare(c, """
                    SELECT person, entities, what, channel, origin, tags, time_ms, boost, quantity, event_id, service,
                           seq
                    FROM events WHERE seq > ? ORDER BY seq""", from.eventSeq())) {
                p.setFetchSize(10_000);
                boolean moreLinks = links.next();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        long seq = r.getLong(12);
                        while (moreLinks && links.getLong(5) < seq) {
                            sink.link(links.getString(1), link(links));
                            moreLinks = links.next();
                        }
                        while (nextBlock < blocks.size() && blocks.get(nextBlock).afterSeq() < seq) {
                            JdbcBlocks.replayBlock(c, blocks.get(nextBlock++), sink);
                        }
                        double boost = r.getDouble(8);
                        Double boostOrNull = r.wasNull() ? null : boost;
                        int number = r.getInt(9);
                        Integer numberOrNull = r.wasNull() ? null : number;
                        String tags = r.getString(6);
                        Event e = new Event(r.getString(1), fromJson(r.getString(2)), r.getString(3), r.getString(4),
                                r.getString(5), tags == null ? List.of() : fromJson(tags), r.getLong(7),
                                boostOrNull, numberOrNull);
                        sink.update(r.getString(11), new StoredUpdate(e, r.getString(10)));
                    }
                }
                while (moreLinks) {
                    sink.link(links.getString(1), link(links));
                    moreLinks = links.next();
                }
            }
            while (nextBlock < blocks.size()) {
                JdbcBlocks.replayBlock(c, blocks.get(nextBlock++), sink);
            }
            return null;
        });
    }

    @Override
    public boolean contains(LogPosition position) {
        return jdbc.inTransaction(c -> {
            // COUNT(*) of a whole table is free in H2 (and cheap elsewhere); a range count reads the rows, so only
            // the rows after the position are counted
            long events = single(c, "SELECT COUNT(*) FROM events")
                    - single(c, "SELECT COUNT(*) FROM events WHERE seq > ?", position.eventSeq());
            long links = single(c, "SELECT COUNT(*) FROM links")
                    - single(c, "SELECT COUNT(*) FROM links WHERE seq > ?", position.linkSeq());
            LogPosition loads = loadsUpTo(c, position.loadSeq());
            return events == position.events() && links == position.links() && loads.loads() == position.loads()
                    && loads.loadSeq() == position.loadSeq() && loads.loadEvents() == position.loadEvents();
        });
    }

    private static Link link(ResultSet r) throws SQLException {
        return new Link(r.getString(2), r.getString(3), r.getLong(4));
    }

    @Override
    public Erasure erase(String service, java.util.Collection<String> userIds, java.util.Collection<String> anonymousIds) {
        return JdbcErasure.erase(jdbc, service, userIds, anonymousIds);
    }

    @Override
    public Activity activity(String service, long fromMillis, long toMillis, long bucketMillis, int top, int tail) {
        return new JdbcActivity(jdbc, this::fromJson).activity(service, fromMillis, toMillis, bucketMillis, top, tail);
    }

    @Override
    public Stats stats(String service, long fromMillis, long toMillis) {
        return jdbc.inTransaction(c -> {
            Map<String, Long> perWhat = new TreeMap<>();
            try (PreparedStatement p = prepare(c, """
                    SELECT what, SUM(CASE WHEN entity_count = 0 THEN 1 ELSE entity_count END) FROM events
                    WHERE service = ? AND time_ms >= ? AND time_ms < ? GROUP BY what""",
                    service, fromMillis, toMillis); ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    perWhat.put(r.getString(1), r.getLong(2));
                }
            }
            Map<String, long[]> perOrigin = new TreeMap<>();
            try (PreparedStatement p = prepare(c, """
                    SELECT origin, what, SUM(CASE WHEN entity_count = 0 THEN 1 ELSE entity_count END) FROM events
                    WHERE service = ? AND time_ms >= ? AND time_ms < ? AND origin IS NOT NULL
                      AND what IN ('RECEXPOSURE', 'RECCLICK')
                    GROUP BY origin, what""", service, fromMillis, toMillis); ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long[] counts = perOrigin.computeIfAbsent(r.getString(1), o -> new long[2]);
                    counts["RECCLICK".equals(r.getString(2)) ? 1 : 0] = r.getLong(3);
                }
            }
            JdbcBlocks.addStats(c, service, fromMillis, toMillis, perWhat, perOrigin);
            List<Stats.OriginStats> origins = new ArrayList<>();
            perOrigin.forEach((origin, n) -> origins.add(new Stats.OriginStats(origin, n[0], n[1])));
            return new Stats(perWhat, origins);
        });
    }

    @Override
    public Map<String, Long> updateCounts() {
        return jdbc.inTransaction(c -> {
            Map<String, Long> counts = new TreeMap<>();
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT service, COUNT(*) FROM events GROUP BY service")) {
                while (r.next()) {
                    counts.put(r.getString(1), r.getLong(2));
                }
            }
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("""
                         SELECT b.service, SUM(b.event_count) FROM event_blocks b JOIN imports i ON i.id = b.import_id
                         WHERE i.published_seq IS NOT NULL GROUP BY b.service""")) {
                while (r.next()) {
                    counts.merge(r.getString(1), r.getLong(2), Long::sum);
                }
            }
            return counts;
        });
    }

    @Override
    public LogPosition position() {
        return jdbc.inTransaction(c -> {
            MessageDigest settings = sha256();
            query(c, "SELECT service, skey, svalue FROM service_settings ORDER BY service, skey", r -> {
                for (int k = 1; k <= 3; k++) {
                    settings.update(r.getString(k).getBytes(StandardCharsets.UTF_8));
                    settings.update((byte) 0);
                }
            });
            // whole-table COUNT(*) and MAX of the key: both answered without reading the rows
            long[] v = new long[4];
            query(c, "SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM events", r -> {
                v[0] = r.getLong(1);
                v[1] = r.getLong(2);
            });
            query(c, "SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM links", r -> {
                v[2] = r.getLong(1);
                v[3] = r.getLong(2);
            });
            LogPosition loads = loadsUpTo(c, Long.MAX_VALUE);
            return new LogPosition(v[0], v[1], v[2], v[3], loads.loads(), loads.loadSeq(), loads.loadEvents(),
                    HexFormat.of().formatHex(settings.digest()));
        });
    }

    /** The published loads up to that publication number: count, highest number, updates (other fields 0). */
    private static LogPosition loadsUpTo(Connection c, long loadSeq) throws SQLException {
        try (PreparedStatement p = prepare(c, """
                SELECT COUNT(DISTINCT i.id), COALESCE(MAX(i.published_seq), 0), COALESCE(SUM(b.event_count), 0)
                FROM imports i JOIN event_blocks b ON b.import_id = i.id
                WHERE i.published_seq <= ?""", loadSeq); ResultSet r = p.executeQuery()) {
            r.next();
            return new LogPosition(0, 0, 0, 0, r.getLong(1), r.getLong(2), r.getLong(3), "");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }

    private String toJson(List<String> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    List<String> fromJson(String text) {
        if (text.length() > 3 && text.startsWith("[\"") && text.endsWith("\"]") && text.indexOf('\\') < 0) {
            // the common case, ids without escapes: no parser needed
            String inner = text.substring(2, text.length() - 2);
            return inner.contains("\",\"") ? List.of(inner.split("\",\"", -1)) : List.of(inner);
        }
        try {
            return json.readValue(text, STRINGS);
        } catch (JsonProcessingException e) {
            throw new StoreException("Corrupt id list in the event log: " + text, e);
        }
    }
}
