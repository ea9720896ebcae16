package io.anbefal.ops;

import io.anbefal.app.Telemetry;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.DistributionStatisticsConfig;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application's telemetry ({@link Telemetry}) kept for the operator: the state that readiness reports (replay
 * progress, last commit; the last snapshot is the application's {@code SnapshotState}) and the meters behind {@code /observe/metrics}. Every metric name is in
 * docs/operations.md.
 */
public final class OpsTelemetry implements Telemetry {

    /** Distinct {@code what} labels kept per service; more are counted as {@code other} (bounded cardinality). */
    static final int MAX_WHATS = 64;

    private final MeterRegistry registry;
    private final Timer commits;
    private final DistributionSummary commitUpdates;
    private final DistributionSummary commitRequests;
    private final Timer snapshotWrites;
    private final Counter snapshotFailures;
    private final Map<String, Set<String>> whats = new ConcurrentHashMap<>();

    private volatile boolean replaying = true;
    private volatile long replayTotal;
    private final AtomicLong replayDone = new AtomicLong();
    private volatile long replayNanos = -1;
    private volatile long restored;
    private volatile long replayed;
    private volatile long lastCommitMillis;
    private volatile long tailLag = -1;
    private volatile long caughtUpMillis;
    private volatile long retainedMillis;

    /**
     * @param registry where the meters go (Helidon's global registry)
     * @param current  the telemetry the gauges read: that of the node started last in this JVM
     */
    public OpsTelemetry(MeterRegistry registry, java.util.function.Supplier<OpsTelemetry> current) {
        this.registry = registry;
        this.commits = registry.getOrCreate(Timer.builder("anbefal.commit")
                .description("Group commits: time to write one transaction of every waiting batch")
                .percentiles(new double[0])
                .buckets(durations(0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500)));
        this.commitUpdates = registry.getOrCreate(DistributionSummary.builder("anbefal.commit.updates",
                        DistributionStatisticsConfig.builder().percentiles(new double[0]).buckets(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 20000))
                .description("Updates per group commit"));
        this.commitRequests = registry.getOrCreate(DistributionSummary.builder("anbefal.commit.batches",
                        DistributionStatisticsConfig.builder().percentiles(new double[0]).buckets(1, 2, 4, 8, 16, 32, 64, 128, 256))
                .description("Callers' batches (requests) sharing one group commit"));
        this.snapshotWrites = registry.getOrCreate(Timer.builder("anbefal.snapshot.write")
                .description("Model snapshots written")
                .percentiles(new double[0])
                .buckets(durations(10, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000)));
        this.snapshotFailures = registry.getOrCreate(Counter.builder("anbefal.snapshot.failures")
                .description("Model snapshots that could not be written"));
        registry.getOrCreate(Gauge.builder("anbefal.replay.seconds",
                        () -> read(current, t -> t.replayNanos < 0 ? Double.NaN : t.replayNanos / 1e9))
                .description("How long the start took to bring the engine up to date (snapshot and replay)"));
        registry.getOrCreate(Gauge.builder("anbefal.replay.restored.updates", () -> read(current, t -> t.restored))
                .description("Updates the start took from the model snapshot"));
        registry.getOrCreate(Gauge.builder("anbefal.replay.replayed.updates", () -> read(current, t -> t.replayed))
                .description("Updates the start replayed from the log"));
        registry.getOrCreate(Gauge.builder("anbefal.replay.progress", () -> read(current, OpsTelemetry::replayProgress))
                .description("Share of the log in the engine while starting (1 once up to date)"));
        registry.getOrCreate(Gauge.builder("anbefal.commit.age.seconds", () -> read(current, t -> age(t.lastCommitMillis)))
                .description("Seconds since the last group commit (NaN: none yet)"));
        registry.getOrCreate(Gauge.builder("anbefal.tail.lag.updates", () -> read(current, t -> t.tailLag < 0 ? Double.NaN : t.tailLag))
                .description("Updates other processes had committed to the shared log that the log tailer found unlearnt at its last catch-up (NaN: not following yet)"));
        registry.getOrCreate(Gauge.builder("anbefal.tail.caughtup.age.seconds", () -> read(current, t -> age(t.caughtUpMillis)))
                .description("Seconds since the log tailer last caught up with the shared log (a fraction of a second on a node that keeps up)"));
        registry.getOrCreate(Gauge.builder("anbefal.retention.age.seconds", () -> read(current, t -> age(t.retainedMillis)))
                .description("Seconds since this node last ran a retention pass over a service (NaN: none yet)"));
    }

