package io.anbefal.store;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The databases the store runs on, for tests parameterised over both: {@code @EnumSource(Backend.class)}. Each
 * {@link #create} is a fresh, empty database: an H2 file in the given directory, or a new database of the
 * {@linkplain PostgresCluster#shared() shared PostgreSQL cluster} (one per JVM, started by the first test that
 * asks for it). Each database is also named as a server's settings and the command line name it, for tests of the
 * layers over the store.
 */
public enum Backend {
    H2 {
        @Override
        public Database create(Path dir) {
            return new Database() {
                @Override
                public JdbcStore open() {
                    return H2Store.open(dir);
                }

                @Override
                public JdbcStore open(UnaryOperator<DataSource> wrap) {
                    String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("wrapped") + ";WRITE_DELAY=0";
                    org.h2.jdbcx.JdbcConnectionPool pool = org.h2.jdbcx.JdbcConnectionPool.create(url, "sa", "");
                    pool.setMaxConnections(32);
                    return new JdbcStore(wrap.apply(pool), pool::dispose,
                            Dialect.standard("BINARY VARYING(1000000000)"));
                }

                @Override
                public io.anbefal.store.Database database() {
                    return io.anbefal.store.Database.EMBEDDED;
                }

                @Override
                public Path dir() {
                    return dir;
                }

                @Override
                public List<String> flags() {
                    return List.of("--data", dir.toString());
                }
            };
        }
    },
    POSTGRESQL {
        @Override
        public Database create(Path dir) {
            PostgresCluster cluster = PostgresCluster.shared();
            String url = cluster.createDatabase();
            return new Database() {
                @Override
                public JdbcStore open() {
                    return cluster.open(url);
                }

                @Override
                public JdbcStore open(UnaryOperator<DataSource> wrap) {
                    org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
                    ds.setUrl(url);
                    ds.setUser(cluster.user());
                    return new JdbcStore(wrap.apply(ds), () -> { }, PostgresStore.dialect(url, cluster.user(), ""));
                }

                @Override
                public io.anbefal.store.Database database() {
                    return new io.anbefal.store.Database(url, cluster.user(), null);
                }

                @Override
                public Path dir() {
                    return dir;
                }

                @Override
                public List<String> flags() {
                    return List.of("--database", url, "--db-user", cluster.user(), "--data", dir.toString());
                }
            };
        }
    };

    /** A fresh database, in {@code dir} where the backend keeps files. */
    public abstract Database create(Path dir);

    /** One database: each {@link #open} is a store on it (another node, or the same one after a restart). */
    public interface Database {
        JdbcStore open();

        /**
         * A store on the same database (for H2: on a database file of its own in the directory, the same for every
         * call) over a data source of the test's making, {@code wrap} of a plain one: to slow its commits, say.
         */
        JdbcStore open(UnaryOperator<DataSource> wrap);

        /** This database as a server's settings name it, with the directory of {@link #create} as its data directory. */
        io.anbefal.store.Database database();

        /** The command line's options naming this database ({@code serve}, {@code import}, ...): the same place. */
        List<String> flags();

        /** The directory of {@link #create}: the data directory of the servers and commands on this database. */
        Path dir();

        /** A test server's settings on this database: as {@code Settings.forTest(dir())}, on this database. */
        default io.anbefal.AnbefalServer.Settings server() {
            return new io.anbefal.AnbefalServer.Settings("127.0.0.1", 0, -1, dir(), 1 << 20, false,
                    io.anbefal.AnbefalServer.Settings.SNAPSHOT_EVERY, false, database());
        }
    }
}
