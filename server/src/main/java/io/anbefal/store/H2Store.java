package io.anbefal.store;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.mvstore.MVStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Opens the embedded H2 file database of a data directory as a {@link JdbcStore}.
 * <p>
 * {@code WRITE_DELAY=0} makes every commit reach the file before the commit returns (H2's default delays the
 * write by up to 500 ms, which a crash would lose). {@code AUTO_SERVER=TRUE} lets a second process (the
 * {@code service} command while the server runs) open the same file through a loopback connection.
 * <p>
 * The price of {@code WRITE_DELAY=0}: H2 starts no background writer, so nothing rewrites sparse chunks while
 * the file is open. Every commit appends a chunk of some 14-16 KB; H2 reuses a chunk's space once nothing in it
 * is live and its 45 s retention time has passed, but chunks that still hold one live page stay, and at 20
 * single-update commits a second the file grew by about 4 KB per commit without end. So a housekeeping thread does
 * what H2's background writer would: every two seconds {@code MVStore.compact} rewrites live pages of sparse
 * chunks into the next commit, the copy-on-write path every commit takes; the same traffic then kept the file
 * between 16 and 23 MB ({@code FileGrowthBench}). {@code MVStore.compactFile}, which also moves chunks inside the
 * file and sets the retention time to 0, lost acknowledged updates in {@code CrashTest} on {@code kill -9} and is
 * not used. On close the file is compacted whole ({@code SHUTDOWN COMPACT}: H2 writes the live data to a new
 * file and swaps it in, which a crash cannot half-do).
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
        Opened opened = Opened.acquire(url);
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        // event blocks kept in the row: as a BLOB, H2 keeps them in its separate large-object storage, which cost
        // some 25-30% more CPU per imported event
        return new JdbcStore(pool, () -> {
            if (closed.compareAndSet(false, true)) {
                opened.release();
                pool.dispose();
            }
        }, "BINARY VARYING(1000000000)");
    }

    /**
     * The stores of this process open on one file. H2 gives every connection in a process the same database, so a
     * second store opened on a directory this process already has open (the {@code export} command run in-process
     * beside a server, say) must neither shut that database down when it closes nor start a second housekeeper:
     * the last store to close compacts the file.
     */
    private static final class Opened {
        private static final java.util.Map<String, Opened> OPEN = new java.util.HashMap<>();

        private final String url;
        private final Housekeeping housekeeping;
        private int stores;

        private Opened(String url) {
            this.url = url;
            this.housekeeping = Housekeeping.start(url);
        }

        static Opened acquire(String url) {
            synchronized (OPEN) {
                Opened o = OPEN.computeIfAbsent(url, Opened::new);
                o.stores++;
                return o;
            }
        }

        void release() {
            synchronized (OPEN) {
                if (--stores > 0) {
                    return;
                }
                OPEN.remove(url);
                if (housekeeping != null) {
                    housekeeping.close();
                }
                shutdownCompact(url);
            }
        }
    }

    /**
     * Rewrites the live pages of sparse chunks every two seconds, as H2's background writer would, in the process
     * that owns the file (one that came in through another's AUTO_SERVER has no file to keep).
     */
    private static final class Housekeeping implements AutoCloseable {
        private static final long EVERY_MILLIS = 2000;
        /** Rewrite when less than this share (%) of the chunks' space is live. */
        private static final int TARGET_FILL_RATE = 50;
        /** At most about this much rewritten per round. */
        private static final int WRITE_BYTES = 32 * 1024;

        private final Connection connection;
        private final Thread thread;
        /** Counted down to stop: never an interrupt, which would close H2's file channel under it. */
        private final CountDownLatch stop = new CountDownLatch(1);

        private Housekeeping(Connection connection, MVStore store) {
            this.connection = connection;
            this.thread = Thread.ofPlatform().name("anbefal-h2-housekeeping").daemon().start(() -> loop(store));
        }

        /** Started when this process owns the file; null otherwise. */
        static Housekeeping start(String url) {
            try {
                Connection c = DriverManager.getConnection(url, "sa", "");
                if (c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session) {
                    return new Housekeeping(c, session.getDatabase().getStore().getMvStore());
                }
                c.close();
            } catch (SQLException e) {
                System.getLogger(H2Store.class.getName()).log(System.Logger.Level.WARNING,
                        "No file housekeeping: " + e.getMessage());
            }
            return null;
        }

        private void loop(MVStore store) {
            while (true) {
                try {
                    if (stop.await(EVERY_MILLIS, TimeUnit.MILLISECONDS) || store.isClosed()) {
                        return;
                    }
                    store.compact(TARGET_FILL_RATE, WRITE_BYTES);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (stop.getCount() > 0) {
                        System.getLogger(H2Store.class.getName()).log(System.Logger.Level.WARNING,
                                "File housekeeping stopped", e);
                    }
                    return;
                }
            }
        }

        @Override
        public void close() {
            stop.countDown();
            try {
                thread.join(60_000);
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
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
