package io.anbefal.cli;

import io.anbefal.AnbefalServer;
import io.anbefal.bench.LoadGenerator;
import io.anbefal.bench.LoadGenerator.Result;
import io.anbefal.bench.PropagationProbe;
import io.anbefal.store.Database;
import io.anbefal.tenant.Passwords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * {@code anbefal bench-cluster --database URL}: nodes on one shared PostgreSQL, in this process. First the
 * propagation: an update acknowledged by node A, the time until node B's recommend reflects it (p50, p99). Then
 * throughput, in the same run: single updates, events in 100-event batches and recommends per second against one
 * node, then against two nodes sharing the database (the load split over both), and one node on H2 as the baseline.
 * It writes a new service into the database: give it an empty database.
 */
@Command(name = "bench-cluster", mixinStandardHelpOptions = true,
        description = "Measure nodes sharing one PostgreSQL: propagation between two nodes and throughput of one node"
                + " against two (loopback; creates a service in the database given: use an empty one).")
public final class ClusterBenchCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--database", required = true, paramLabel = "URL", description = "jdbc:postgresql://HOST/DB")
    String database;

    @Option(names = "--db-user", defaultValue = "anbefal", description = "Database user (default: ${DEFAULT-VALUE}).")
    String dbUser;

    @Option(names = "--db-password-file", paramLabel = "FILE", description = "The user's password (first line).")
    Path dbPasswordFile;

    @Option(names = "--updates", defaultValue = "10000", description = "Updates timed for the propagation (default: ${DEFAULT-VALUE}).")
    int updates;

    @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds per throughput scenario (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", defaultValue = "3", description = "Warm-up seconds per scenario (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--connections", defaultValue = "32", description = "Concurrent connections in all (default: ${DEFAULT-VALUE}).")
    int connections;

    @Override
    public Integer call() throws Exception {
        Database pg = new Database(database, dbUser, dbPasswordFile);
        String service = "cbench" + Long.toString(System.currentTimeMillis(), 36);
        String password = Passwords.generate();
        String auth = "Basic " + java.util.Base64.getEncoder().encodeToString((service + ":" + password).getBytes());
        List<String> lines = new ArrayList<>();
        try (AnbefalServer a = node(pg); AnbefalServer b = node(pg)) {
            a.anbefal().services().add(service, service, password, List.of());
            String urlA = "http://127.0.0.1:" + a.port();
            String urlB = "http://127.0.0.1:" + b.port();
            System.out.printf("Propagation: %,d updates acknowledged by node A, each until node B's recommend shows it%n",
                    updates);
            PropagationProbe probe = new PropagationProbe(service, auth);
            probe.run(urlA, urlB, Math.min(500, updates), 5_000); // warm-up
            PropagationProbe.Result p = probe.run(urlA, urlB, updates, 5_000);
            lines.add(String.format("propagation A -> B over %,d updates: p50 %.1f ms, p99 %.1f ms, max %.1f ms,"
                    + " %d over 5 s", p.samples(), p.p50Micros() / 1000.0, p.p99Micros() / 1000.0,
                    p.maxMicros() / 1000.0, p.timeouts()));
            System.out.println(lines.getLast());

            List<Result> one = scenarios("PostgreSQL, 1 node", List.of(a), service, auth);
            List<Result> two = scenarios("PostgreSQL, 2 nodes", List.of(a, b), service, auth);
            List<Result> h2;
            Path dir = Files.createTempDirectory("anbefal-cbench-h2");
            try (AnbefalServer h = AnbefalServer.start(new AnbefalServer.Settings("127.0.0.1", 0, -1, dir, 1 << 20,
                    false, 0))) {
                h.anbefal().services().add(service, service, password, List.of());
                h2 = scenarios("H2, 1 node", List.of(h), service, auth);
            }
            System.out.printf("%n%-52s %12s %12s%n", "scenario", "requests/s", "events/s");
            for (List<Result> rs : List.of(h2, one, two)) {
                for (Result r : rs) {
                    long events = r.name().contains("100-event") ? 100 : r.name().contains("update") ? 1 : 0;
                    System.out.printf("%-52s %12.0f %12s%n", r.name(), r.perSecond(),
                            events == 0 ? "-" : String.format("%.0f", r.perSecond() * events));
                }
            }
            System.out.println();
            for (int i = 0; i < one.size(); i++) {
                System.out.printf("%s: 2 nodes / 1 node %.2f, PostgreSQL / H2 %.2f%n", one.get(i).name()
                        .replace("PostgreSQL, 1 node: ", ""), two.get(i).perSecond() / one.get(i).perSecond(),
                        one.get(i).perSecond() / h2.get(i).perSecond());
            }
            System.out.println(lines.getFirst());
        }
        return 0;
    }

    private static AnbefalServer node(Database pg) throws java.io.IOException {
        Path dir = Files.createTempDirectory("anbefal-cbench");
        return AnbefalServer.start(new AnbefalServer.Settings("127.0.0.1", 0, -1, dir, 1 << 20, false, 0, false, pg));
    }

    /** The three scenarios, the connections split evenly over the nodes (their results summed). */
    private List<Result> scenarios(String label, List<AnbefalServer> nodes, String service, String auth)
            throws InterruptedException {
        List<Result> results = new ArrayList<>();
        results.add(split(label + ": update, single", nodes, i -> LoadGenerator.request("POST", "/recapi/1.0/update",
                auth, "{\"service\":\"" + service + "\",\"updates\":[{\"customer\":\"s" + Math.floorMod(i, 50_000)
                        + "\",\"entityIDs\":[\"i" + Math.floorMod(i * 7919, 5000) + "\"],\"what\":\"BROWSE\"}]}")));
        results.add(split(label + ": update, 100-event batches", nodes, i -> {
            StringBuilder body = new StringBuilder("{\"service\":\"" + service + "\",\"updates\":[");
            for (int k = 0; k < 100; k++) {
                int n = i * 100 + k;
                body.append(k == 0 ? "" : ",").append("{\"customer\":\"c").append(Math.floorMod(n * 7919, 20_000))
                        .append("\",\"entityIDs\":[\"i").append(Math.floorMod(n * 31, 5000)).append("\"],\"what\":\"BROWSE\"}");
            }
            return LoadGenerator.request("POST", "/recapi/1.0/update", auth, body.append("]}").toString());
        }));
        results.add(split(label + ": recommend, ItemToItem num 10", nodes, i -> LoadGenerator.request("GET",
                "/recapi/1.0/recommend/" + service + "/ItemToItemRecommender/i" + Math.floorMod(i * 31, 5000) + "/10",
                auth, null)));
        return results;
    }

    private Result split(String name, List<AnbefalServer> nodes, IntFunction<byte[]> build) throws InterruptedException {
        IntFunction<byte[]> request = precomputed(build);
        List<CompletableFuture<Result>> parts = new ArrayList<>();
        for (AnbefalServer node : nodes) {
            LoadGenerator load = new LoadGenerator("127.0.0.1", node.port());
            parts.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return load.run(name, Math.max(1, connections / nodes.size()), warmup, seconds, request);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        long requests = 0;
        long errors = 0;
        double secs = 0;
        for (CompletableFuture<Result> f : parts) {
            Result r = f.join();
            requests += r.requests();
            errors += r.errors();
            secs = Math.max(secs, r.seconds());
        }
        Result sum = new Result(name, requests, errors, secs, 0, 0);
        System.out.printf("%-52s %10.0f requests/s (%d errors)%n", name, sum.perSecond(), errors);
        return sum;
    }

    private static IntFunction<byte[]> precomputed(IntFunction<byte[]> build) {
        byte[][] requests = new byte[4096][];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = build.apply(i * 31 + 7);
        }
        return i -> requests[Math.floorMod(i, requests.length)];
    }
}
