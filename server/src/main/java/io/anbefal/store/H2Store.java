package io.anbefal.store;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcConnectionPool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens the embedded H2 file database of a data directory as a {@link JdbcStore}.
 * <p>
 * {@code WRITE_DELAY=0} makes every commit reach the file before the commit returns (H2's default delays the
 * write by up to 500 ms, which a crash would lose). {@code AUTO_SERVER=TRUE} lets a second process (the
 * {@code service} command while the server runs) open the same file through a loopback connection.
 * <p>
 * The price of {@code WRITE_DELAY=0}: H2 runs no background writer, so it never compacts the file while it is
 * open, and every commit appends a chunk of some 16 KB (60,000 single-update commits made a 1 GB file; a
 * 1M-event log written in 10,000-event batches 1 GB, 43 MB once compacted). Compacting online is not safe:
 * with {@code MVStore.compactFile} running between commits, {@code CrashTest} lost acknowledged updates on
 * {@code kill -9} (H2 then reuses space inside the file, and its recovery after a kill found an older version).
 * So the file is compacted when the store closes ({@code SHUTDOWN COMPACT}: H2 writes the live data to a new
 * file and swaps it in, which a crash cannot half-do); a server that is never stopped cleanly keeps growing.
 */
public final class H2Store {

    private H2Store() {
    }

    /** The file name (without H2's {@code .mv.db}) in the data directory. */
    public static final String DATABASE = "anbefal";

    /** Opens (creating if needed) the database in {@code dataDir}. */
    public static JdbcStore open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dataDir, e);
        }
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(DATABASE)
                + ";WRITE_DELAY=0;AUTO_SERVER=TRUE";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        pool.setMaxConnections(32);
        // event blocks kept in the row: as a BLOB, H2 keeps them in its separate large-object storage, which cost
        // some 25-30% more CPU per imported event
        return new JdbcStore(pool, () -> {
            shutdownCompact(url);
            pool.dispose();
        }, "BINARY VARYING(1000000000)");
    }

    /**
     * Closes the database, writing its live data to a fresh file; but only in the process that owns the file. A
     * process that reached it through the owner's AUTO_SERVER (the {@code service} command while the server runs)
     * must not shut the owner's database down.
     */
    private static void shutdownCompact(String url) {
        // a plain connection, not one of the pool's: a pooled one rolls back when handed back, after the shutdown
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            if (c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal) {
                s.execute("SHUTDOWN COMPACT");
            }
        } catch (SQLException | RuntimeException e) {
            System.getLogger(H2Store.class.getName()).log(System.Logger.Level.DEBUG,
                    "Compacting on close skipped: " + e.getMessage());
        }
    }
}
