package io.anbefal.tenant;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Where the slow password and key hashes are checked (PBKDF2, ~0.3 s each): on a small pool of its own, with bounds,
 * so that a flood of wrong passwords costs at most the pool's threads and never the CPU that serves everyone else.
 * <ul>
 *   <li>at most {@link Limits#threads} checks run at once, and at most {@link Limits#waiting} more wait;</li>
 *   <li>a client (the remote address) has at most {@link Limits#perClient} checks running or waiting, and at most
 *       {@link Limits#failuresPerClient} failed checks in {@link Limits#windowMillis};</li>
 *   <li>a credential (a user name, a key's id) has at most {@link Limits#perCredential} checks running or waiting.</li>
 * </ul>
 * A check past any bound is refused with {@link TooManyChecks} (the HTTP layer answers 429 with Retry-After) before
 * any hashing. What {@link Services} remembers (verified and failed credentials) is answered before coming here.
 */
final class PasswordChecks {

    /**
     * The bounds.
     *
     * @param threads           checking threads
     * @param waiting           checks that may wait for a thread, in all
     * @param perClient         checks one client may have running or waiting
     * @param perCredential     checks one user name or key may have running or waiting
     * @param failuresPerClient failed checks one client may cause per window
     * @param windowMillis      the window of {@code failuresPerClient}
     */
    record Limits(int threads, int waiting, int perClient, int perCredential, int failuresPerClient, long windowMillis) {
        /** One thread (of a 2-core machine, half), 8 waiting, 2 per client and per credential, 20 failures a minute. */
        static final Limits DEFAULT = new Limits(1, 8, 2, 2, 20, 60_000);
    }

    private static final int MAX_CLIENTS = 10_000;

    private final Limits limits;
    private final ThreadPoolExecutor pool;
    private final Map<String, Client> clients = new HashMap<>();
    private final Map<String, Integer> credentials = new HashMap<>();
    private int pending;

    PasswordChecks(Limits limits) {
        this.limits = limits;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(limits.threads(), limits.threads(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "password-check-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs a hash check within the bounds and answers its result; a result that is not {@code succeeded} counts
     * as the client's failure.
     *
     * @throws TooManyChecks past a bound, before anything is checked
     */
    <T> T check(String client, String credential, Supplier<T> check, Predicate<T> succeeded) {
        admit(client, credential);
        boolean ok = false;
        try {
            T result = await(pool.submit(check::get));
            ok = succeeded.test(result);
            return result;
        } finally {
            release(client, credential, ok);
        }
    }

    private static <T> T await(Future<T> answer) {
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            throw new IllegalStateException("interrupted while checking a password", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private synchronized void admit(String client, String credential) {
        long now = System.currentTimeMillis();
        Client c = clients.get(client);
        if (c == null) {
            if (clients.size() >= MAX_CLIENTS) {
                clients.values().removeIf(old -> old.pending == 0 && old.windowEnds <= now);
            }
            c = new Client(now + limits.windowMillis());
            clients.put(client, c);
        } else if (c.windowEnds <= now) {
            c.failures = 0;
            c.windowEnds = now + limits.windowMillis();
        }
        if (c.failures + c.pending >= limits.failuresPerClient()) {
            throw new TooManyChecks("too many failed password checks from this client: retry later",
                    seconds(c.windowEnds - now));
        }
        if (c.pending >= limits.perClient()) {
            throw new TooManyChecks("too many password checks at once from this client: retry later", 1);
        }
        if (credentials.getOrDefault(credential, 0) >= limits.perCredential()) {
            throw new TooManyChecks("too many password checks at once for these credentials: retry later", 1);
        }
        if (pending >= limits.threads() + limits.waiting()) {
            throw new TooManyChecks("too many password checks at once: retry later", 1);
        }
        c.pending++;
        credentials.merge(credential, 1, Integer::sum);
        pending++;
    }

    private synchronized void release(String client, String credential, boolean ok) {
        Client c = clients.get(client);
        if (c != null) {
            c.pending--;
            if (!ok) {
                c.failures++;
            }
        }
        credentials.computeIfPresent(credential, (k, v) -> v > 1 ? v - 1 : null);
        pending--;
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }

    private static final class Client {
        int pending;
        int failures;
        long windowEnds;

        Client(long windowEnds) {
            this.windowEnds = windowEnds;
        }
    }
}
