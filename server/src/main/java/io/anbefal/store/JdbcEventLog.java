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
        return appendLogged(batches).accepted();
    }

    @Override
    public Appended appendLogged(List<Batch> batches) {
        for (int attempt = 1; ; attempt++) {
            try {
                synchronized (jdbc.writeLock) {
                    return jdbc.inTransaction(c -> appendIn(c, batches));
                }
            } catch (StoreException e) {
                // the eventId constraint: another process stored one of these eventIds between our look-up and
                // our insert (cannot happen under the log clock, which serialises appenders; kept as the last word):
                // the retry's look-up sees it and skips it as the duplicate it is
                if (attempt == 3 || !Jdbc.isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }

    private Appended appendIn(Connection c, List<Batch> batches) throws SQLException {
        int entries = 0;
        for (Batch batch : batches) {
            entries += batch.updates().size() + batch.links().size();
        }
        // first: the log clock, which also serialises this transaction after every other appender's
        long first = jdbc.reserve(c, entries);
        long next = first;
        List<List<StoredUpdate>> accepted = new ArrayList<>(batches.size());
        Map<String, Set<String>> seen = new HashMap<>();
        try (PreparedStatement ins = c.prepareStatement("""
                INSERT INTO events (seq, service, person, entities, entity_count, what, channel, origin, tags,
                                    time_ms, boost, quantity, event_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
             PreparedStatement link = c.prepareStatement(
                     "INSERT INTO links (seq, service, alias, person, time_ms, after_seq) VALUES (?, ?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (Batch batch : batches) {
                // the engine learns a batch's links before its updates: so they are numbered
                for (Link l : batch.links()) {
                    long seq = next++;
                    link.setLong(1, seq);
                    link.setString(2, batch.service());
                    link.setString(3, l.alias());
                    link.setString(4, l.person());
                    link.setLong(5, l.timeMillis());
                    link.setLong(6, seq);
                    link.addBatch();
                }
                Set<String> known = seen.computeIfAbsent(batch.service(), s -> new HashSet<>());
                known.addAll(existingEventIds(c, batch.service(), batch.updates()));
                List<StoredUpdate> fresh = new ArrayList<>(batch.updates().size());
                for (StoredUpdate u : batch.updates()) {
                    if (u.eventId() != null && !known.add(u.eventId())) {
                        continue;
                    }
                    ins.setLong(1, next++);
                    bindUpdate(ins, batch.service(), u);
                    ins.addBatch();
                    fresh.add(u);
                    if (++pending == 1000) {
                        ins.executeBatch();
                        pending = 0;
                    }
                }
                accepted.add(fresh);
            }
            if (pending > 0) {
                ins.executeBatch();
            }
            link.executeBatch();
        }
        return new Appended(accepted, first, next - 1);
    }

    private void bindUpdate(PreparedStatement ins, String service, StoredUpdate u) throws SQLException {
        Event e = u.event();
        ins.setString(2, service);
        ins.setString(3, e.person());
        ins.setString(4, toJson(e.entities()));
        ins.setInt(5, e.entities().size());
        ins.setString(6, e.what());
        ins.setString(7, e.where());
        ins.setString(8, e.origin());
        ins.setString(9, e.tags().isEmpty() ? null : toJson(e.tags()));
        ins.setLong(10, e.timeMillis());
        if (e.boost() == null) {
            ins.setNull(11, Types.DOUBLE);
        } else {
            ins.setDouble(11, e.boost());
        }
        if (e.number() == null) {
            ins.setNull(12, Types.INTEGER);
        } else {
            ins.setInt(12, e.number());
        }
        ins.setString(13, u.eventId());
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
        tail(from, sink);
    }

    @Override
    public LogPosition tail(LogPosition from, ReplaySink sink) {
        return jdbc.inTransaction(c -> new JdbcReplay(c, this::fromJson).tail(from, sink));
    }

    @Override
    public LogSignal signal() {
        LogSignal listening = jdbc.dialect.listen();
        return listening != null ? listening : LogClock.poll(jdbc, java.time.Duration.ofMillis(10));
    }

    @Override
    public boolean contains(LogPosition position) {
        return jdbc.inTransaction(c -> JdbcReplay.contains(c, position));
    }

    @Override
    public Erasure erase(String service, java.util.Collection<String> userIds, java.util.Collection<String> anonymousIds) {
        return eraseLogged(service, userIds, anonymousIds).erasure();
    }

    @Override
    public Erased eraseLogged(String service, java.util.Collection<String> userIds,
                              java.util.Collection<String> anonymousIds) {
        return JdbcErasure.erase(jdbc, service, userIds, anonymousIds);
    }

    @Override
    public boolean claimRetention(String service, long nowMillis, long everyMillis) {
        return JdbcRetention.claim(jdbc, service, nowMillis, everyMillis);
    }

    @Override
    public Retained retain(String service, long cutoffMillis, RetentionCursor from, int maxRows) {
        return JdbcRetention.retain(jdbc, service, cutoffMillis, from, maxRows);
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
        return jdbc.inTransaction(JdbcReplay::position);
    }

    String toJson(List<String> values) {
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
