package io.anbefal.app;

/**
 * What the application tells the operator's side (health and metrics, {@code io.anbefal.ops}) as it works: replay
 * progress, group commits, acknowledged updates and model snapshots. Every method has a no-op default, so that a
 * new event is one new method; implementations must be cheap and must not throw, since they are called on the
 * group-commit thread.
 */
public interface Telemetry {

    /** Tells nothing. */
    Telemetry NONE = new Telemetry() {
    };

    /** Tells {@code first}, then {@code second}. */
    static Telemetry both(Telemetry first, Telemetry second) {
        return new Telemetry() {
            @Override
            public void replayStarted(long updatesInLog) {
                first.replayStarted(updatesInLog);
                second.replayStarted(updatesInLog);
            }

            @Override
            public void replayProgress(long updates) {
                first.replayProgress(updates);
                second.replayProgress(updates);
            }

            @Override
            public void replayFinished(long restored, long replayed, long nanos) {
                first.replayFinished(restored, replayed, nanos);
                second.replayFinished(restored, replayed, nanos);
            }

            @Override
            public void committed(int batches, int updates, long nanos) {
                first.committed(batches, updates, nanos);
                second.committed(batches, updates, nanos);
            }

            @Override
            public void acknowledged(String service, String what, long count) {
                first.acknowledged(service, what, count);
                second.acknowledged(service, what, count);
            }

            @Override
            public void snapshotWritten(long updates, long nanos) {
                first.snapshotWritten(updates, nanos);
                second.snapshotWritten(updates, nanos);
            }

            @Override
            public void snapshotFailed(String reason, long nanos) {
                first.snapshotFailed(reason, nanos);
                second.snapshotFailed(reason, nanos);
            }

            @Override
            public void tailLag(long updates) {
                first.tailLag(updates);
                second.tailLag(updates);
            }

            @Override
            public void retained(String service, long updates, long nanos) {
                first.retained(service, updates, nanos);
                second.retained(service, updates, nanos);
            }
        };
    }

    /** Bringing the engine up to date begins; {@code updatesInLog} is what the log holds (0 when not known). */
    default void replayStarted(long updatesInLog) {
    }

    /** {@code updates} of the log are in the engine so far (restored from the snapshot or replayed). */
    default void replayProgress(long updates) {
    }

    /**
     * The engine is up to date: {@code restored} updates came from the model snapshot (0: none), {@code replayed}
     * from the log, in {@code nanos} in all.
     */
    default void replayFinished(long restored, long replayed, long nanos) {
    }

    /** One group commit: {@code batches} callers' batches with {@code updates} updates in one transaction. */
    default void committed(int batches, int updates, long nanos) {
    }

    /** {@code count} new updates of that {@code what} are durable and learnt (repeated eventIds not counted). */
    default void acknowledged(String service, String what, long count) {
    }

    /** A model snapshot of {@code updates} updates was written in {@code nanos}. */
    default void snapshotWritten(long updates, long nanos) {
    }

    /** Writing a model snapshot failed (or was skipped because the engine did not hold exactly the log). */
    default void snapshotFailed(String reason, long nanos) {
    }

    /**
     * The log tailer caught up with the shared log: it found {@code updates} updates there that other processes had
     * committed and the engine had not learnt yet (0: it was up to date); now it has.
     */
    default void tailLag(long updates) {
    }

    /** A retention pass over the service ({@link Retention}) removed {@code updates} old updates in {@code nanos}. */
    default void retained(String service, long updates, long nanos) {
    }
}
