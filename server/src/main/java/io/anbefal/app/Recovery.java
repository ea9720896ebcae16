package io.anbefal.app;

import io.anbefal.engine.Engine;
import io.anbefal.store.LogPosition;
import io.anbefal.store.ServiceAccount;
import io.anbefal.store.Store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The model's lifecycle over the log: a start restores the model snapshot and replays what the log holds after it
 * (or the whole log), a snapshot is written on close and every {@code every} learnt updates, and the feeds that
 * teach the engine the log ({@link #feed}) come from here.
 */
final class Recovery {

    private static final System.Logger LOG = System.getLogger(Recovery.class.getName());

    private final Store store;
    private final Engine engine;
    private final Identities identities;
    private final Telemetry telemetry;
    private final GroupCommitter committer;
    /** Where the model snapshot is written (on close, and every {@link #snapshotEvery} updates); null for none. */
    private volatile ModelSnapshot snapshot;
    /** Updates learnt between two snapshots while running; 0: a snapshot only on close. */
    private volatile long snapshotEvery;
    /** Updates learnt since the last snapshot (written or restored); used on the group-commit thread only. */
    private long sinceSnapshot;
    /** The last snapshot written and the last that failed, for the service status. */
    private volatile SnapshotState snapshotState = SnapshotState.NONE;
    /** Settings changed while running: the next start replays, so that the models are built with them throughout. */
    private volatile boolean settingsChanged;

    Recovery(Store store, Engine engine, Identities identities, Telemetry telemetry, GroupCommitter committer) {
        this.store = store;
        this.engine = engine;
        this.identities = identities;
        this.telemetry = telemetry;
        this.committer = committer;
    }

    /** What became of this process's model snapshots. */
    SnapshotState snapshotState() {
        return snapshotState;
    }

    /** A feed that teaches the engine what the log holds (a publication, a relearning). */
    EngineFeed feed() {
        return feed(0);
    }

    /** A feed for a replay after {@code before} updates restored from the snapshot (the progress counts them). */
    EngineFeed feed(long before) {
        return new EngineFeed(engine, identities, telemetry, before);
    }

    /** Notes that a setting changed under a model that had learnt: no snapshot is written, the next start replays. */
    void settingsChanged() {
        settingsChanged = true;
    }

    /** See {@link Anbefal#start}; the catalog is loaded by then. */
    boolean start(Path snapshotFile, long every) {
        this.snapshot = snapshotFile == null ? null : new ModelSnapshot(snapshotFile);
        this.snapshotEvery = every;
        long t0 = System.nanoTime();
        LogPosition log = store.position();
        telemetry.replayStarted(log.updates());
        configureAll();
        LogPosition from = restore();
        long restored = from == null ? 0 : from.updates();
        telemetry.replayProgress(restored);
        EngineFeed feed = feed(restored);
        store.replay(from == null ? LogPosition.START : from, feed);
        long n = feed.finish();
        sinceSnapshot = n;
        telemetry.replayFinished(restored, n, System.nanoTime() - t0);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (from == null) {
            LOG.log(System.Logger.Level.INFO, "Replayed {0} updates in {1} ms", n, ms);
        } else {
            LOG.log(System.Logger.Level.INFO, "Restored {0} updates from the model snapshot and replayed {1} after it"
                    + " in {2} ms", from.updates(), n, ms);
        }
        return from != null;
    }

    /** Reads the model snapshot into the engine if it describes the beginning of the log; its position or null. */
    private LogPosition restore() {
        ModelSnapshot file = snapshot;
        if (file == null || !file.exists()) {
            return null;
        }
        try {
            LogPosition at = file.position().orElse(null);
            if (at == null) {
                LOG.log(System.Logger.Level.WARNING, "The model snapshot is damaged or of another version: replaying the log");
                return null;
            }
            if (!at.settings().equals(store.position().settings())) {
                LOG.log(System.Logger.Level.INFO, "Settings changed since the model snapshot: replaying the log");
                return null;
            }
            if (!store.contains(at)) {
                LOG.log(System.Logger.Level.WARNING, "The log no longer begins with what the model snapshot learnt: replaying the log");
                return null;
            }
            Map<String, Map<String, String>> restored = file.readInto(engine);
            identities.restore(restored, at.links());
            return at;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot read the model snapshot (" + e + "); replaying the log");
            return null;
        }
    }

    /**
     * Writes the engine's models to the snapshot file, if the engine has learnt exactly the log: nothing else
     * wrote to it meanwhile (another process through AUTO_SERVER, say) and no setting changed. Call on the
     * group-commit thread, or when no more commits come: the engine must not learn while it is written.
     */
    void writeSnapshot() {
        ModelSnapshot file = snapshot;
        if (file == null) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            if (settingsChanged) {
                LOG.log(System.Logger.Level.INFO, "No model snapshot: settings changed, the next start replays the log");
                return;
            }
            LogPosition at = store.position();
            long learnt = 0;
            for (ServiceAccount account : store.services()) {
                learnt += engine.counts(account.name()).events();
            }
            if (at.updates() != learnt || at.links() != identities.applied()) {
                LOG.log(System.Logger.Level.INFO, "No model snapshot: the log has {0} updates, the engine learnt {1}",
                        at.updates(), learnt);
                return;
            }
            file.write(at, identities.all(), engine);
            snapshotState = snapshotState.written(Instant.now(), learnt);
            telemetry.snapshotWritten(learnt, System.nanoTime() - t0);
            LOG.log(System.Logger.Level.INFO, "Wrote the model snapshot ({0} updates) in {1} ms", learnt,
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            snapshotState = snapshotState.failed(Instant.now(), e.toString());
            telemetry.snapshotFailed(e.toString(), System.nanoTime() - t0);
            LOG.log(System.Logger.Level.ERROR, "Cannot write the model snapshot " + file.file() + " (" + e
                    + "); a start replays the log after the last snapshot written", e);
        }
    }

    /** Deletes the snapshot file, which no longer describes the log (after an erasure). */
    void deleteSnapshot() {
        ModelSnapshot file = snapshot;
        if (file != null) {
            try {
                file.delete();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("Cannot delete the model snapshot after an erasure", e);
            }
        }
    }

    /** Counts learnt updates; after every {@link #snapshotEvery}, queues a snapshot behind the present commits. */
    void learnt(long updates) {
        sinceSnapshot += updates;
        long every = snapshotEvery;
        if (every > 0 && sinceSnapshot >= every) {
            sinceSnapshot = Long.MIN_VALUE; // queued once
            committer.later(() -> {
                sinceSnapshot = 0;
                writeSnapshot();
            });
        }
    }

    private void configureAll() {
        for (ServiceAccount account : store.services()) {
            engine.configure(account.name(), account.settings());
        }
    }
}
