package io.anbefal.cli;

import io.anbefal.AnbefalServer;
import io.anbefal.store.H2Store;
import io.anbefal.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code anbefal erase --service S --customer ID... --visitor ID...}: erases persons from the store. On the embedded
 * H2 file it refuses a data directory whose server runs (erase through its API then, {@code POST
 * /recapi/1.0/erase} or {@code DELETE /v1/interactions}). On a shared PostgreSQL the erasure is an entry of the
 * log: every running node forgets the persons and learns the service anew from what the log still holds.
 */
@Command(name = "erase", mixinStandardHelpOptions = true,
        description = {"Erase persons (a customer id or visitor id, and every id linked to it) from a service's stored"
                + " data: updates, bulk-loaded blocks, links, user records; the model snapshot of the data directory"
                + " is deleted, so the next start learns from what is left.",
                "On the embedded H2 file the server must be stopped; while it runs, use POST /recapi/1.0/erase"
                        + " (docs/api.md). On a shared PostgreSQL (--database) running nodes erase too, from the log."})
public final class EraseCommand implements Callable<Integer> {

    @Option(names = "--service", required = true, description = "The service to erase from.")
    String service;

    @Option(names = "--customer", paramLabel = "ID", description = "A customer id to erase (repeatable).")
    List<String> customers = List.of();

    @Option(names = "--visitor", paramLabel = "ID", description = "A visitor id (ssasid) to erase (repeatable).")
    List<String> visitors = List.of();

    @Mixin
    StoreOptions where = new StoreOptions();

    @Override
    public Integer call() throws IOException {
        if (customers.isEmpty() && visitors.isEmpty()) {
            System.err.println("Name at least one --customer or --visitor to erase.");
            return 2;
        }
        AnbefalServer.Settings settings = where.settings();
        Path data = settings.dataDir();
        boolean shared = !settings.database().embedded();
        String running = shared ? null : runningServer(data);
        if (running != null) {
            System.err.println("A server holds " + data.toAbsolutePath().normalize() + " (" + running + "): its model"
                    + " would keep the persons. Erase through its API instead: POST /recapi/1.0/erase.");
            return 3;
        }
        try (Store store = settings.database().open(data)) {
            if (store.service(service).isEmpty()) {
                System.err.println("No service " + service + " in " + settings.database().describe(data));
                return 2;
            }
            Store.Erasure erased = store.erase(service, customers, visitors);
            Files.deleteIfExists(data.resolve(AnbefalServer.SNAPSHOT));
            System.out.printf("Erased %d ids of service %s: %d updates, %d links. %s%n", erased.persons().size(),
                    service, erased.updates(), erased.links(), shared
                            ? "Running nodes forget them, learn the service anew from the log and delete their"
                            + " model snapshots; a stopped node's snapshot holds them until its next start replays"
                            + " the log (delete it by hand)."
                            : "The model snapshot is deleted; the next start replays the log.");
        }
        return 0;
    }

    /**
     * The address of the process that holds the database open, from H2's lock file ({@code server=host:port} of
     * AUTO_SERVER), when something answers there; null when the database is closed or its lock is stale.
     */
    static String runningServer(Path data) {
        Path lock = data.resolve(H2Store.DATABASE + ".lock.db");
        if (!Files.exists(lock)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(lock)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return "its lock file " + lock + " cannot be read: " + e.getMessage();
        }
        String server = p.getProperty("server");
        if (server == null || server.lastIndexOf(':') < 0) {
            return null;
        }
        int colon = server.lastIndexOf(':');
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1))), 1000);
            return "its database server answers at " + server;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }
}
