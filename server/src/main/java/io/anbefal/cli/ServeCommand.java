package io.anbefal.cli;

import io.anbefal.AnbefalServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code anbefal serve}: runs the API (and the demo shop) until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the recommender API and the demo shop until stopped (Ctrl-C).")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "API port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--shop-port", defaultValue = "8081", description = "Demo shop port (default: ${DEFAULT-VALUE}).")
    int shopPort;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--data", defaultValue = "./data", description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--max-body", defaultValue = "1048576",
            description = "Largest request body in bytes; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    long maxBody;

    @Option(names = "--no-demo", description = "Do not create, seed or serve the demo shop.")
    boolean noDemo;

    @Option(names = "--snapshot-every", defaultValue = "" + AnbefalServer.Settings.SNAPSHOT_EVERY, paramLabel = "UPDATES",
            description = "Write the model snapshot after this many learnt updates, so that a start after a crash"
                    + " replays at most about that many; 0: only on a clean stop (default: ${DEFAULT-VALUE}).")
    long snapshotEvery;

    @Option(names = "--access-log", description = "Log every request in the common log format (logger"
            + " io.helidon.webserver.AccessLog); off by default.")
    boolean accessLog;

    @Override
    public Integer call() throws Exception {
        AnbefalServer server = AnbefalServer.start(new AnbefalServer.Settings(host, port, noDemo ? -1 : shopPort,
                data, maxBody, !noDemo, snapshotEvery, accessLog));
        System.out.println("Anbefal API listening on http://localhost:" + server.port() + "/ (data in "
                + data.toAbsolutePath().normalize() + ")");
        if (!noDemo) {
            System.out.println("Demo service credentials: " + data.resolve(AnbefalServer.DEMO_CREDENTIALS).toAbsolutePath().normalize());
        }
        server.awaitShutdown();
        return 0;
    }
}
