package io.anbefal.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The JDBC plumbing the store's parts share: where connections come from, one transaction per call, and the one
 * lock that serialises the writes of all parts of a store (a write that must follow every commit before it, as a
 * bulk load's publication, takes it too). Plain JDBC, nothing database-specific.
 */
final class Jdbc {

    /** Work done in one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Reads one row of a result. */
    @FunctionalInterface
    interface RowReader {
        void read(ResultSet r) throws SQLException;
    }

    private final DataSource dataSource;
    /** What differs between databases. */
    final Dialect dialect;
    /** Held by every write of the store's parts. */
    final Object writeLock = new Object();

    Jdbc(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /** Reserves log clock numbers as this transaction's first write; see {@link LogClock#reserve}. */
    long reserve(Connection c, int n) throws SQLException {
        return LogClock.reserve(c, dialect, n);
    }

    /** Whether the failure is a unique constraint's (SQLSTATE 23505, in H2 and PostgreSQL alike). */
    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            for (SQLException e = t instanceof SQLException s ? s : null; e != null; e = e.getNextException()) {
                if ("23505".equals(e.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Runs the work in one transaction: committed when it returns, rolled back when it throws. */
    <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("Database failure: " + e.getMessage(), e);
        }
    }

    /** As {@link #inTransaction}, under the write lock. */
    <T> T write(Work<T> work) {
        synchronized (writeLock) {
            return inTransaction(work);
        }
    }

    /** The first column of the first row of a query (a count, a maximum). */
    static long single(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = prepare(c, sql, args); ResultSet r = p.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement p = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            p.setObject(i + 1, args[i]);
        }
        return p;
    }

    static boolean exists(PreparedStatement p) throws SQLException {
        try (ResultSet r = p.executeQuery()) {
            return r.next();
        }
    }

    static boolean exists(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = prepare(c, sql, args); ResultSet r = p.executeQuery()) {
            return r.next();
        }
    }

    /** Runs one INSERT, UPDATE or DELETE; returns how many rows it touched. */
    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = prepare(c, sql, args)) {
            return p.executeUpdate();
        }
    }

    static void query(Connection c, String sql, RowReader reader) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                reader.read(r);
            }
        }
    }
}
