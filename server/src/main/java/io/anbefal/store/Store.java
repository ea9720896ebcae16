package io.anbefal.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable state of Anbefal: services and their users, and per service an append-only log of updates and
 * identity links. Every method that writes returns only after its data is committed.
 * Implementations speak plain JDBC and standard SQL so that a shared PostgreSQL can later serve several nodes.
 */
public interface Store extends AutoCloseable {

    // --- services and users -----------------------------------------------------------------------

    /** Creates a service, or adds the given origins to an existing one. Returns the stored account. */
    ServiceAccount putService(String name, List<String> origins);

    /** Sets (replaces) one setting of a service; a null value removes it. */
    void putSetting(String service, String key, String value);

    Optional<ServiceAccount> service(String name);

    List<ServiceAccount> services();

    /** Adds a user or replaces its password hash. */
    void putUser(UserCredential credential);

    Optional<UserCredential> user(String service, String user);

    /** All users of that name, whatever their service (to tell 401 from 403). */
    List<UserCredential> usersNamed(String user);

    // --- the event log ------------------------------------------------------------------------------

    /**
     * Appends several services' updates and links in one transaction. Updates whose eventId is already stored
     * for their service (or repeated within the batch) are skipped.
     *
     * @return per input batch, the updates that were new, in input order
     */
    List<List<StoredUpdate>> append(List<Batch> batches);

    /** Streams every service's links and then every update, each in commit order, in one pass over the log. */
    void replay(ReplaySink sink);

    /** Receives the log on replay. */
    interface ReplaySink {
        void link(String service, Link link);

        void update(String service, StoredUpdate update);
    }

    /** Counts per {@code what} and per origin of the service's updates with {@code fromMillis <= time < toMillis}. */
    Stats stats(String service, long fromMillis, long toMillis);

    /** Stored update count per service. */
    Map<String, Long> updateCounts();

    @Override
    void close();

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
