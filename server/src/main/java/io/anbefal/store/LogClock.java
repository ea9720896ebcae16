package io.anbefal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import static io.anbefal.store.Jdbc.single;
import static io.anbefal.store.Jdbc.update;

/**
 * The log clock: one row ({@code log_clock}) whose {@code next_seq} numbers every entry of the log. Each
 * transaction that appends to the log moves it first, which locks the row until that transaction ends: appenders
 * are serialised in every process and node on the database, so numbers are handed out in commit order, and when an
 * entry numbered N is visible every entry below N is committed. Numbers a transaction reserved but did not use
 * are gaps, which readers don't mind. Standard SQL.
 */
final class LogClock {

    private LogClock() {
    }

    /**
     * Reserves {@code n} numbers (at least one) for this transaction, as its first write, and announces the
     * append to listeners if the database can.
     *
     * @return the first of them
     */
    static long reserve(Connection c, Dialect dialect, int n) throws SQLException {
        int count = Math.max(1, n);
        update(c, "UPDATE log_clock SET next_seq = next_seq + ? WHERE id = 1", count);
        long next = single(c, "SELECT next_seq FROM log_clock WHERE id = 1");
        String notify = dialect.notifyStatement();
        if (notify != null) {
            try (var s = c.createStatement()) {
                s.execute(notify);
            }
        }
        return next - count;
    }

    /**
     * The clock's committed value: every entry numbered below it is committed (and visible to the statements
     * that follow), none at or above it is yet.
     */
    static long committed(Connection c) throws SQLException {
        return single(c, "SELECT next_seq FROM log_clock WHERE id = 1");
    }

    /** Writes one change entry (catalog, settings, erasure) numbered {@code seq}. */
    static void change(Connection c, long seq, String service, String kind, String detail) throws SQLException {
        update(c, "INSERT INTO log_changes (seq, service, kind, detail) VALUES (?, ?, ?, ?)",
                seq, service, kind, detail);
    }

    /** Reserves one number and writes one change entry with it: the whole log part of a tenant or catalog write. */
    static long logChange(Connection c, Dialect dialect, String service, String kind, String detail)
            throws SQLException {
        long seq = reserve(c, dialect, 1);
        change(c, seq, service, kind, detail);
        return seq;
    }

    /** A wake-up that polls the committed clock every {@code every}. */
    static LogSignal poll(Jdbc jdbc, Duration every) {
        return new LogSignal() {
            private long seen = read();

            private long read() {
                return jdbc.inTransaction(LogClock::committed);
            }

            @Override
            public boolean awaitChange(Duration timeout) throws InterruptedException {
                long deadline = System.nanoTime() + timeout.toNanos();
                while (true) {
                    long now = read();
                    if (now != seen) {
                        seen = now;
                        return true;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    Thread.sleep(Math.max(1, Math.min(every.toMillis(), left / 1_000_000)));
                }
            }

            @Override
            public void close() {
            }
        };
    }
}
