package io.anbefal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.anbefal.app.Anbefal;
import io.anbefal.app.BrowserTrust;
import io.anbefal.app.Telemetry;
import io.anbefal.app.Update;
import io.anbefal.demo.DemoSeed;
import io.anbefal.demo.DemoShop;
import io.anbefal.demo.SeedEvent;
import io.anbefal.http.Payloads;
import io.anbefal.http.Protocol;
import io.anbefal.http.sannsyn.RecApiService;
import io.anbefal.engine.Engine;
import io.anbefal.engine.ScoringEngine;
import io.anbefal.http.Routes;
import io.anbefal.ops.Ops;
import io.anbefal.ops.RouteTable;
import io.anbefal.store.H2Store;
import io.anbefal.store.Store;
import io.anbefal.tenant.CustomerSignatures;
import io.anbefal.tenant.Passwords;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A running Anbefal node: the store, the engine, the application and the HTTP listeners, wired in that order.
 * Tests start it the same way {@code bin/anbefal serve} does.
 */
public final class AnbefalServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AnbefalServer.class.getName());

    /** The name of the demo shop's listener. */
    public static final String SHOP_SOCKET = "shop";
    /** The service created on the first start of an empty data directory. */
    public static final String DEMO_SERVICE = "demo";
    /** Where that service's generated credentials are written, in the data directory. */
    public static final String DEMO_CREDENTIALS = "demo-credentials.txt";
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
     */
    public record Settings(String host, int port, int shopPort, Path dataDir, long maxBodyBytes, boolean demo,
                           long snapshotEvery, boolean accessLog) {
        /** Updates learnt between two model snapshots by default. */
        public static final long SNAPSHOT_EVERY = 250_000;

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
        Store store = H2Store.open(settings.dataDir());
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
            anbefal = app;
            ops.bind(app, store, RouteTable.of(r -> Routes.api(r, app, settings.maxBodyBytes())));
            int apiPort = settings.port() == 0 && settings.shopPort() >= 0 ? freePort() : settings.port();
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
            if (settings.shopPort() >= 0) {
                DemoShop shop = new DemoShop(new DemoShop.Settings("http://localhost:" + apiPort, DEMO_SERVICE,
                        () -> demoStats(app), euid -> demoSignature(app, euid)));
                builder.putSocket(SHOP_SOCKET, socket -> socket.host(settings.host()).port(settings.shopPort()))
                        .routing(SHOP_SOCKET, shop::routing);
            }
            // listen first (a taken port fails here, before any replay), answering 503 until the engine is ready
            server = builder.build().start();
            listening(server, settings.host(), apiPort, settings.shopPort());
            boolean restored = app.start(snapshot, settings.snapshotEvery());
            AnbefalServer node = new AnbefalServer(store, app, server, restored);
            if (fresh && settings.demo()) {
                node.createDemoService(settings, server.port(SHOP_SOCKET));
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
            if (Files.exists(file)) {
                byte[] key = HexFormat.of().parseHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
                if (key.length >= 16) {
                    return key;
                }
                LOG.log(System.Logger.Level.WARNING, "{0} holds too short a key: making a new one", file);
            }
            byte[] key = BrowserTrust.newKey();
            Path tmp = dataDir.resolve(VISITOR_KEY + ".tmp");
            Files.writeString(tmp, HexFormat.of().formatHex(key) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the file stays with default permissions
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return key;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot read or create the visitor key " + file + ": " + e.getMessage(), e);
        }
    }

    /** The demo shop's signature of a customer id: the demo service is in signed mode (its crec.secret). */
    private static String demoSignature(Anbefal anbefal, String euid) {
        String secret = anbefal.services().find(DEMO_SERVICE).map(a -> a.settings().get(CustomerSignatures.SECRET))
                .orElse(null);
        return secret == null ? null : CustomerSignatures.hex(secret, euid);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }

    private static String demoStats(Anbefal anbefal) {
        try {
            return Payloads.JSON.writeValueAsString(RecApiService.statsBody(DEMO_SERVICE, 0, Long.MAX_VALUE,
                    anbefal.stats(anbefal.service(DEMO_SERVICE), 0, Long.MAX_VALUE)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates the demo service, writes its credentials, and seeds it with the demo shop's generated history. */
    private void createDemoService(Settings settings, int shopPort) {
        int shop = shopPort > 0 ? shopPort : 8081;
        String password = Passwords.generate();
        anbefal.services().add(DEMO_SERVICE, DEMO_SERVICE, password,
                List.of("http://localhost:" + shop, "http://127.0.0.1:" + shop));
        // signed mode, as a shop should run: the shop signs its customers' ids (demoSignature)
        anbefal.configure(anbefal.service(DEMO_SERVICE), CustomerSignatures.SECRET, Passwords.generate());
        Path file = settings.dataDir().resolve(DEMO_CREDENTIALS);
        try {
            Files.writeString(file, "service=" + DEMO_SERVICE + "\nuser=" + DEMO_SERVICE + "\npassword=" + password + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the file stays with default permissions
        }
        LOG.log(System.Logger.Level.INFO, "Created the demo service; its credentials are in {0}", file.toAbsolutePath());
        long now = System.currentTimeMillis();
        List<SeedEvent> seed = new ArrayList<>(DemoSeed.catalogFacts(now));
        seed.addAll(DemoSeed.history(now));
        for (int from = 0; from < seed.size(); from += 1000) {
            List<Update> chunk = new ArrayList<>();
            for (SeedEvent e : seed.subList(from, Math.min(seed.size(), from + 1000))) {
                chunk.add(new Update(e.customer(), e.entityIDs(), e.what(), "web", null, e.tags(), e.timeMillis(),
                        null, null, null));
            }
            anbefal.update(anbefal.service(DEMO_SERVICE), chunk, null);
        }
        LOG.log(System.Logger.Level.INFO, "Seeded the demo service with {0} generated updates", seed.size());
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
