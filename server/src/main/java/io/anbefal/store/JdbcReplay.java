package io.anbefal.store;

import io.anbefal.engine.Event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import static io.anbefal.store.Jdbc.prepare;
import static io.anbefal.store.Jdbc.query;
import static io.anbefal.store.Jdbc.single;

/**
 * Reading the log in its order, within one transaction: {@link EventLog#tail} (and so replay), the log's position
 * and whether it still holds one. The log is four streams merged by where each entry goes: single updates
 * ({@code events.seq}), links (after the update numbered {@code after_seq}), published loads' blocks (after
 * {@code imports.after_seq}) and change entries ({@code log_changes.seq}). Entries written under the log clock
 * carry their own clock number there ({@code after_seq} of a link or load is its own number), so the merge is the
 * clock's order; entries of older stores keep the order they always had (an older link's or load's place is
 * after the last update committed before it; links of dataset files and of the first versions come first).
 * Only entries below the clock's committed value are read, so a tail never sees an entry while one below it may
 * still commit.
 */
final class JdbcReplay {

    /** On a tie of places: the update first, then the links placed after it, then loads, then changes. */
    private static final int EVENT = 0;
    private static final int LINK = 1;
    private static final int BLOCK = 2;
    private static final int CHANGE = 3;

    private final Connection c;
    private final Function<String, List<String>> fromJson;

    JdbcReplay(Connection c, Function<String, List<String>> fromJson) {
        this.c = c;
        this.fromJson = fromJson;
    }

    LogPosition tail(LogPosition from, Store.ReplaySink sink) throws SQLException {
        long below = LogClock.committed(c);
        List<JdbcBlocks.BlockRef> blocks = JdbcBlocks.publishedBlocks(c, from.loadSeq(), below);
        int nextBlock = 0;
        long events = from.events();
        long eventSeq = from.eventSeq();
        long links = from.links();
        long linkSeq = from.linkSeq();
        long loads = from.loads();
        long loadSeq = from.loadSeq();
        long loadEvents = from.loadEvents();
        boolean erased = false;
        try (PreparedStatement l = prepare(c, """
                SELECT service, alias, person, time_ms, COALESCE(after_seq, 0), seq FROM links
                WHERE seq > ? AND seq < ? ORDER BY seq""", from.linkSeq(), below);
             PreparedStatement e = prepare(c, """
                SELECT person, entities, what, channel, origin, tags, time_ms, boost, quantity, event_id, service,
                       seq
                FROM events WHERE seq > ? AND seq < ? ORDER BY seq""", from.eventSeq(), below);
             PreparedStatement ch = prepare(c, """
                SELECT seq, service, kind, detail FROM log_changes WHERE seq > ? AND seq < ? ORDER BY seq""",
                     from.clock(), below)) {
            // one scan in primary-key order: several times faster than following a per-service index
            e.setFetchSize(10_000);
            l.setFetchSize(10_000);
            try (ResultSet link = l.executeQuery(); ResultSet event = e.executeQuery();
                 ResultSet change = ch.executeQuery()) {
                boolean moreLinks = link.next();
                boolean moreEvents = event.next();
                boolean moreChanges = change.next();
                long lastLoad = -1;
                while (true) {
                    long best = Long.MAX_VALUE;
                    int kind = -1;
                    if (moreEvents) {
                        best = event.getLong(12);
                        kind = EVENT;
                    }
                    if (moreLinks && link.getLong(5) < best) {
                        best = link.getLong(5);
                        kind = LINK;
                    }
                    if (nextBlock < blocks.size() && blocks.get(nextBlock).afterSeq() < best) {
                        best = blocks.get(nextBlock).afterSeq();
                        kind = BLOCK;
                    }
                    if (moreChanges && change.getLong(1) < best) {
                        kind = CHANGE;
                    }
                    if (kind == EVENT) {
                        eventSeq = event.getLong(12);
                        sink.at(eventSeq);
                        sink.update(event.getString(11), update(event));
                        events++;
                        moreEvents = event.next();
                    } else if (kind == LINK) {
                        linkSeq = link.getLong(6);
                        sink.at(linkSeq);
                        sink.link(link.getString(1), new Link(link.getString(2), link.getString(3), link.getLong(4)));
                        links++;
                        moreLinks = link.next();
                    } else if (kind == BLOCK) {
                        JdbcBlocks.BlockRef block = blocks.get(nextBlock++);
                        if (block.publishedSeq() != lastLoad) {
                            lastLoad = block.publishedSeq();
                            loadSeq = Math.max(loadSeq, lastLoad);
                            loads++;
                            sink.at(lastLoad);
                        }
                        loadEvents += JdbcBlocks.replayBlock(c, block, sink);
                    } else if (kind == CHANGE) {
                        erased |= change(change, sink);
                        moreChanges = change.next();
                    } else {
                        break;
                    }
                }
            }
        }
        long clock = Math.max(from.clock(), below - 1);
        if (erased) {
            // an erasure removed entries the counts of from included: count again
            return position(c, below);
        }
        return new LogPosition(events, eventSeq, links, linkSeq, loads, loadSeq, loadEvents, settingsHash(c), clock);
    }

