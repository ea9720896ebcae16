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

    /**
     * Streams what the log holds after {@code from}, as {@link #replay(LogPosition, ReplaySink)} does, in one
     * consistent read (only entries below the log clock's committed value, so nothing later commits below them),
     * and returns the position reached: tailing the log is calling this again with what it returned. Nothing is
     * skipped and nothing delivered twice, whichever node or process wrote it. Cheap when nothing is new.
     */
    LogPosition tail(LogPosition from, ReplaySink sink);

    /**
     * Opens a wake-up for a tailer: LISTEN/NOTIFY where the database has it, else a short poll of the log clock.
     * The caller closes it.
     */
    LogSignal signal();

    /**
     * Receives the log on replay, in log order. Besides updates and links, the log tells what a node holding
     * copies must reload (catalog records, a service's settings) and whose data was erased; those default to
     * nothing, which is right for a replay into a fresh engine at start (the catalog is read whole then, and
     * erased data is no longer in the log).
     */
    interface ReplaySink {
        void link(String service, Link link);

        void update(String service, StoredUpdate update);

        /**
         * The log clock number of what follows (each update row, link, published load, change): called before
         * them with each new number. Entries of stores from before the clock give their own table's sequence
         * number; their order is still the log's.
         */
        default void at(long seq) {
        }

        /**
         * Product records of the service were put or deleted ({@link CatalogStore#putProducts},
         * {@link CatalogStore#deleteProducts}): reload those records.
         *
         * @param productIds the ids, or null when too many were written to list (reload the service's catalog)
         */
        default void catalogChanged(String service, List<String> productIds) {
        }

        /**
         * The service's account changed: created, its settings, origins or users (the tenant store's writes):
         * reload it.
         */
        default void settingsChanged(String service) {
        }

        /**
         * Some persons' data was erased from the service ({@link #erase}, on some node), or its old updates
         * ({@link #retain}): what the log held of them before this point is gone from it, so a model that learnt them must learn the service again (from a
         * replay of the log filtered to it). The entry does not say who: the log keeps nothing of them.
         */
        default void erased(String service) {
        }
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
     * As {@link #erase}, also returning the log clock number of the erasure's entry (its
     * {@link ReplaySink#erased} in the log), so that the node that erased can skip it when it tails.
     */
    default Erased eraseLogged(String service, java.util.Collection<String> userIds,
                               java.util.Collection<String> anonymousIds) {
        return new Erased(erase(service, userIds, anonymousIds), 0);
    }

    /** An erasure and where it went in the log. */
    record Erased(Erasure erasure, long seq) {
    }

    /**
     * Claims a retention pass over the service for this node: true unless a pass (of any node or process) began
     * less than {@code everyMillis} before {@code nowMillis}. Of nodes asking at once, one gets it.
     */
    boolean claimRetention(String service, long nowMillis, long everyMillis);

    /**
     * One bounded step of a retention pass over the service, in one transaction: removes from the log its updates
     * older than {@code cutoffMillis}, from where the previous step left off ({@code from}; the first step
     * {@link RetentionCursor#START}): single rows of a window of {@code maxRows} sequence numbers, and once those
     * are through, published bulk-loaded blocks (one all older is deleted, one that straddles the cutoff rewritten
     * with its newer updates) until about {@code maxRows} updates are removed (a block is done whole, so one
     * block's size may pass the bound). Links are kept: they are identities, not history; erasure removes them.
     * Call it with the returned cursor until {@link Retained#done}: the step that ends the pass writes one erasure
     * entry ({@link ReplaySink#erased}) when anything was removed since the last such entry, also by a pass cut
     * short, so that every node learns the service anew from what is left.
     */
    Retained retain(String service, long cutoffMillis, RetentionCursor from, int maxRows);

    /**
     * Where a retention pass is: the last single row's sequence number it passed (-1: through them), the last
     * block's (-1: through them too).
     */
    record RetentionCursor(long events, long blocks) {
        /** Where a pass begins. */
        public static final RetentionCursor START = new RetentionCursor(0, 0);
    }

    /**
     * One step of retention.
     *
     * @param updates how many updates it removed
     * @param next    where the next step goes on
     * @param seq     the log clock number of the erasure entry it wrote, or 0 for none
     */
    record Retained(long updates, RetentionCursor next, long seq) {
        /** Whether the pass is through. */
        public boolean done() {
            return next.events() < 0 && next.blocks() < 0;
        }
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