    private static double read(java.util.function.Supplier<OpsTelemetry> current,
                               java.util.function.ToDoubleFunction<OpsTelemetry> value) {
        OpsTelemetry t = current.get();
        return t == null ? Double.NaN : value.applyAsDouble(t);
    }

    private static Duration[] durations(double... millis) {
        Duration[] d = new Duration[millis.length];
        for (int i = 0; i < millis.length; i++) {
            d[i] = Duration.ofNanos((long) (millis[i] * 1_000_000));
        }
        return d;
    }

    static double age(long millis) {
        return millis == 0 ? Double.NaN : (System.currentTimeMillis() - millis) / 1000.0;
    }

    @Override
    public void replayStarted(long updatesInLog) {
        replaying = true;
        replayTotal = updatesInLog;
    }

    @Override
    public void replayProgress(long updates) {
        replayDone.set(updates);
    }

    @Override
    public void replayFinished(long restored, long replayed, long nanos) {
        this.restored = restored;
        this.replayed = replayed;
        this.replayNanos = nanos;
        replayDone.set(restored + replayed);
        replaying = false;
    }

    @Override
    public void committed(int batches, int updates, long nanos) {
        lastCommitMillis = System.currentTimeMillis();
        commits.record(nanos, TimeUnit.NANOSECONDS);
        commitUpdates.record(updates);
        commitRequests.record(batches);
    }

    @Override
    public void acknowledged(String service, String what, long count) {
        Set<String> seen = whats.computeIfAbsent(service, s -> ConcurrentHashMap.newKeySet());
        String label = seen.contains(what) || seen.size() < MAX_WHATS && seen.add(what) ? what : "other";
        registry.getOrCreate(Counter.builder("anbefal.updates.acknowledged")
                        .description("Updates made durable and learnt, per service and what (repeated eventIds not counted)")
                        .tags(java.util.List.of(io.helidon.metrics.api.Tag.create("service", service),
                                io.helidon.metrics.api.Tag.create("what", label))))
                .increment(count);
    }

    @Override
    public void snapshotWritten(long updates, long nanos) {
        snapshotWrites.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void snapshotFailed(String reason, long nanos) {
        snapshotFailures.increment();
    }

    @Override
    public void tailLag(long updates) {
        tailLag = updates;
        caughtUpMillis = System.currentTimeMillis();
    }

    @Override
    public void retained(String service, long updates, long nanos) {
        retainedMillis = System.currentTimeMillis();
        var tags = java.util.List.of(io.helidon.metrics.api.Tag.create("service", service));
        registry.getOrCreate(Counter.builder("anbefal.retention.removed.updates")
                        .description("Updates older than the service's retention.days removed from the log")
                        .tags(tags))
                .increment(updates);
        registry.getOrCreate(Timer.builder("anbefal.retention.pass")
                        .description("Retention passes over a service that this node ran (claimed), and how long each took")
                        .percentiles(new double[0])
                        .buckets(durations(1, 10, 100, 1000, 10000, 60000, 600000))
                        .tags(tags))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Updates of the shared log the tailer found unlearnt at its last catch-up (-1: not following yet). */
    public long tailLag() {
        return tailLag;
    }

    /** When the tailer last caught up with the log (epoch ms; 0: not yet). */
    public long caughtUpMillis() {
        return caughtUpMillis;
    }

    /** Whether the engine is still being brought up to date (the start's snapshot read and replay). */
    public boolean replaying() {
        return replaying;
    }

    /** Updates in the engine so far during the start, and what the log held when it began. */
    public long replayDone() {
        return replayDone.get();
    }

    public long replayTotal() {
        return replayTotal;
    }

    double replayProgress() {
        if (!replaying) {
            return 1;
        }
        long total = replayTotal;
        return total <= 0 ? 0 : Math.min(1, replayDone.get() / (double) total);
    }

    /** When the last group commit ended (epoch ms; 0: none since the start). */
    public long lastCommitMillis() {
        return lastCommitMillis;
    }
}
