package io.anbefal.cli;

import io.anbefal.AnbefalServer;
import io.anbefal.store.JdbcStore;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the data is: the options that {@code serve} and every command that opens the store share (a picocli
 * mixin), with the keys of {@link ServeConfig}: {@code --config FILE}, {@code --data DIR}, and for a shared
 * PostgreSQL {@code --database URL --db-user U --db-password-file F}. Flags override {@code ANBEFAL_*} environment
 * variables, which override the configuration file (docs/configuration.md), for every command alike.
 */
public final class StoreOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "A YAML configuration file (keys under anbefal:).")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: ./data; anbefal.data).")
    Path data;

    @Option(names = "--database", paramLabel = "URL", description = "A shared PostgreSQL for several nodes:"
            + " jdbc:postgresql://HOST[:PORT]/DB (default: the embedded H2 file in the data directory;"
            + " anbefal.database; docs/deployment.md).")
    String database;

    @Option(names = "--db-user", paramLabel = "USER", description = "The database user (default: anbefal;"
            + " anbefal.db-user).")
    String dbUser;

    @Option(names = "--db-password-file", paramLabel = "FILE", description = "A file whose first line is the"
            + " database user's password (default: none; anbefal.db-password-file).")
    Path dbPasswordFile;

    /**
     * The settings from these options, {@code more} flags of the command (by {@link ServeConfig} key), the
     * environment and the configuration file.
     */
    AnbefalServer.Settings settings(Map<String, String> env, Map<String, String> more) {
        Map<String, String> flags = new LinkedHashMap<>();
        put(flags, "data", data);
        put(flags, "database", database);
        put(flags, "db-user", dbUser);
        put(flags, "db-password-file", dbPasswordFile);
        flags.putAll(more);
        return ServeConfig.load(config, env, flags);
    }

    /** The settings from these options, the process's environment and the configuration file. */
    AnbefalServer.Settings settings() {
        return settings(System.getenv(), Map.of());
    }

    /** Opens the store these options name: the H2 file of the data directory, or the PostgreSQL database. */
    JdbcStore open() {
        AnbefalServer.Settings s = settings();
        return s.database().open(s.dataDir());
    }

    /** Where the store is, for a person to read: the data directory's path or the database's URL. */
    String describe() {
        AnbefalServer.Settings s = settings();
        return s.database().describe(s.dataDir());
    }

    static void put(Map<String, String> flags, String key, Object value) {
        if (value != null) {
            flags.put(key, value.toString());
        }
    }
}
