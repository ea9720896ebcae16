package io.anbefal.store;

import java.time.Duration;

/**
 * A wake-up for a node that tails the log: returns when some process may have committed to the log (any node, a
 * command line in another process), so that the tailer reads {@link EventLog#tail} now rather than at its next
 * poll. PostgreSQL: {@code LISTEN/NOTIFY} (every appending transaction notifies; delivered at its commit). H2: a
 * short poll of the log clock. A wake-up may be spurious and a notification may be missed (a dropped connection):
 * tail after every return, woken or not. Used by one thread.
 */
public interface LogSignal extends AutoCloseable {

    /**
     * Waits for a commit to the log, at most {@code timeout}.
     *
     * @return true when something was (probably) committed since the last call, false when the time ran out
     */
    boolean awaitChange(Duration timeout) throws InterruptedException;

    @Override
    void close();
}
