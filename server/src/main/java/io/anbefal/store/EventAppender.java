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
