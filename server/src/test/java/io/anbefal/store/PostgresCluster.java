package io.anbefal.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for tests, no Docker: a cluster made by Debian's binaries ({@code /usr/lib/postgresql/N/bin},
 * installed by {@code bin/test}; or the directory named by {@code ANBEFAL_PG_BIN}) in a temporary directory,
 * listening on 127.0.0.1 at a free port, with trust authentication for the superuser {@code postgres}.
 * {@code initdb} and {@code postgres} refuse to run as root, as CI runs: then the directory is given to the
 * {@code postgres} user and every command runs through {@code runuser -u postgres --}; as anyone else, as that
 * user. Stopped with {@code pg_ctl -m immediate stop} by {@link #close} and on JVM exit.
 *
 * <p>{@link #shared()} is one cluster per JVM (test classes take a fresh {@link #createDatabase database} each).
 */
public final class PostgresCluster implements AutoCloseable {

    private static PostgresCluster shared;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean root;
    private final Thread hook;
    private boolean stopped;

    private PostgresCluster(Path bin, Path dir, int port, boolean root) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.root = root;
        this.hook = new Thread(this::stop, "postgres-cluster-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The cluster of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized PostgresCluster shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** Starts a cluster of its own; the caller closes it. */
    public static PostgresCluster start(String... serverOptions) {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path dir = Files.createTempDirectory("anbefal-pg-");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            if (root) {
                run(List.of("chown", "postgres:postgres", dir.toString()), dir);
            }
            PostgresCluster cluster = new PostgresCluster(bin, dir, port, root);
            Path data = dir.resolve("data");
            cluster.pg("initdb", "-D", data.toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                    "--locale=C", "--no-sync");
            StringBuilder options = new StringBuilder("-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1"
                    + " -c max_connections=200");
            for (String o : serverOptions) {
                options.append(' ').append(o);
            }
            cluster.pg("pg_ctl", "-D", data.toString(), "-l", dir.resolve("log").toString(), "-o",
                    options.toString(), "-w", "start");
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start PostgreSQL", e);
        }
    }

    /** Where the binaries are: {@code ANBEFAL_PG_BIN}, else the newest {@code /usr/lib/postgresql/N/bin}. */
    static Path binaries() {
        String given = System.getenv("ANBEFAL_PG_BIN");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                var newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(v -> parseVersion(v.getFileName().toString())));
                if (newest.isPresent()) {
                    return newest.get().resolve("bin");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("No PostgreSQL binaries: run bin/test once (it installs Debian's postgresql)"
                + " or apt-get install postgresql, or set ANBEFAL_PG_BIN to the directory holding initdb");
    }

    private static int parseVersion(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The JDBC URL of a database of this cluster. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** The superuser, with trust authentication (any password). */
    public String user() {
        return "postgres";
    }

    /** Creates a new, empty database and returns its JDBC URL. */
    public String createDatabase() {
        String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), user(), "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a database: " + e.getMessage(), e);
        }
        return url(name);
    }

    /** Opens the store on a database of this cluster (a second call on one URL: a second node). */
    public JdbcStore open(String url) {
        return PostgresStore.open(url, user(), "", 8);
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            // the hook runs anyway
        }
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            pg("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        } catch (RuntimeException e) {
            System.err.println("PostgreSQL did not stop: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }

    /** Runs a PostgreSQL program as the cluster's user. */
    private void pg(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        run(command, dir);
    }

    private static void run(List<String> command, Path dir) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("commands.log").toFile().exists()
                            ? ProcessBuilder.Redirect.appendTo(dir.resolve("commands.log").toFile())
                            : ProcessBuilder.Redirect.to(dir.resolve("commands.log").toFile()))
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("Timed out: " + command);
            }
            if (p.exitValue() != 0) {
                String log = Files.readString(dir.resolve("commands.log"));
                Path server = dir.resolve("log");
                if (Files.exists(server)) {
                    log += "\n" + Files.readString(server);
                }
                throw new IllegalStateException("Failed (" + p.exitValue() + "): " + command + "\n" + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + command, e);
        }
    }
}
