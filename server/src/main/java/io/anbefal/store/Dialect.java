package io.anbefal.store;

/**
 * What differs between the databases the store runs on, in one place: the type of the encoded event blocks'
 * column, and how a tailer is woken. Everything else is the same standard SQL. The factories that know a
 * database ({@link H2Store}, {@link PostgresStore}) pass theirs to {@link JdbcStore}.
 */
public interface Dialect {

    /** The column type of {@code event_blocks.data} (standard {@code BINARY LARGE OBJECT}). */
    String binaryType();

    /**
     * A statement run in every transaction that appends to the log, announcing it to listeners at commit
     * (PostgreSQL: {@code NOTIFY}); null for none.
     */
    default String notifyStatement() {
        return null;
    }

    /** A wake-up for a tailer, or null to poll the log clock. */
    default LogSignal listen() {
        return null;
    }

    /** Standard SQL, no notification: a tailer polls. */
    static Dialect standard(String binaryType) {
        return () -> binaryType;
    }
}
