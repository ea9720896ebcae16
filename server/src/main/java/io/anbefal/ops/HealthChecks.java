package io.anbefal.ops;

import io.anbefal.app.Anbefal;
import io.anbefal.app.SnapshotState;
import io.anbefal.store.Store;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The node's health checks, each one Helidon {@link HealthCheck} with its details:
 * <ul>
 *   <li>liveness {@code process}: the process answers (UP whenever it can answer at all);</li>
 *   <li>readiness {@code replay}: DOWN while the start brings the engine up to date (model snapshot, then the log),
 *       with the progress; then UP, with the lag behind the shared log that the node follows (updates other
 *       processes committed that it has not learnt yet, and the age of its last look that found none);</li>
 *   <li>readiness {@code database}: DOWN when the store does not answer a small query within
 *       {@link #DATABASE_TIMEOUT_MS}, with the age of the last group commit;</li>
 *   <li>readiness {@code snapshot}: always UP (a missing or failed snapshot only makes the next start slower), with
 *       the snapshot's age and size and whether the last attempt failed.</li>
 * </ul>
 * A new detail is one more {@code detail(...)} call; a new check one more entry of {@link #all}.
 */
final class HealthChecks {

    static final long DATABASE_TIMEOUT_MS = 2000;

    private final Ops ops;
    private final Instant started = Instant.now();

    HealthChecks(Ops ops) {
        this.ops = ops;
    }

    List<HealthCheck> all() {
        return List.of(
                check("process", HealthCheckType.LIVENESS, this::process),
                check("replay", HealthCheckType.READINESS, this::replay),
                check("database", HealthCheckType.READINESS, this::database),
                check("snapshot", HealthCheckType.READINESS, this::snapshot));
    }

    private HealthCheckResponse process() {
        return HealthCheckResponse.builder().status(true)
                .detail("startedAt", started.toString())
                .build();
    }

    private HealthCheckResponse replay() {
        OpsTelemetry s = ops.state();
        boolean replaying = s.replaying();
        var b = HealthCheckResponse.builder().status(!replaying)
                .detail("replaying", replaying)
                .detail("updatesInEngine", s.replayDone())
                .detail("updatesInLog", s.replayTotal())
                .detail("progress", Math.round(s.replayProgress() * 1000) / 1000.0);
        long lag = s.tailLag();
        b.detail("logLagUpdates", lag < 0 ? "not following yet" : lag);
        age(b, "caughtUpAgeSeconds", s.caughtUpMillis());
        return b.build();
    }

    private HealthCheckResponse database() {
        var b = HealthCheckResponse.builder();
        OpsTelemetry s = ops.state();
        age(b, "lastCommitAgeSeconds", s.lastCommitMillis());
        Store store = ops.store();
        if (store == null) {
            return b.status(false).detail("error", "not opened yet").build();
        }
        // on a thread of its own, left behind when it does not answer in time (closing an executor would wait)
        CompletableFuture<Integer> ping = new CompletableFuture<>();
        Thread.ofVirtual().name("anbefal-database-check").start(() -> {
            try {
                ping.complete(store.services().size());
            } catch (RuntimeException e) {
                ping.completeExceptionally(e);
            }
        });
        try {
            int services = ping.get(DATABASE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return b.status(true).detail("services", services).build();
        } catch (TimeoutException e) {
            return b.status(false).detail("error", "no answer within " + DATABASE_TIMEOUT_MS + " ms").build();
        } catch (ExecutionException e) {
            return b.status(false).detail("error", String.valueOf(e.getCause())).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return b.status(false).detail("error", "interrupted").build();
        }
    }

    private HealthCheckResponse snapshot() {
        var b = HealthCheckResponse.builder().status(true);
        Path file = ops.snapshotFile();
        try {
            if (file != null && Files.isRegularFile(file)) {
                age(b, "lastSnapshotAgeSeconds", Files.getLastModifiedTime(file).toMillis());
                b.detail("snapshotBytes", Files.size(file));
            } else {
                b.detail("lastSnapshotAgeSeconds", "none");
            }
        } catch (IOException e) {
            b.detail("lastSnapshotAgeSeconds", "unreadable: " + e);
        }
        // the one record of the last snapshot written and the last failure: the application's (servicestatus shows it too)
        Anbefal a = ops.anbefal();
        SnapshotState state = a == null ? SnapshotState.NONE : a.snapshotState();
        boolean failedLast = state.failed() != null
                && (state.written() == null || !state.failed().isBefore(state.written()));
        b.detail("lastSnapshotFailed", failedLast);
        if (state.failed() != null) {
            age(b, "lastFailureAgeSeconds", state.failed().toEpochMilli());
            b.detail("lastFailure", state.failure());
        }
        return b.build();
    }

    private static void age(HealthCheckResponse.Builder b, String name, long millis) {
        b.detail(name, millis == 0 ? "none" : Math.round(OpsTelemetry.age(millis) * 10) / 10.0);
    }

    private static HealthCheck check(String name, HealthCheckType type, Supplier<HealthCheckResponse> call) {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return type;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthCheckResponse call() {
                return call.get();
            }
        };
    }
}
