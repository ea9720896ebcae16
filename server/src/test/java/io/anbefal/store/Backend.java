package io.anbefal.store;

import java.nio.file.Path;

/**
 * The databases the store runs on, for tests parameterised over both: {@code @EnumSource(Backend.class)}. Each
 * {@link #create} is a fresh, empty database: an H2 file in the given directory, or a new database of the
 * {@linkplain PostgresCluster#shared() shared PostgreSQL cluster}.
 */
public enum Backend {
    H2 {
        @Override
        public Database create(Path dir) {
            return () -> H2Store.open(dir);
        }
    },
    POSTGRESQL {
        @Override
        public Database create(Path dir) {
            PostgresCluster cluster = PostgresCluster.shared();
            String url = cluster.createDatabase();
            return () -> cluster.open(url);
        }
    };

    /** A fresh database, in {@code dir} where the backend keeps files. */
    public abstract Database create(Path dir);

    /** One database: each {@link #open} is a store on it (another node, or the same one after a restart). */
    @FunctionalInterface
    public interface Database {
        JdbcStore open();
    }
}
