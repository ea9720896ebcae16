package io.anbefal.app;

import io.anbefal.store.EventLog;
import io.anbefal.store.Link;
import io.anbefal.store.LogPosition;
import io.anbefal.store.StoredUpdate;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The engine's place in the shared log, and the one way the engine learns the log while the node runs: every
 * catch-up reads what the log holds after that place ({@link EventLog#tail}), in the log's commit order, and
 * applies all of it: the node's own group commits (the committer catches up right after each one, before it
 * acknowledges), what other nodes committed, loads a command line published. Since one reader applies
 * everything from one position that only it moves, nothing is applied twice and nothing skipped, and every node's
 * engine learns the same log in the same order. Used on the group-commit thread only; {@link #position} may be
 * read anywhere.
 */
final class LogFollower {

    private static final System.Logger LOG = System.getLogger(LogFollower.class.getName());

    /** A feed into the engine and the identity links; {@link #finish} applies what it holds back. */
    interface Feed extends EventLog.ReplaySink {
        long finish();
    }

    /** What the node keeps besides the engine's models, to be told of the log's changes. */
    interface Copies {
        /** The service's account (created, settings, origins, users) changed: reload it, configure its models. */
        void settingsChanged(String service);

        /** Product records of the service changed (null ids: any): reload them. */
        void catalogChanged(String service, List<String> productIds);

        /** Before relearning a service after an erasure: empty its model and its links. */
        void forget(String service);

        /** A service was relearnt after an erasure: model snapshots taken before it must go. */
        void relearnt(String service);
    }

    private final EventLog log;
    private final Supplier<Feed> feeds;
    private final Copies copies;
    private volatile LogPosition position;

    /**
     * @param position where the start left the engine (the model snapshot plus the replay after it)
     */
    LogFollower(EventLog log, Supplier<Feed> feeds, Copies copies, LogPosition position) {
        this.log = log;
        this.feeds = feeds;
        this.copies = copies;
        this.position = position;
    }

    /** What the engine has learnt of the log. */
    LogPosition position() {
        return position;
    }

    /**
     * Applies what the log holds after {@link #position} and moves it; returns how many updates were learnt. On
     * the group-commit thread.
     */
    long catchUp() {
        Changes changes = new Changes(feeds.get());
        LogPosition next = log.tail(position, changes);
        long n = changes.finish();
        position = next;
        for (Map.Entry<String, Set<String>> e : changes.catalog.entrySet()) {
            copies.catalogChanged(e.getKey(), e.getValue() == null ? null : List.copyOf(e.getValue()));
        }
        for (String service : changes.erased) {
            n += relearn(service, next.clock());
        }
        return n;
    }

    /**
     * Learns a service anew from what the log holds up to {@code clock} (after an erasure on some node); what came
     * later comes with the next catch-up. Returns how many updates it learnt.
     */
    private long relearn(String service, long clock) {
        long t0 = System.nanoTime();
        copies.forget(service);
        Feed feed = feeds.get();
        log.tail(LogPosition.START, new EventLog.ReplaySink() {
            private long at;

            @Override
            public void at(long seq) {
                at = seq;
            }

            @Override
            public void link(String s, Link link) {
                if (s.equals(service) && at <= clock) {
                    feed.link(s, link);
                }
            }

            @Override
            public void update(String s, StoredUpdate update) {
                if (s.equals(service) && at <= clock) {
                    feed.update(s, update);
                }
            }
        });
        long n = feed.finish();
        copies.relearnt(service);
        LOG.log(System.Logger.Level.INFO, "Service {0} learnt anew after an erasure: {1} updates in {2} ms", service,
                n, (System.nanoTime() - t0) / 1_000_000);
        return n;
    }

    /**
     * One catch-up's sink: updates and links into the feed, in order; account changes at once (models configured
     * before the updates that follow them); catalog changes and erasures gathered for after the read.
     */
    private final class Changes implements EventLog.ReplaySink {
        private final Feed feed;
        /** Per service, the product ids to reload (null: all). */
        private final Map<String, Set<String>> catalog = new LinkedHashMap<>();
        private final Set<String> erased = new LinkedHashSet<>();

        Changes(Feed feed) {
            this.feed = feed;
        }

        @Override
        public void link(String service, Link link) {
            feed.link(service, link);
        }

        @Override
        public void update(String service, StoredUpdate update) {
            feed.update(service, update);
        }

        @Override
        public void settingsChanged(String service) {
            feed.finish(); // what came before the change is learnt under the settings it came under
            copies.settingsChanged(service);
        }

        @Override
        public void catalogChanged(String service, List<String> productIds) {
            if (productIds == null) {
                catalog.put(service, null);
            } else if (!catalog.containsKey(service) || catalog.get(service) != null) {
                catalog.computeIfAbsent(service, s -> new LinkedHashSet<>()).addAll(productIds);
            }
        }

        @Override
        public void erased(String service) {
            erased.add(service);
        }

        long finish() {
            return feed.finish();
        }
    }
}