    /** Delivers one change entry; whether it was an erasure. */
    private boolean change(ResultSet r, Store.ReplaySink sink) throws SQLException {
        String service = r.getString(2);
        String detail = r.getString(4);
        sink.at(r.getLong(1));
        switch (r.getString(3)) {
            case "catalog" -> sink.catalogChanged(service, detail == null ? null : fromJson.apply(detail));
            case "settings" -> sink.settingsChanged(service);
            case "erased" -> {
                sink.erased(service);
                return true;
            }
            default -> {
                // a kind of a later version: nothing this one knows to do
            }
        }
        return false;
    }

    private StoredUpdate update(ResultSet r) throws SQLException {
        double boost = r.getDouble(8);
        Double boostOrNull = r.wasNull() ? null : boost;
        int number = r.getInt(9);
        Integer numberOrNull = r.wasNull() ? null : number;
        String tags = r.getString(6);
        Event e = new Event(r.getString(1), fromJson.apply(r.getString(2)), r.getString(3), r.getString(4),
                r.getString(5), tags == null ? List.of() : fromJson.apply(tags), r.getLong(7),
                boostOrNull, numberOrNull);
        return new StoredUpdate(e, r.getString(10));
    }

    /** Where the log stands now. */
    static LogPosition position(Connection c) throws SQLException {
        return position(c, LogClock.committed(c));
    }

    /** The log of the entries numbered below {@code below} (the committed clock: what is committed). */
    private static LogPosition position(Connection c, long below) throws SQLException {
        // whole-table COUNT(*) is free in H2 (and cheap elsewhere); only what is at or above the bound is subtracted
        long events = single(c, "SELECT COUNT(*) FROM events")
                - single(c, "SELECT COUNT(*) FROM events WHERE seq >= ?", below);
        long eventSeq = single(c, "SELECT COALESCE(MAX(seq), 0) FROM events WHERE seq < ?", below);
        long links = single(c, "SELECT COUNT(*) FROM links")
                - single(c, "SELECT COUNT(*) FROM links WHERE seq >= ?", below);
        long linkSeq = single(c, "SELECT COALESCE(MAX(seq), 0) FROM links WHERE seq < ?", below);
        LogPosition loads = loadsUpTo(c, below - 1);
        return new LogPosition(events, eventSeq, links, linkSeq, loads.loads(), loads.loadSeq(), loads.loadEvents(),
                settingsHash(c), below - 1);
    }

    /** Whether the log still begins with exactly what it held at {@code position}; see {@link EventLog#contains}. */
    static boolean contains(Connection c, LogPosition position) throws SQLException {
        long events = single(c, "SELECT COUNT(*) FROM events")
                - single(c, "SELECT COUNT(*) FROM events WHERE seq > ?", position.eventSeq());
        long links = single(c, "SELECT COUNT(*) FROM links")
                - single(c, "SELECT COUNT(*) FROM links WHERE seq > ?", position.linkSeq());
        LogPosition loads = loadsUpTo(c, position.loadSeq());
        return events == position.events() && links == position.links() && loads.loads() == position.loads()
                && loads.loadSeq() == position.loadSeq() && loads.loadEvents() == position.loadEvents();
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

    /** A hash of every service's settings. */
    static String settingsHash(Connection c) throws SQLException {
        MessageDigest settings;
        try {
            settings = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
        query(c, "SELECT service, skey, svalue FROM service_settings ORDER BY service, skey", r -> {
            for (int k = 1; k <= 3; k++) {
                settings.update(r.getString(k).getBytes(StandardCharsets.UTF_8));
                settings.update((byte) 0);
            }
        });
        return HexFormat.of().formatHex(settings.digest());
    }
}
