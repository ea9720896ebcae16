package io.anbefal.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * The store on a PostgreSQL database that several nodes share: the same {@link JdbcStore} over a HikariCP pool of
 * the {@code org.postgresql} driver's connections, with PostgreSQL's {@link Dialect}: {@code BYTEA} blocks, and
 * {@code NOTIFY} in every appending transaction, heard by {@link LogSignal}s that {@code LISTEN} on a connection
 * of their own. The only class that knows PostgreSQL.
 */
public final class PostgresStore {

    /** The channel every appending transaction notifies. */
    static final String CHANNEL = "anbefal_log";

    private PostgresStore() {
    }

    /**
     * Opens the store (creating or migrating its schema).
     *
     * @param url      {@code jdbc:postgresql://HOST[:PORT]/DATABASE}
     * @param user     the database user
     * @param password its password (empty for none: trust or peer authentication)
     * @param poolSize the most connections this node holds
     */
    public static JdbcStore open(String url, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setPoolName("anbefal-postgresql");
        // transactions are begun and ended by the store; a connection must come back as it went out
        config.setAutoCommit(true);
        config.setConnectionTimeout(30_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("Cannot connect to " + url + " as " + user + ": " + rootMessage(e), e);
        }
        try {
            return new JdbcStore(pool, pool::close, dialect(url, user, password));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * PostgreSQL's dialect: {@code BYTEA} blocks, {@code NOTIFY} in every appending transaction, and wake-ups that
     * {@code LISTEN} on a connection of their own to that database.
     */
    public static Dialect dialect(String url, String user, String password) {
        return new Dialect() {
            @Override
            public String binaryType() {
                return "BYTEA";
            }

            @Override
            public String notifyStatement() {
                return "NOTIFY " + CHANNEL;
            }

            @Override
            public LogSignal listen() {
                return new Listener(url, user, password);
            }
        };
    }

    /** Opens the store with a pool of 16 connections. */
    public static JdbcStore open(String url, String user, String password) {
        return open(url, user, password, 16);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /**
     * {@code LISTEN} on a connection of its own (not the pool's: notifications arrive on the connection that
     * listens). When that connection fails, a wait returns at its timeout as a poll would, and the next one
     * connects again.
     */
    private static final class Listener implements LogSignal {
        private final String url;
        private final Properties props = new Properties();
        private Connection connection;

        Listener(String url, String user, String password) {
            this.url = url;
            props.setProperty("user", user);
            props.setProperty("password", password);
        }

        @Override
        public boolean awaitChange(Duration timeout) throws InterruptedException {
            long millis = Math.max(1, timeout.toMillis());
            try {
                if (connection == null) {
                    connection = DriverManager.getConnection(url, props);
                    try (Statement s = connection.createStatement()) {
                        s.execute("LISTEN " + CHANNEL);
                    }
                }
                PGNotification[] heard = connection.unwrap(PGConnection.class).getNotifications((int) millis);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                return heard != null && heard.length > 0;
            } catch (SQLException e) {
                close();
                Thread.sleep(millis);
                return false;
            }
        }

        @Override
        public void close() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // gone anyway
                }
                connection = null;
            }
        }
    }
}
