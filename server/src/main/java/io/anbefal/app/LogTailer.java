package io.anbefal.app;

import io.anbefal.store.EventLog;
import io.anbefal.store.LogPosition;

/**
 * Tails the shared log: a thread of the node that, once the start has brought the engine up to date, waits for the
 * log to move (a wake-up of the store, or a short poll) and then has the group-commit thread apply, in commit order,
 * whatever the log holds after the engine's applied position: what other nodes, or a command in another process,
 * committed. The catch-up runs on the group-commit thread, between two of this node's own commits, so that the
 * engine learns the log in one order, its own batches and the others' alike ({@link AppliedLog}).
 */
final class LogTailer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LogTailer.class.getName());
    /** How long the tailer waits for a wake-up before it looks anyway (the poll; H2 has no notifications). */
    static final long POLL_MILLIS = 25;

    private final EventLog log;
    private final AppliedLog applied;
    private final Runnable catchUp;
    private final Telemetry telemetry;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param log            the shared log
     * @param applied        where the engine stands in it, advanced by the catch-up and by the node's own commits
     * @param catchUp   has the group-commit thread apply what the log holds after {@code applied}, and waits
     * @param telemetry told the lag after every look
     */
    LogTailer(EventLog log, AppliedLog applied, Runnable catchUp, Telemetry telemetry) {
        this.log = log;
        this.applied = applied;
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
                Thread.sleep(POLL_MILLIS);
                LogPosition head = log.position();
                telemetry.tailLag(applied.behind(head));
                if (applied.isBehind(head)) {
                    catchUp.run();
                    telemetry.tailLag(applied.behind(log.position()));
                }
                failures = 0;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                // the database away for a moment: say so once in a while, and keep looking
                if (failures++ % 200 == 0) {
                    LOG.log(System.Logger.Level.WARNING, "Cannot follow the shared log (" + e + "); retrying", e);
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
    }
}
