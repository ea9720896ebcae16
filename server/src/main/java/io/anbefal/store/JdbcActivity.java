package io.anbefal.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static io.anbefal.store.Jdbc.prepare;

/** The dashboard's view of a service's single updates ({@link EventLog#activity}), in standard SQL. */
final class JdbcActivity {

    private final Jdbc jdbc;
    private final Function<String, List<String>> ids;

    /** @param ids decodes a stored id list (the JSON array of {@code events.entities}) */
    JdbcActivity(Jdbc jdbc, Function<String, List<String>> ids) {
        this.jdbc = jdbc;
        this.ids = ids;
    }

    Activity activity(String service, long fromMillis, long toMillis, long bucketMillis, int top, int tail) {
        int buckets = (int) Math.max(1, (toMillis - fromMillis + bucketMillis - 1) / bucketMillis);
        return jdbc.inTransaction(c -> {
            Map<String, long[]> series = new TreeMap<>();
            try (PreparedStatement p = prepare(c, """
                    SELECT what, bucket, SUM(n) FROM (
                      SELECT what, (time_ms - ?) / ? AS bucket, CASE WHEN entity_count = 0 THEN 1 ELSE entity_count END AS n
                      FROM events WHERE service = ? AND time_ms >= ? AND time_ms < ?) AS e
                    GROUP BY what, bucket""", fromMillis, bucketMillis, service, fromMillis, toMillis);
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    int bucket = (int) r.getLong(2);
                    if (bucket >= 0 && bucket < buckets) {
                        series.computeIfAbsent(r.getString(1), w -> new long[buckets])[bucket] += r.getLong(3);
                    }
                }
            }
            Map<String, Long> exposed = new java.util.HashMap<>();
            Map<String, Long> clicked = new java.util.HashMap<>();
            try (PreparedStatement p = prepare(c, """
                    SELECT what, entities FROM events WHERE service = ? AND time_ms >= ? AND time_ms < ?
                      AND what IN ('RECEXPOSURE', 'RECCLICK') ORDER BY seq DESC FETCH FIRST ? ROWS ONLY""",
                    service, fromMillis, toMillis, Activity.TOP_SCAN); ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    Map<String, Long> counts = "RECCLICK".equals(r.getString(1)) ? clicked : exposed;
                    for (String item : ids.apply(r.getString(2))) {
                        counts.merge(item, 1L, Long::sum);
                    }
                }
            }
            List<Activity.RecentUpdate> recent = new ArrayList<>();
            try (PreparedStatement p = prepare(c, """
                    SELECT time_ms, person, entities, what, channel, origin FROM events
                    WHERE service = ? AND time_ms >= ? AND time_ms < ? ORDER BY seq DESC FETCH FIRST ? ROWS ONLY""",
                    service, fromMillis, toMillis, tail); ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    recent.add(new Activity.RecentUpdate(r.getLong(1), r.getString(2), ids.apply(r.getString(3)),
                            r.getString(4), r.getString(5), r.getString(6)));
                }
            }
            return new Activity(series, topItems(exposed, top), topItems(clicked, top), recent);
        });
    }

    private static List<Activity.ItemCount> topItems(Map<String, Long> counts, int top) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(top)
                .map(e -> new Activity.ItemCount(e.getKey(), e.getValue()))
                .toList();
    }
}
