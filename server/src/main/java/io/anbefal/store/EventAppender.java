package io.anbefal.store;

import java.util.List;

/** Appends to the event log: all that the group committer ({@code app/GroupCommitter}) needs of the store. */
public interface EventAppender {

    /**
     * Appends several services' updates and links in one transaction. Updates whose eventId is already stored
     * for their service (or repeated within the batch) are skipped.
     *
     * @return per input batch, the updates that were new, in input order
     */
    List<List<StoredUpdate>> append(List<Batch> batches);

    /**
     * As {@link #append}, also telling where in the log the transaction went: every entry it added (links and
     * updates) took a number of the log clock in {@code [firstSeq, lastSeq]}, and nothing else did. A node that
     * applies its own commits at once can skip that range when it tails the log.
     */
    default Appended appendLogged(List<Batch> batches) {
        return new Appended(append(batches), 0, -1);
    }

    /**
     * What {@link #appendLogged} committed.
     *
     * @param accepted per input batch, the updates that were new, in input order
     * @param firstSeq the first log clock number the transaction took
     * @param lastSeq  the last (below {@code firstSeq}: it took none)
     */
    record Appended(List<List<StoredUpdate>> accepted, long firstSeq, long lastSeq) {
    }

    /**
     * Updates and links for one service, written together.
     *
     * @param service the service
     * @param updates updates to append
     * @param links   identity links to append
     */
    record Batch(String service, List<StoredUpdate> updates, List<Link> links) {
        public Batch {
            updates = List.copyOf(updates);
            links = List.copyOf(links);
        }
    }
}
