package io.anbefal.cli;

import io.anbefal.AnbefalServer;
import io.anbefal.bench.LoadGenerator;
import io.anbefal.app.Update;
import io.anbefal.bench.LoadGenerator.Result;
import io.anbefal.tenant.Passwords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;

/**
 * {@code anbefal bench}: starts a server on a fresh data directory and measures, in one run and against that one
 * server: single-update requests per second, events per second in 100-event batches (each answered only after its
 * commit), recommend requests per second, and a trivial endpoint of the same server as the ceiling.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the HTTP API's throughput on this machine (loopback, fresh data directory).")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds per scenario (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", defaultValue = "3", description = "Warm-up seconds per scenario (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--connections", defaultValue = "32", description = "Concurrent keep-alive connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--items", defaultValue = "5000", description = "Distinct items in the generated traffic (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--pairs", defaultValue = "7",
            description = "Rounds of the ceiling and each recommend scenario in turn, for paired ratios; 0 skips (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--model-events", defaultValue = "500000",
            description = "Events the model holds before the recommend scenarios, topped up in process (default: ${DEFAULT-VALUE}).")
    long modelEvents;

    @Option(names = "--database", paramLabel = "URL", description = "Run on this PostgreSQL (jdbc:postgresql://HOST/DB,"
            + " an empty database: the benchmark writes to it) instead of a fresh H2 file.")
    String database;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "anbefal", description = "The database user"
            + " (default: ${DEFAULT-VALUE}).")
    String dbUser;

    @Option(names = "--db-password-file", paramLabel = "FILE", description = "A file whose first line is its password.")
    Path dbPasswordFile;

    private long pairErrors;

    @Override
    public Integer call() throws Exception {
        List<Result> results = run(new io.anbefal.store.Database(database, dbUser, dbPasswordFile));
        print(results);
        return results.stream().anyMatch(r -> r.errors() > 0) || pairErrors > 0 ? 1 : 0;
    }

    /**
     * Runs every scenario on a server over that database (and a fresh temporary data directory), then the paired
     * ratios (printed as they come).
     */
    public List<Result> run(io.anbefal.store.Database db) throws Exception {
        Path dir = Files.createTempDirectory("anbefal-bench");
        String password = Passwords.generate();
        List<Result> results = new ArrayList<>();
        try (AnbefalServer server = AnbefalServer.start(new AnbefalServer.Settings("127.0.0.1", 0, -1, dir, 1 << 20,
                false, AnbefalServer.Settings.SNAPSHOT_EVERY, false, db))) {
            server.anbefal().services().add("bench", "bench", password, List.of());
            String auth = "Basic " + java.util.Base64.getEncoder().encodeToString(("bench:" + password).getBytes());
            LoadGenerator load = new LoadGenerator("127.0.0.1", server.port());
            System.out.printf("Anbefal HTTP benchmark: %d connections, %.0f s warm-up + %.0f s per scenario, data in %s%n",
                    connections, warmup, seconds, db.describe(dir));

            results.add(load.run("update, 100-event batches", connections, warmup, seconds, precomputed(i -> {
                StringBuilder body = new StringBuilder("{\"service\":\"bench\",\"updates\":[");
                for (int k = 0; k < 100; k++) {
                    int n = i * 100 + k;
                    body.append(k == 0 ? "" : ",").append("{\"customer\":\"c").append(Math.floorMod(n * 7919, 20_000))
                            .append("\",\"entityIDs\":[\"i").append(item(n)).append("\"],\"what\":\"")
                            .append(n % 10 == 0 ? "PURCHASE" : "BROWSE").append("\"}");
                }
                return LoadGenerator.request("POST", "/recapi/1.0/update", auth, body.append("]}").toString());
            })));
            results.add(load.run("update, single", connections, warmup, seconds, precomputed(i -> LoadGenerator.request("POST",
                    "/recapi/1.0/update", auth, "{\"service\":\"bench\",\"updates\":[{\"customer\":\"s" + Math.floorMod(i, 50_000)
                            + "\",\"entityIDs\":[\"i" + item(i) + "\"],\"what\":\"BROWSE\"}]}"))));
            long topUp = topUp(server, modelEvents);
            if (topUp > 0) {
                System.out.printf("%nadded %,d events in process (the same traffic), so that the recommend scenarios"
                        + " read a model of %,d events whatever the update scenarios managed%n", topUp, modelEvents);
            }
            IntFunction<byte[]> health = i -> LoadGenerator.request("GET", "/health", null, null);
            IntFunction<byte[]> itemToItem = precomputed(i -> LoadGenerator.request("GET",
                    "/recapi/1.0/recommend/bench/ItemToItemRecommender/i" + item(i) + "/10", auth, null));
            IntFunction<byte[]> personal = precomputed(i -> LoadGenerator.request("POST",
                    "/recapi/1.0/recommend", auth, "{\"service\":\"bench\",\"recommender\":\"ProductForCustomerRecommender\","
                            + "\"externalIds\":[\"c" + Math.floorMod(i * 7919, 20_000) + "\"],\"num\":10}"));
            results.add(load.run("ceiling: GET /health", connections, warmup, seconds, health));
            results.add(load.run("recommend, ItemToItem num 10", connections, warmup, seconds, itemToItem));
            results.add(load.run("recommend, ProductForCustomer num 10", connections, warmup, seconds, personal));
            if (pairs > 0) {
                System.out.printf("%nPaired with the ceiling: %d rounds of 1 s of GET /health, then 1 s of the scenario"
                        + " (0.3 s warm-up each), so that both see the same machine%n", pairs);
                paired(load, "recommend, ItemToItem num 10", itemToItem, health);
                // without the engine's answer cache (every request scored, as for a person's first request), then with it
                server.anbefal().configure(server.anbefal().service("bench"), "answer-cache.entries", "0");
                paired(load, "recommend, ProductForCustomer num 10, no answer cache", personal, health);
                server.anbefal().configure(server.anbefal().service("bench"), "answer-cache.entries", "8192");
                paired(load, "recommend, ProductForCustomer num 10", personal, health);
                var cache = server.anbefal().answerCache(server.anbefal().service("bench"));
                System.out.printf("  the answer cache in those rounds: %,d answers reused, %,d computed (%.1f%% reused)%n",
                        cache.hits(), cache.misses(), 100.0 * cache.hits() / Math.max(1, cache.hits() + cache.misses()));
            }
        }
        return results;
    }

    /** Applies the batch traffic's events through the facade until the model holds {@code events}; how many it added. */
    private long topUp(AnbefalServer server, long events) {
        long added = 0;
        for (int i = 1 << 20; server.anbefal().status(server.anbefal().service("bench")).updates() < events; i++) {
            List<Update> batch = new ArrayList<>(1000);
            for (int k = 0; k < 1000; k++) {
                int n = i * 1000 + k;
                batch.add(new Update("c" + Math.floorMod(n * 7919, 20_000), List.of("i" + item(n)),
                        n % 10 == 0 ? "PURCHASE" : "BROWSE", null, null, List.of(), null, null, null, null));
            }
            added += server.anbefal().update(server.anbefal().service("bench"), batch, null);
        }
        return added;
    }

    /** Ratios of a scenario to the ceiling in alternating one-second rounds: each, and their median. */
    private void paired(LoadGenerator load, String name, IntFunction<byte[]> scenario, IntFunction<byte[]> ceiling)
            throws InterruptedException {
        double[] ratios = new double[pairs];
        double[] cpuRatios = new double[pairs];
        double[] cpuMicros = new double[pairs];
        StringBuilder each = new StringBuilder();
        for (int k = 0; k < pairs; k++) {
            Result c = load.run("ceiling", connections, 0.3, 1, ceiling);
            Result r = load.run(name, connections, 0.3, 1, scenario);
            pairErrors += c.errors() + r.errors();
            ratios[k] = r.perSecond() / c.perSecond();
            cpuRatios[k] = c.cpuMicrosPerRequest() / r.cpuMicrosPerRequest();
            cpuMicros[k] = r.cpuMicrosPerRequest();
            each.append(k == 0 ? "" : " ").append(String.format("%.2f", ratios[k]));
        }
        java.util.Arrays.sort(ratios);
        java.util.Arrays.sort(cpuRatios);
        java.util.Arrays.sort(cpuMicros);
        System.out.printf("%s / ceiling, paired: median %.2f (rounds: %s)%n", name, ratios[pairs / 2], each);
        // the same rounds by CPU time per request: the throughput ratio an otherwise idle machine would show when
        // the process is CPU-bound, and far steadier than throughput while other processes share the cores
        System.out.printf("  by CPU per request: ceiling / scenario median %.2f (%.2f-%.2f); the scenario's %.1f us"
                + " of CPU a request%n", cpuRatios[pairs / 2], cpuRatios[0], cpuRatios[pairs - 1], cpuMicros[pairs / 2]);
    }

    /** Prints the results' table and the recommend scenarios' ratios to the ceiling. */
    public static void print(List<Result> results) {
        System.out.printf("%n%-40s %12s %12s %9s %9s %7s%n", "scenario", "requests/s", "events/s", "p50 ms", "p99 ms", "errors");
        for (Result r : results) {
            long events = r.name().contains("100-event") ? 100 : r.name().startsWith("update") ? 1 : 0;
            System.out.printf("%-40s %12.0f %12s %9.2f %9.2f %7d%n", r.name(), r.perSecond(),
                    events == 0 ? "-" : String.format("%.0f", r.perSecond() * events), r.p50Micros() / 1000.0,
                    r.p99Micros() / 1000.0, r.errors());
        }
        double ceiling = results.stream().filter(r -> r.name().startsWith("ceiling")).findFirst().orElseThrow().perSecond();
        System.out.println();
        for (Result r : results) {
            if (r.name().startsWith("recommend")) {
                System.out.printf("%s / ceiling: %.2f%n", r.name(), r.perSecond() / ceiling);
            }
        }
    }

    /** Builds 4,096 distinct requests up front, so that the load generator spends its time sending, not building. */
    private static IntFunction<byte[]> precomputed(IntFunction<byte[]> build) {
        byte[][] requests = new byte[4096][];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = build.apply(i * 31 + 7);
        }
        return i -> requests[Math.floorMod(i, requests.length)];
    }

    /** A skewed item choice, so that some items are popular as in real traffic. */
    private int item(int n) {
        long h = (n * 0x9E3779B97F4A7C15L) >>> 33;
        double u = (h % 1_000_000) / 1_000_000.0;
        return (int) (items * u * u);
    }
}
