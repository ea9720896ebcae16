package io.anbefal.app;

import io.anbefal.store.LogPosition;
import io.anbefal.store.Store;

/**
 * This node's following of the shared log, once the start has brought the engine up to date: a
 * {@link LogFollower} that the group committer moves after every commit (so the node learns its own batches from
 * the log, in the log's order, with whatever other nodes committed around them) and a {@link LogTailer} that
 * moves it when others commit while this node is idle. Before {@link #start} (and in an application that is never
 * started) nothing follows, and the write paths apply their own work as a single process would.
 */
final class SharedLog implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SharedLog.class.getName());

    private final Store store;
    private final Recovery recovery;
    private final LogFollower.Copies copies;
    private final GroupCommitter committer;
    private final Telemetry telemetry;
    private volatile LogFollower follower;
    private volatile LogTailer tailer;

    SharedLog(Store store, Recovery recovery, LogFollower.Copies copies, GroupCommitter committer,
              Telemetry telemetry) {
        this.store = store;
        this.recovery = recovery;
        this.copies = copies;
        this.committer = committer;
        this.telemetry = telemetry;
    }

    /** Follows the log from {@code at}, where the start left the engine. */
    void start(LogPosition at) {
        LogFollower f = new LogFollower(store, () -> recovery.feed(), copies, at);
        follower = f;
        recovery.follow(f::position);
        committer.afterEachCommit(this::catchUpAfterCommit);
        LogTailer t = new LogTailer(store.signal(), () -> committer.run(this::catchUp), telemetry);
        tailer = t;
        t.start();
    }

    /** Whether the log is followed: then the engine learns everything through {@link #catchUp}. */
    boolean active() {
        return follower != null;
    }

    /** On the group-commit thread: learns what the log holds beyond the engine; returns how many updates. */
    long catchUp() {
        long n = follower.catchUp();
        recovery.learnt(n);
        return n;
    }

    /** After a group commit, before it is acknowledged: a failure here leaves the rest to the next catch-up. */
    private void catchUpAfterCommit() {
        try {
            catchUp();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot read back the log after a commit (" + e
                    + "); the log tailer catches up later", e);
        }
    }

    @Override
    public void close() {
        LogTailer t = tailer;
        if (t != null) {
            t.close();
        }
    }
}
