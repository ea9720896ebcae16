package io.anbefal.app;

import io.anbefal.store.ServiceAccount;
import io.anbefal.store.Store;
import io.anbefal.tenant.Services;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Retention: a service with the setting {@code retention.days} keeps only the updates of its last N days. A pass
 * over the services runs in the background every {@link #every}; per service it claims the pass in the store (of
 * several nodes on one database, one runs it), then removes the old updates in bounded steps
 * ({@link Store#retain}, each its own transaction on the group-commit thread, so that live writes go on between
 * them), and the last step's erasure entry in the log has every node learn the service anew from what is left.
 */
public final class Retention implements AutoCloseable {

    /** The service setting: how many days of updates a service keeps (absent: all). */
    public static final String SETTING = "retention.days";
    /** Updates removed per transaction at most (one block may pass it), and sequence numbers looked at. */
    public static final int BATCH = 10_000;

    private static final System.Logger LOG = System.getLogger(Retention.class.getName());
    private static final long DAY = 86_400_000L;
    /** A pass may claim a service this much before a whole interval since the last claim (the timer's jitter). */
    private static final long EARLY_MILLIS = 1000;

    /**
     * What one pass did for one service.
     *
     * @param atMillis     when the pass began
     * @param cutoffMillis updates before this left the log
     * @param updates      how many
     * @param steps        in how many transactions
     * @param nanos        how long it took
     * @param relearnt     whether it ended with an erasure entry (the model learnt anew)
     */
    public record Run(String service, long atMillis, long cutoffMillis, long updates, int steps, long nanos,
                      boolean relearnt) {
    }

    private final Store store;
    private final Services services;
    private final GroupCommitter committer;
    private final SharedLog log;
    private final Erasures erasures;
    private final Telemetry telemetry;
    private final Map<String, Run> last = new ConcurrentHashMap<>();
    private volatile LongSupplier clock = System::currentTimeMillis;
    private volatile Duration every = Duration.ofHours(1);
    private volatile int batch = BATCH;
    private ScheduledExecutorService timer;

    Retention(Store store, Services services, GroupCommitter committer, SharedLog log, Erasures erasures,
              Telemetry telemetry) {
        this.store = store;
        this.services = services;
        this.committer = committer;
        this.log = log;
        this.erasures = erasures;
        this.telemetry = telemetry;
    }

    /**
     * A setting's value is a number of days, at least 0.001 (0, or no setting, keeps everything).
     *
     * @return the problem, or null when it is valid (or not this setting)
     */
    public static String problem(String key, String value) {
        if (!SETTING.equals(key) || value == null) {
            return null;
        }
        try {
            double days = Double.parseDouble(value.trim());
            if (Double.isFinite(days) && (days == 0 || days >= 0.001) && days <= 1_000_000) {
                return null;
            }
        } catch (NumberFormatException e) {
            // below
        }
        return "setting " + SETTING + " must be a number of days (0 keeps everything), not '" + value + "'";
    }

    /** How many days a service keeps, or 0 for all (an invalid stored value keeps all too). */
    public static double days(Map<String, String> settings) {
        String v = settings.get(SETTING);
        return v == null || problem(SETTING, v) != null ? 0 : Double.parseDouble(v.trim());
    }

    /**
     * Runs a pass every {@code every} (the first after one interval, or at once with {@code atOnce}) on a daemon
     * thread, until {@link #close}.
     */
    public synchronized void start(Duration every, boolean atOnce) {
        if (every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("the retention interval must be positive");
        }
        this.every = every;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "anbefal-retention");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::runLogged, atOnce ? 0 : every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** For tests: the clock that "now" is read from, and the bound of one step. */
    public void testing(LongSupplier clock, int batch) {
        this.clock = clock;
        this.batch = batch;
    }

    /** The last pass of each service that this node ran. */
    public Map<String, Run> lastRuns() {
        return Map.copyOf(last);
    }

    /** One pass over every service with retention; returns what it did (services another node had: none). */
    public List<Run> runOnce() {
        long now = clock.getAsLong();
        List<Run> runs = new java.util.ArrayList<>();
        for (ServiceAccount account : services.all()) {
            double days = days(account.settings());
            if (days <= 0 || !store.claimRetention(account.name(), now, Math.max(1, every.toMillis() - EARLY_MILLIS))) {
                continue;
            }
            Run run = run(account.name(), now, now - Math.round(days * DAY));
            last.put(run.service(), run);
            telemetry.retained(run.service(), run.updates(), run.nanos());
            runs.add(run);
        }
        return runs;
    }

    private Run run(String service, long now, long cutoff) {
        long started = System.nanoTime();
        long removed = 0;
        int steps = 0;
        Store.Retained step = null;
        do {
            int bound = batch;
            Store.RetentionCursor from = step == null ? Store.RetentionCursor.START : step.next();
            step = committer.run(() -> {
                Store.Retained r = store.retain(service, cutoff, from, bound);
                if (r.seq() > 0) {
                    if (log.active()) {
                        log.catchUp(); // the entry has this node, as every other, learn the service anew
                    } else {
                        erasures.relearn(service, 0);
                    }
                }
                return r;
            });
            removed += step.updates();
            steps++;
        } while (!step.done());
        Run run = new Run(service, now, cutoff, removed, steps, System.nanoTime() - started, step.seq() > 0);
        if (removed > 0 || run.relearnt()) {
            LOG.log(System.Logger.Level.INFO, "Retention of service {0}: {1} updates older than {2} removed in {3}"
                    + " steps, {4} ms", service, removed, java.time.Instant.ofEpochMilli(cutoff), steps,
                    run.nanos() / 1_000_000);
        }
        return run;
    }

    private void runLogged() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Retention pass failed (" + e + "); the next pass tries again", e);
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
