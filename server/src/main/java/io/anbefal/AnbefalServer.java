package io.anbefal;

import io.anbefal.app.Anbefal;
import io.anbefal.app.BrowserTrust;
import io.anbefal.app.Telemetry;
import io.anbefal.engine.Engine;
import io.anbefal.engine.ScoringEngine;
import io.anbefal.http.Protocol;
import io.anbefal.http.Routes;
import io.anbefal.ops.Ops;
import io.anbefal.ops.RouteTable;
import io.anbefal.store.H2Store;
import io.anbefal.store.Store;
import io.anbefal.tenant.Services;
import io.helidon.webserver.WebServer;
import sun.misc.Signal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;

/**
 * A running Anbefal node: the store, the engine, the application and the HTTP listeners, wired in that order; and
 * beside the API, the {@link Demo} that the class path supplies, if any. Tests start it the same way
 * {@code bin/anbefal serve} does.
 */
public final class AnbefalServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AnbefalServer.class.getName());

    /** The name of the demo shop's listener. */
    public static final String SHOP_SOCKET = "shop";
    /** The service the demo creates on the first start of an empty data directory. */
    public static final String DEMO_SERVICE = Demo.SERVICE;
    /** Where that service's generated credentials are written, in the data directory. */
    public static final String DEMO_CREDENTIALS = Demo.CREDENTIALS;
    /**
     * The engine's model snapshot in the data directory: written on close and every {@link Settings#snapshotEvery}
     * updates; a start reads it and replays only the log after it.
     */
    public static final String SNAPSHOT = "engine.snapshot";
    /**
     * The installation's key for the visitor ids it issues (each carries a MAC made with it), in the data
     * directory; created on the first start. Losing it only makes browsers get new visitor ids.
     */
    public static final String VISITOR_KEY = "visitor.key";

    /**
     * How to run.
     *
     * @param host         the address to listen on
     * @param port         the API port (0: any free port)
     * @param shopPort     the demo shop's port (0: any free port; -1: no shop listener)
     * @param dataDir      where the database lives
     * @param maxBodyBytes the largest request body accepted (413 above)
     * @param demo         whether to create and seed the demo service on the first start
     * @param snapshotEvery write the model snapshot after this many learnt updates while running (0: only on a
     *                      clean stop); bounds what a start after a crash replays
     * @param accessLog    whether every request is logged in the common log format (docs/operations.md)
     * @param database     the database: the embedded H2 file in {@code dataDir}, or a shared PostgreSQL
     */
    public record Settings(String host, int port, int shopPort, Path dataDir, long maxBodyBytes, boolean demo,
                           long snapshotEvery, boolean accessLog, io.anbefal.store.Database database,
                           java.time.Duration retentionEvery) {
        /** Updates learnt between two model snapshots by default. */
        public static final long SNAPSHOT_EVERY = 250_000;
        /** How often the retention passes run by default ({@link io.anbefal.app.Retention}). */
        public static final java.time.Duration RETENTION_EVERY = java.time.Duration.ofHours(1);

        public Settings(String host, int port, int shopPort, Path dataDir, long maxBodyBytes, boolean demo,
                        long snapshotEvery, boolean accessLog, io.anbefal.store.Database database) {
            this(host, port, shopPort, dataDir, maxBodyBytes, demo, snapshotEvery, accessLog, database,
                    RETENTION_EVERY);
        }

        public Settings(String host, int port, int shopPort, Path dataDir, long maxBodyBytes, boolean demo,
                        long snapshotEvery, boolean accessLog) {
            this(host, port, shopPort, dataDir, maxBodyBytes, demo, snapshotEvery, accessLog,
                    io.anbefal.store.Database.EMBEDDED);
        }

        public Settings(String host, int port, int shopPort, Path dataDir, long maxBodyBytes, boolean demo,
                        long snapshotEvery) {
            this(host, port, shopPort, dataDir, maxBodyBytes, demo, snapshotEvery, false);
        }

        public Settings(String host, int port, int shopPort, Path dataDir, long maxBodyBytes, boolean demo) {
            this(host, port, shopPort, dataDir, maxBodyBytes, demo, SNAPSHOT_EVERY);
        }

        /** Defaults for tests: loopback, any free port, no shop. */
        public static Settings forTest(Path dataDir) {
            return new Settings("127.0.0.1", 0, -1, dataDir, 1 << 20, false);
        }
    }

    /** The demo on the class path ({@code META-INF/services/io.anbefal.Demo}), if any. */
    private static final Optional<Demo> DEMO = ServiceLoader.load(Demo.class).findFirst();

    private final Store store;
    private final Anbefal anbefal;
    private final WebServer server;
    private final boolean restored;
    private boolean closed;

    private AnbefalServer(Store store, Anbefal anbefal, WebServer server, boolean restored) {
        this.store = store;
        this.anbefal = anbefal;
        this.server = server;
        this.restored = restored;
    }

    /** Whether the engine came from the model snapshot rather than from replaying the log. */
    public boolean restoredFromSnapshot() {
        return restored;
    }

    /**
     * Opens the data directory, starts listening, and brings the engine up to date (from the model snapshot a
     * clean close wrote, when it matches the log; otherwise by replaying the log); returns once it is. Meanwhile
     * readiness ({@code /observe/health/ready}) is DOWN and the API answers 503 (see {@link Ops}).
     */
    public static AnbefalServer start(Settings settings) {
        return start(settings, Telemetry.NONE);
    }

    /** Starts with {@code also} told what the node's own telemetry is told (for embedding, and tests). */
    public static AnbefalServer start(Settings settings, Telemetry also) {
        Store store = settings.database().open(settings.dataDir());
        WebServer server = null;
        Anbefal anbefal = null;
        try {
            Services services = new Services(store);
            boolean fresh = store.services().isEmpty();
            Engine engine = new ScoringEngine();
            Path snapshot = settings.dataDir().resolve(SNAPSHOT);
            Ops ops = new Ops(new Ops.Settings(settings.accessLog(), snapshot));
            Anbefal app = new Anbefal(store, engine, services, visitorKey(settings.dataDir()),
                    Telemetry.both(ops.telemetry(), also));
            app.settingsCheck(new io.anbefal.app.SettingsCheck(io.anbefal.kibo.KiboSettings::problems,
                io.anbefal.miso.MisoSettings::problems));
            anbefal = app;
            ops.bind(app, store, RouteTable.of(r -> Routes.api(r, app, settings.maxBodyBytes())));
            // the shop listener serves the demo's shop: none without a demo
            int shopPort = DEMO.isPresent() ? settings.shopPort() : -1;
            if (settings.shopPort() >= 0 && DEMO.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "No demo shop on the class path: no shop listener");
            }
            int apiPort = settings.port() == 0 && shopPort >= 0 ? freePort() : settings.port();
            var builder = WebServer.builder()
                    .host(settings.host())
                    .port(apiPort)
                    .shutdownHook(false)
                    .directHandlers(Protocol.directHandlers())
                    .errorHandling(e -> e.includeEntity(true))
                    .routing(r -> {
                        ops.routing(r);
                        Routes.api(r, app, settings.maxBodyBytes());
                    });
            ops.features(builder);
            if (shopPort >= 0) {
                builder.putSocket(SHOP_SOCKET, socket -> socket.host(settings.host()).port(shopPort))
                        .routing(SHOP_SOCKET, r -> DEMO.get().shop(r, app, apiPort));
            }
            // listen first (a taken port fails here, before any replay), answering 503 until the engine is ready
            server = builder.build().start();
            listening(server, settings.host(), apiPort, shopPort);
            boolean restored = app.start(snapshot, settings.snapshotEvery());
            // the first pass a little after the start (at most a minute), then one per interval
            app.retention().start(settings.retentionEvery(),
                    settings.retentionEvery().compareTo(java.time.Duration.ofMinutes(1)) <= 0);
            AnbefalServer node = new AnbefalServer(store, app, server, restored);
            for (var account : store.services()) { // stored before the check: served, logged, and in servicestatus
                for (String problem : app.settingsCheck().problems(account.settings())) {
                    LOG.log(System.Logger.Level.WARNING, "Service {0}: invalid setting: {1}", account.name(), problem);
                }
            }
            if (fresh && settings.demo() && DEMO.isPresent()) {
                DEMO.get().create(app, settings.dataDir(), server.port(SHOP_SOCKET));
            }
            return node;
        } catch (RuntimeException e) {
            if (server != null && server.isRunning()) {
                server.stop();
            }
            if (anbefal != null) {
                anbefal.close();
            }
            store.close();
            throw e;
        }
    }

    /** The server could not listen where it was told to (a port in use, an address not of this host). */
    public static final class ListenException extends RuntimeException {
        ListenException(String message) {
            super(message);
        }
    }

    /**
     * Helidon logs a listener that cannot bind and carries on without it (its port then reads -1): stop it and
     * say which address failed and why, instead of serving nothing.
     */
    private static void listening(WebServer server, String host, int apiPort, int shopPort) {
        boolean shop = shopPort >= 0;
        if (server.isRunning() && server.port() >= 0 && (!shop || server.port(SHOP_SOCKET) >= 0)) {
            return;
        }
        if (server.isRunning()) {
            server.stop();
        }
        // Helidon's API does not say which listener failed or why: try each address once more
        String failed = cannotBind(host, apiPort, "the API (--port)");
        if (failed == null && shop) {
            failed = cannotBind(host, shopPort, "the demo shop (--shop-port, or --no-demo)");
        }
        throw new ListenException(failed != null ? failed : "cannot listen on " + host + ":" + apiPort
                + (shop ? " and " + shopPort : "") + ": the web server did not start (see its log above)");
    }

    /** Why binding to host:port fails, or null when it works now. */
    private static String cannotBind(String host, int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new java.net.InetSocketAddress(host, port));
            return null;
        } catch (IOException e) {
            return "cannot listen on " + host + ":" + port + " for " + what + ": " + e.getMessage()
                    + " (is another server running on port " + port + "?)";
        }
    }

    /** The visitor-id key of the data directory, created (owner-readable only) when there is none. */
    static byte[] visitorKey(Path dataDir) {
        Path file = dataDir.resolve(VISITOR_KEY);
        try {
            Files.createDirectories(dataDir); // with a shared PostgreSQL nothing else creates it
            boolean existed = Files.exists(file);
            if (existed) {
                byte[] key = HexFormat.of().parseHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
                if (key.length >= 16) {
                    return key;
                }
                LOG.log(System.Logger.Level.WARNING, "{0} holds too short a key: making a new one", file);
            }
            byte[] key = BrowserTrust.newKey();
            // a name of this process's own: nodes sharing the directory may start at the same time
            Path tmp = dataDir.resolve(VISITOR_KEY + "." + ProcessHandle.current().pid() + ".tmp");
            Files.writeString(tmp, HexFormat.of().formatHex(key) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the file stays with default permissions
            }
            if (!existed) {
                try {
                    Files.createLink(file, tmp); // fails where another node made the key first: then its key
                    Files.delete(tmp);
                    return key;
                } catch (java.nio.file.FileAlreadyExistsException other) {
                    Files.delete(tmp);
                    return visitorKey(dataDir);
                } catch (UnsupportedOperationException noLinks) {
                    // no hard links here: the move below
                }
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return key;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot read or create the visitor key " + file + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }

    /** The shop listener's port, or -1 when there is none. */
    public int shopPort() {
        return server.port(SHOP_SOCKET);
    }

    public int port() {
        return server.port();
    }

    public Anbefal anbefal() {
        return anbefal;
    }

    /**
     * Blocks until the process is asked to stop (SIGTERM, SIGINT, SIGHUP), then closes: the model snapshot and the
     * file compaction need the database, and H2 closes it in a shutdown hook of its own, which would run alongside
     * ours; so the signals are taken here, before the JVM starts its shutdown hooks. Other exits still close
     * through a shutdown hook, as far as H2 lets them.
     */
    public void awaitShutdown() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        for (String signal : List.of("TERM", "INT", "HUP")) {
            try {
                Signal.handle(new Signal(signal), s -> stop.countDown());
            } catch (IllegalArgumentException e) {
                // a signal this platform does not have
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "anbefal-shutdown"));
        stop.await();
        close();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server.isRunning()) {
            server.stop();
        }
        anbefal.close();
        store.close();
    }
}
