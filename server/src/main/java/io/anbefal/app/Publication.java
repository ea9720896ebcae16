package io.anbefal.app;

import io.anbefal.store.Store;
import io.anbefal.store.StoreException;

/** Bulk loads (dataset imports): staged apart, then published into the log and the engine in log order. */
final class Publication {

    private final Store store;
    private final Recovery recovery;
    private final GroupCommitter committer;

    Publication(Store store, Recovery recovery, GroupCommitter committer) {
        this.store = store;
        this.recovery = recovery;
        this.committer = committer;
    }

    /** See {@link Anbefal#bulkLoad}. */
    Store.BulkLoad bulkLoad(String service) {
        try {
            return store.bulkLoad(service);
        } catch (StoreException.Busy e) {
            throw new AnbefalException(AnbefalException.Kind.CONFLICT, e.getMessage() + "; nothing of this one was loaded");
        }
    }

    /** See {@link Anbefal#publish}. */
    long publish(Store.BulkLoad bulk) {
        return committer.run(() -> {
            EngineFeed feed = recovery.feed();
            bulk.publish(feed);
            long n = feed.finish();
            recovery.learnt(n);
            return n;
        });
    }
}
