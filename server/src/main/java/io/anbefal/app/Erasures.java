package io.anbefal.app;

import io.anbefal.engine.Engine;
import io.anbefal.store.Link;
import io.anbefal.store.ServiceAccount;
import io.anbefal.store.Store;
import io.anbefal.store.StoredUpdate;

import java.util.Collection;
import java.util.function.Function;

/** Erasure of persons: from the log and the links, then the service's model learnt anew from what is left. */
final class Erasures {

    private static final System.Logger LOG = System.getLogger(Erasures.class.getName());

    private final Store store;
    private final Engine engine;
    private final Identities identities;
    private final Recovery recovery;
    private final GroupCommitter committer;
    private final Function<String, ServiceAccount> accounts;
    private final SharedLog log;

    /** @param accounts the account of a service that exists (a NOT_FOUND problem otherwise) */
    Erasures(Store store, Engine engine, Identities identities, Recovery recovery, GroupCommitter committer,
             Function<String, ServiceAccount> accounts, SharedLog log) {
        this.log = log;
        this.store = store;
        this.engine = engine;
        this.identities = identities;
        this.recovery = recovery;
        this.committer = committer;
        this.accounts = accounts;
    }

    /** See {@link Anbefal#erase}. */
    Store.Erasure erase(String service, Collection<String> userIds, Collection<String> anonymousIds) {
        return committer.run(() -> {
            if (log.active()) {
                // the erasure's entry in the log has every node, this one too, learn the service anew
                Store.Erasure erased = store.eraseLogged(service, userIds, anonymousIds).erasure();
                log.catchUp();
                return erased;
            }
            Store.Erasure erased = store.erase(service, userIds, anonymousIds);
            if (erased.updates() == 0 && erased.links() == 0) {
                return erased;
            }
            relearn(service, erased.links());
            LOG.log(System.Logger.Level.INFO, "Erased {0} ids of service {1}: {2} updates, {3} links; model relearnt",
                    erased.persons().size(), service, erased.updates(), erased.links());
            return erased;
        });
    }

    /**
     * On the group-commit thread, when the log is not followed (then its erasure entry does this): empties the
     * service's model and learns it anew from what its log still holds, through the replay's own feed, and
     * deletes the model snapshot (it held what left the log).
     *
     * @param linksRemoved how many links left the log (the identity count is corrected by them)
     */
    void relearn(String service, long linksRemoved) {
        long linksLeft = identities.applied() - linksRemoved;
        engine.clear(service);
        engine.configure(service, accounts.apply(service).settings());
        identities.forget(service); // the trust model's memory of linked ids forgets the erased ones too
        EngineFeed feed = recovery.feed();
        store.replay(new Store.ReplaySink() {
            @Override
            public void link(String s, Link link) {
                if (s.equals(service)) {
                    feed.link(s, link);
                }
            }

            @Override
            public void update(String s, StoredUpdate update) {
                if (s.equals(service)) {
                    feed.update(s, update);
                }
            }
        });
        feed.finish();
        identities.applied(linksLeft); // the feed counted the service's links again
        recovery.deleteSnapshot();
    }
}
