package io.anbefal.store;

import java.util.List;
import java.util.Map;

/**
 * The store's event log: per service, an append-only log of updates and identity links, with bulk loads, replay,
 * the log's position, counts, stats and erasure. Every method that writes returns only after its data is committed.
 */
public interface EventLog extends EventAppender {

    /**
     * Starts a bulk load (a dataset import) into one service. What it stages is durable at once but is not part
     * of the log (not replayed, counted, exported, nor seen by eventId look-ups of other writers) until
     * {@link BulkLoad#publish} makes all of it part of the log in one commit, after every update committed
     * before. Closed unpublished, or after a crash, it leaves nothing. One bulk load per service at a time.
     *
     * @throws StoreException if another bulk load into the service is running
     */
    BulkLoad bulkLoad(String service);

    /** A bulk load in progress; see {@link EventLog#bulkLoad}. Used by one thread. */
    interface BulkLoad extends AutoCloseable {
        /**
         * Stages updates and links, durably. Updates whose eventId the service already holds, or that this bulk
         * load staged before, are skipped.
         *
         * @return how many of the updates were staged
         */
        int stage(List<StoredUpdate> updates, List<Link> links);

        /**
         * Makes everything staged part of the log in one commit. Updates whose eventId reached the service by
         * another way while this bulk load ran are dropped then. After the commit the published links and then
         * updates are streamed to the sink in log order, before any other write of this store commits.
         *
         * @param sink where the published log goes, or null for nowhere
         * @return how many updates were published, or -1 without a sink
         */
        long publish(ReplaySink sink);

        /** Drops what was staged unless it was published. */
        @Override
        void close();
    }

    /**
     * Streams every service's links and updates in commit order, in one pass over the log: a batch's links before
     * its updates, as the engine learnt them (links of dataset files, and of stores from before links kept their
     * place, come first).
     */
    default void replay(ReplaySink sink) {
        replay(LogPosition.START, sink);
    }

    /**
     * Streams what the log holds after {@code from} (updates and links with higher sequence numbers, loads
     * published later), in the order {@link #replay(ReplaySink)} gives them: a model snapshot taken at
     * {@code from} plus this is the whole log. Call only when {@link #contains} says the log still holds
     * {@code from}.
     */
    void replay(LogPosition from, ReplaySink sink);

    /**
     * Whether the log still begins with exactly what it held at {@code position} (nothing below its sequence
     * numbers was added or removed since); settings are not compared.
     */
    boolean contains(LogPosition position);

    /** Receives the log on replay. */
    interface ReplaySink {
        void link(String service, Link link);

        void update(String service, StoredUpdate update);
    }

    /**
     * Erases persons from a service in one transaction: the given user ids (customers) and anonymous ids (visitors),
     * and every id linked to one of them (transitively: a visitor who signed in as the customer, an old merged id).
     * Their updates leave the log (single rows, and the bulk-loaded blocks, which are rewritten without them), as do
     * the links naming them and their user records. The log then no longer begins as a model snapshot taken before
     * says ({@link #contains} is false for it).
     */
    Erasure erase(String service, java.util.Collection<String> userIds, java.util.Collection<String> anonymousIds);

    /**
     * What an erasure removed.
     *
     * @param persons every id erased (the given ones and those linked to them)
     * @param updates updates removed from the log
     * @param links   links removed
     */
    record Erasure(java.util.Set<String> persons, long updates, long links) {
    }

    /**
     * Counts per {@code what} and per origin of the service's updates with {@code fromMillis <= time < toMillis}:
     * entity-events (an update with two products counts twice; one without products, a home page view, once).
     */
    Stats stats(String service, long fromMillis, long toMillis);

    /**
     * The dashboard's view of the service's single updates (bulk-loaded blocks are in {@link #stats} only) with
     * {@code fromMillis <= time < toMillis}: counts per {@code what} in buckets of {@code bucketMillis}, the
     * {@code top} most exposed and most clicked items, and the latest {@code tail} updates.
     */
    Activity activity(String service, long fromMillis, long toMillis, long bucketMillis, int top, int tail);

    /** Stored update count per service. */
    Map<String, Long> updateCounts();

    /** Where the log stands now, to tell whether a model snapshot still describes it. */
    LogPosition position();
}
