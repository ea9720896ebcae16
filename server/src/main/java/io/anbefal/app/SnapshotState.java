package io.anbefal.app;

import java.time.Instant;

/**
 * What became of this process's model snapshots (the node's, not a service's): the last one written and the last
 * attempt that failed, with its cause. A failure does not lose data (the log is the record), but every start
 * until the next good snapshot replays more of the log; the service status shows it.
 *
 * @param written        when the last snapshot was written, or null
 * @param writtenUpdates how many updates it held
 * @param failed         when the last attempt failed, or null
 * @param failure        that failure's cause, or null
 */
public record SnapshotState(Instant written, long writtenUpdates, Instant failed, String failure) {

    /** Nothing written or failed yet. */
    public static final SnapshotState NONE = new SnapshotState(null, 0, null, null);

    SnapshotState written(Instant at, long updates) {
        return new SnapshotState(at, updates, failed, failure);
    }

    SnapshotState failed(Instant at, String cause) {
        return new SnapshotState(written, writtenUpdates, at, cause);
    }
}
