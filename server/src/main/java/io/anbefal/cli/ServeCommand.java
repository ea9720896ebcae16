package io.anbefal.cli;

import io.anbefal.AnbefalServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code anbefal serve}: runs the API (and the demo shop) until stopped. Its settings come from the flags, then
 * {@code ANBEFAL_*} environment variables, then the {@code --config} file, then the defaults ({@link ServeConfig},
 * docs/configuration.md).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the recommender API and the demo shop until stopped (Ctrl-C). Flags override ANBEFAL_*"
                + " environment variables, which override the --config file (docs/configuration.md).")
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    StoreOptions where = new StoreOptions();

    @Option(names = "--port", description = "API port (default: 8080; anbefal.port).")
    Integer port;

    @Option(names = "--shop-port", description = "Demo shop port (default: 8081; anbefal.shop-port).")
    Integer shopPort;

    @Option(names = "--host", description = "Address to listen on (default: 0.0.0.0; anbefal.host).")
    String host;

    @Option(names = "--max-body",
            description = "Largest request body in bytes; larger ones get 413 (default: 1048576; anbefal.max-body).")
    Long maxBody;

    @Option(names = "--no-demo", description = "Do not create, seed or serve the demo shop (anbefal.demo: false).")
    boolean noDemo;

    @Option(names = "--snapshot-every", paramLabel = "UPDATES",
            description = "Write the model snapshot after this many learnt updates, so that a start after a crash"
                    + " replays at most about that many; 0: only on a clean stop (default: "
                    + AnbefalServer.Settings.SNAPSHOT_EVERY + "; anbefal.snapshot-every).")
    Long snapshotEvery;

    @Option(names = "--access-log", description = "Log every request in the common log format (logger"
            + " io.helidon.webserver.AccessLog); off by default (anbefal.access-log).")
    boolean accessLog;

    /** The settings these flags, that environment and the configuration file give. */
    AnbefalServer.Settings settings(Map<String, String> env) {
        Map<String, String> flags = new LinkedHashMap<>();
        put(flags, "port", port);
        put(flags, "shop-port", shopPort);
        put(flags, "host", host);
        put(flags, "max-body", maxBody);
        put(flags, "snapshot-every", snapshotEvery);
        if (noDemo) {
            flags.put("demo", "false");
        }
        if (accessLog) {
            flags.put("access-log", "true");
        }
        return where.settings(env, flags);
    }

    private static void put(Map<String, String> flags, String key, Object value) {
        StoreOptions.put(flags, key, value);
    }

    @Override
    public Integer call() throws Exception {
        AnbefalServer.Settings settings = settings(System.getenv());
        AnbefalServer server;
        try {
            server = AnbefalServer.start(settings);
        } catch (AnbefalServer.ListenException | io.anbefal.store.StoreException e) {
            System.err.println("anbefal serve: " + e.getMessage());
            return 1;
        }
        Path dir = settings.dataDir();
        System.out.println("Anbefal API listening on http://localhost:" + server.port() + "/ (data in "
                + settings.database().describe(dir) + ")");
        if (settings.demo()) {
            System.out.println("Demo service credentials: " + dir.resolve(AnbefalServer.DEMO_CREDENTIALS).toAbsolutePath().normalize());
        }
        server.awaitShutdown();
        return 0;
    }
}
