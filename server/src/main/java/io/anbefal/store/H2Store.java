package io.anbefal.store;

import org.h2.jdbcx.JdbcConnectionPool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Opens the embedded H2 file database of a data directory as a {@link JdbcStore}.
 * <p>
 * {@code WRITE_DELAY=0} makes every commit reach the file before the commit returns (H2's default delays the
 * write by up to 500 ms, which a crash would lose). {@code AUTO_SERVER=TRUE} lets a second process (the
 * {@code service} command while the server runs) open the same file through a loopback connection.
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
        return new JdbcStore(pool, pool::dispose);
    }
}
