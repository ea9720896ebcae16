package io.anbefal.cli;

import io.anbefal.AnbefalServer;
import io.anbefal.bench.RestartProbe;
import io.anbefal.engine.Event;
import io.anbefal.engine.RecommendRequest;
import io.anbefal.engine.ScoringEngine;
import io.anbefal.eval.Datasets;
import io.anbefal.eval.Protocols;
import io.anbefal.store.H2Store;
import io.anbefal.store.Store;
import io.anbefal.store.StoredUpdate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code anbefal bench-engine}: the engine in process. Applying updates (events/s), recommend latency with
 * MovieLens-small loaded (p50, p99), and a restart of a server over a generated log (time to serving, heap).
 */
@Command(name = "bench-engine", mixinStandardHelpOptions = true,
        description = "Measure the engine in process: update rate, recommend latency, restart time and heap.")
public final class EngineBenchCommand implements Callable<Integer> {

    @Option(names = "--movielens", paramLabel = "FILE", required = true, description = "MovieLens ratings CSV.")
    Path movieLens;

    @Option(names = "--restart-events", defaultValue = "1000000",
            description = "Events in the generated log for the restart measurement; 0 skips it (default: ${DEFAULT-VALUE}).")
    int restartEvents;

    @Option(names = "--rounds", defaultValue = "30", description = "Recommend rounds over all users (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        var users = Datasets.movieLens(movieLens);
        List<Event> events = Protocols.movieLensTraining(users, 1);
        System.out.printf("MovieLens training events: %,d; users %d%n", events.size(), users.size());

        double[] rates = new double[7];
        ScoringEngine engine = null;
        for (int run = 0; run < rates.length; run++) {
            engine = new ScoringEngine();
            long t0 = System.nanoTime();
            for (int from = 0; from < events.size(); from += 1000) {
                engine.apply("ml", events.subList(from, Math.min(events.size(), from + 1000)));
            }
            rates[run] = events.size() / ((System.nanoTime() - t0) / 1e9);
        }
        Arrays.sort(rates);
        System.out.printf("apply: median %,.0f events/s (best %,.0f) over %d runs of %,d events%n",
                rates[rates.length / 2], rates[rates.length - 1], rates.length, events.size());

        List<String> people = new ArrayList<>();
        users.keySet().forEach(u -> people.add("u" + u));
        // ProductForCustomer first without the answer cache (every request scored: the cost of a person's first
        // request, or of one after their history or the lists it read changed), then with it (asking again)
        String personal = "ProductForCustomerRecommender";
        for (String label : List.of(personal + " (no cache)", personal + " (cache)", "ItemToItemRecommender",
                "PopularRecommender")) {
            String recommender = label.split(" ")[0];
            engine.configure("ml", label.endsWith("(no cache)") ? Map.of("answer-cache.entries", "0") : Map.of());
            long[] nanos = new long[people.size() * rounds];
            int n = 0;
            for (int round = 0; round < rounds; round++) {
                for (String person : people) {
                    String item = "m" + users.get(person.substring(1)).getFirst().movie();
                    RecommendRequest request = new RecommendRequest(recommender,
                            List.of(recommender.startsWith("Item") ? item : person), List.of(), 10);
                    long t0 = System.nanoTime();
                    engine.recommend("ml", request);
                    nanos[n++] = System.nanoTime() - t0;
                }
            }
            Arrays.sort(nanos);
            System.out.printf("recommend %-42s num 10: p50 %.3f ms, p99 %.3f ms, max %.3f ms (%,d calls, first round is warm-up too)%n",
                    label, nanos[n / 2] / 1e6, nanos[(int) (n * 0.99)] / 1e6, nanos[n - 1] / 1e6, n);
        }

        if (restartEvents > 0) {
            restart();
        }
        return 0;
    }

    /**
     * A log of {@code restartEvents} events, restarted four ways in child JVMs: after a crash that came just
     * before the next model snapshot (the snapshot misses the last {@code --snapshot-every} updates), after a
     * clean stop (the snapshot has everything), and with no snapshot (the whole log replayed).
     */
    private void restart() throws Exception {
        Path dir = Files.createTempDirectory("anbefal-restart");
        Random random = new Random(1);
        long tail = Math.min(AnbefalServer.Settings.SNAPSHOT_EVERY, restartEvents / 2);
        long t0 = System.nanoTime();
        try (Store store = H2Store.open(dir)) {
            store.putService("synthetic", List.of());
            appendSynthetic(store, random, restartEvents - tail, 1_700_000_000_000L);
        }
        System.out.printf("generated a log of %,d events (100,000 persons, 50,000 items) in %.1f s%n",
                restartEvents - tail, (System.nanoTime() - t0) / 1e9);
        probeRestart(dir); // replays, and its close writes the model snapshot
        try (Store store = H2Store.open(dir)) {
            appendSynthetic(store, random, tail, 1_800_000_000_000L);
        }
        System.out.printf("appended %,d events after that snapshot: as if the server crashed just before writing"
                + " its next one (every %,d updates by default); the log now holds %,d%n", tail,
                AnbefalServer.Settings.SNAPSHOT_EVERY, restartEvents);
        System.out.println("- start after a crash:");
        probeRestart(dir); // its close writes a snapshot with everything
        System.out.println("- start after a clean stop:");
        probeRestart(dir);
        Files.delete(dir.resolve(AnbefalServer.SNAPSHOT));
        System.out.println("- start with no snapshot (baseline, same run):");
        probeRestart(dir);
    }

    private static void appendSynthetic(Store store, Random random, long events, long time) {
        List<StoredUpdate> batch = new ArrayList<>(10_000);
        for (long i = 0; i < events; i++) {
            int item = (int) (50_000 * Math.pow(random.nextDouble(), 3));
            String what = random.nextInt(10) == 0 ? "PURCHASE" : "BROWSE";
            batch.add(new StoredUpdate(new Event("p" + random.nextInt(100_000), List.of("i" + item), what, "web",
                    null, List.of(), time += 100, null, null), null));
            if (batch.size() == 10_000) {
                store.append(List.of(new Store.Batch("synthetic", batch, List.of())));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            store.append(List.of(new Store.Batch("synthetic", batch, List.of())));
        }
    }

    /** Starts a server on the directory in a child JVM limited to 512 MB and prints what it measured. */
    private static void probeRestart(Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                RestartProbe.class.getName(), dir.toString(), "synthetic").redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("restart") || line.contains("model snapshot") || line.contains("Replayed")
                        || line.contains("Exception") || line.contains("Error")) {
                    System.out.println(line + " [child JVM with -Xmx512m]");
                }
            }
        }
        int exit = child.waitFor();
        if (exit != 0) {
            System.out.println("restart child exit code " + exit);
        }
    }
}
