package io.anbefal.app;

import io.anbefal.store.LogSignal;

import java.time.Duration;

/**
 * Tails the shared log: a thread of the node that, once the start has brought the engine up to date, waits for a
 * commit to the log (the store's wake-up: LISTEN/NOTIFY on PostgreSQL, a short poll of the log clock on H2) and
 * then has the group-commit thread catch up ({@link LogFollower#catchUp}): what other nodes, or a command in
 * another process, committed is learnt in commit order between two of this node's own group commits. It also
 * catches up every {@link #FALLBACK} without a wake-up, as a notification can be lost with a connection.
 */
final class LogTailer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LogTailer.class.getName());
    /** The longest the tailer goes without reading the log, woken or not. */
    static final Duration FALLBACK = Duration.ofMillis(250);

    private final LogSignal signal;
    private final java.util.function.Supplier<Long> catchUp;
    private final Telemetry telemetry;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param signal    the store's wake-up, owned (closed) by this tailer
     * @param catchUp   has the group-commit thread apply what the log holds beyond the engine, waits, and returns
     *                  how many updates that was
     * @param telemetry told after every catch-up how many updates the node had not learnt before it
     */
    LogTailer(LogSignal signal, java.util.function.Supplier<Long> catchUp, Telemetry telemetry) {
        this.signal = signal;
        this.catchUp = catchUp;
        this.telemetry = telemetry;
        this.thread = Thread.ofPlatform().name("anbefal-log-tail").daemon().unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        long failures = 0;
        while (running) {
            try {
                signal.awaitChange(FALLBACK);
                if (!running) {
                    return;
                }
                telemetry.tailLag(catchUp.get());
                failures = 0;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                // the database away for a moment: say so once in a while, keep trying, a little slower
                if (failures++ % 100 == 0) {
                    LOG.log(System.Logger.Level.WARNING, "Cannot follow the shared log (" + e + "); retrying", e);
                }
                try {
                    Thread.sleep(FALLBACK.toMillis());
                } catch (InterruptedException again) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        signal.close();
    }
}
