package io.anbefal.bench;

import io.anbefal.engine.Event;
import io.anbefal.store.EventLog;
import io.anbefal.store.H2Store;
import io.anbefal.store.Store;
import io.anbefal.store.StoredUpdate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Retention on the real H2 file. (1) Why retention reads the log by sequence number windows rather than by an
 * index of time: 100-update transactions into two stores, as stored and with an index on
 * {@code events (service, time_ms)}, alternately in the same run. (2) A pass over a backlog: half of the log older than the cutoff,
 * removed in steps of {@link io.anbefal.app.Retention#BATCH}; prints the rate and each step's time (how long a step
 * holds the group-commit thread). Arguments: updates in the log (default 1,000,000).
 */
public final class RetentionBench {

    private RetentionBench() {
    }

    static StoredUpdate update(long n, long time) {
        return new StoredUpdate(new Event("p" + n % 20_000, List.of("i" + n % 5_000), "BROWSE", "web", null, List.of(),
                time, null, null), null);
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long now = System.currentTimeMillis();
        long cutoff = now - 30 * 86_400_000L;
        Path indexed = Files.createTempDirectory("retention-indexed");
        Path plain = Files.createTempDirectory("retention-plain");
        try (Store a = H2Store.open(indexed); Store b = H2Store.open(plain)) {
            // the baseline: the same store with an index by time (a second connection of this JVM to the open file),
            // which retention does without
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + plain.toAbsolutePath()
                    .resolve(H2Store.DATABASE), "sa", "")) {
                c.createStatement().execute("CREATE INDEX events_service_time ON events (service, time_ms)");
            }
            for (Store s : List.of(a, b)) {
                s.putService("r", List.of());
            }
            long[] nanos = new long[2];
            for (int n = 0; n < total; n += 100) {
                for (int k = 0; k < 2; k++) {
                    List<StoredUpdate> batch = new ArrayList<>(100);
                    for (int j = 0; j < 100; j++) {
                        long i = n + j;
                        // half older than the cutoff, interleaved in runs of 1,000 (old history and new alike)
                        batch.add(update(i, (i / 1000) % 2 == 0 ? cutoff - 86_400_000L - i : now - i));
                    }
                    long t0 = System.nanoTime();
                    (k == 0 ? a : b).append(List.of(new Store.Batch("r", batch, List.of())));
                    nanos[k] += System.nanoTime() - t0;
                }
            }
            System.out.printf("append, 100-update transactions, %,d updates each: as stored (no index by time) %,.0f"
                    + " updates/s, with an index on events (service, time_ms) %,.0f updates/s (the index costs %.2fx the time)%n", total, total / (nanos[0] / 1e9),
                    total / (nanos[1] / 1e9), (double) nanos[1] / nanos[0]);

            List<Long> steps = new ArrayList<>();
            long removed = 0;
            long t0 = System.nanoTime();
            EventLog.Retained step = null;
            do {
                long s0 = System.nanoTime();
                step = a.retain("r", cutoff, step == null ? EventLog.RetentionCursor.START : step.next(),
                        io.anbefal.app.Retention.BATCH);
                steps.add(System.nanoTime() - s0);
                removed += step.updates();
            } while (!step.done());
            long took = System.nanoTime() - t0;
            long[] sorted = steps.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("retention pass: %,d of %,d updates removed in %d steps, %.2f s (%,.0f updates/s);"
                    + " step p50 %.1f ms, max %.1f ms; %,d left%n", removed, total, steps.size(), took / 1e9,
                    removed / (took / 1e9), sorted[sorted.length / 2] / 1e6, sorted[sorted.length - 1] / 1e6,
                    a.updateCounts().get("r"));
            System.out.println("step times (ms): " + Arrays.toString(Arrays.stream(sorted).map(x -> x / 1_000_000).toArray()));
        }
    }
}
