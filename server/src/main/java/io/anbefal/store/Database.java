package io.anbefal.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which database a process opens: the embedded H2 file in its data directory (the default), or a PostgreSQL that
 * several nodes share ({@code --database jdbc:postgresql://HOST/DB --db-user U --db-password-file F}).
 *
 * @param url          null or empty for the embedded H2 file; else a {@code jdbc:postgresql:} URL
 * @param user         the database user (PostgreSQL)
 * @param passwordFile a file holding the user's password (its first line), or null for none
 */
public record Database(String url, String user, Path passwordFile) {

    /** The embedded H2 file of the data directory. */
    public static final Database EMBEDDED = new Database(null, null, null);

    public Database {
        if (url != null && url.isBlank()) {
            url = null;
        }
        if (url != null && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Unsupported database URL " + url + ": give jdbc:postgresql://HOST/DB"
                    + " (or none, for the embedded H2 file in the data directory)");
        }
        if (user != null && user.isBlank()) {
            user = null;
        }
    }

    /** Whether this is the embedded H2 file. */
    public boolean embedded() {
        return url == null;
    }

    /** Opens the store: the H2 file in {@code dataDir}, or the PostgreSQL database. */
    public JdbcStore open(Path dataDir) {
        if (embedded()) {
            return H2Store.open(dataDir);
        }
        return PostgresStore.open(url, user == null ? System.getProperty("user.name") : user, password());
    }

    /** Where the data is, for a person to read. */
    public String describe(Path dataDir) {
        return embedded() ? dataDir.toAbsolutePath().normalize().toString() : url;
    }

    private String password() {
        if (passwordFile == null) {
            return "";
        }
        try {
            String text = Files.readString(passwordFile);
            int end = text.indexOf('\n');
            return (end < 0 ? text : text.substring(0, end)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the database password file " + passwordFile, e);
        }
    }
}
