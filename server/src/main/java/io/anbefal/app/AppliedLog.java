package io.anbefal.app;

import io.anbefal.store.EventLog;
import io.anbefal.store.LogPosition;

import java.util.function.Supplier;

/**
 * Where the engine stands in the shared log, and bringing it up to the log's head. Used on the group-commit thread
 * only (but read by the tailer to decide whether to look): the catch-up and the node's own commits move it, one
 * after the other, so that nothing is applied twice and nothing is skipped.
 */
final class AppliedLog {

    /** A feed into the engine (and the links), finished by {@link Feed#finish}. */
    interface Feed extends EventLog.ReplaySink {
        /** Applies what is left; returns how many updates were fed. */
        long finish();
    }

    private final EventLog log;
    private final Supplier<Feed> feeds;
    private volatile LogPosition position;

    AppliedLog(EventLog log, Supplier<Feed> feeds, LogPosition position) {
        this.log = log;
        this.feeds = feeds;
        this.position = position;
    }

    LogPosition position() {
        return position;
    }

    /** Whether the log holds published loads the engine has not learnt. */
    boolean isBehind(LogPosition head) {
        return head.loadSeq() > position.loadSeq();
    }

    /** How many updates the log holds that the engine has not learnt (0 when up to date). */
    long behind(LogPosition head) {
        return Math.max(0, head.loadEvents() - position.loadEvents());
    }

    /** Applies what the log holds after the applied position; returns how many updates. On the writer thread. */
    long catchUp() {
        LogPosition head = log.position();
        if (!isBehind(head)) {
            return 0;
        }
        LogPosition from = position;
        Feed feed = feeds.get();
        // single updates and links: this node's own (for now: the only writers of those)
        log.replay(new LogPosition(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, from.loads(),
                from.loadSeq(), from.loadEvents(), from.settings()), feed);
        long n = feed.finish();
        position = new LogPosition(from.events(), from.eventSeq(), from.links(), from.linkSeq(), head.loads(),
                head.loadSeq(), head.loadEvents(), head.settings());
        return n;
    }

    /** This node published a load (and applied it): the applied position moves past it. On the writer thread. */
    void published() {
        LogPosition head = log.position();
        position = new LogPosition(position.events(), position.eventSeq(), position.links(), position.linkSeq(),
                head.loads(), head.loadSeq(), head.loadEvents(), head.settings());
    }
}
