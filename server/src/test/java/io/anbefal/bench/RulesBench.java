package io.anbefal.bench;

import io.anbefal.engine.Event;
import io.anbefal.engine.RecommendRequest;
import io.anbefal.engine.Recommendation;
import io.anbefal.engine.ScoringEngine;
import io.anbefal.engine.rules.RuleContext;
import io.anbefal.engine.rules.Rules;
import io.anbefal.eval.Datasets;
import io.anbefal.eval.Protocols;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Recommend latency under rules on MovieLens-small (the training split of the leave-last-out protocol) with
 * synthetic attributes (every movie a price uniform in [0, 100), a genre of 20, a release date), in one JVM and
 * one run: for each recommender, num 10 over all users, unfiltered (the baseline) and with a filter passing 1% of
 * the catalog ({@code price < 1}), a loose one (50%), a conditional filter whose antecedent holds, and the 1%
 * filter given as a Sannsyn {@code filter:} tag (parsed per request). Rounds interleave the variants so that they
 * share the machine's conditions. Prints p50 and p99 and each p50 as a ratio to the unfiltered p50 of the same
 * recommender; no figure is asserted. Arguments: the MovieLens CSV, rounds over all users (default 5).
 * <p>
 * Run: see docs/benchmarks.md ({@code exec:java} with the test class path).
 */
public final class RulesBench {

    private RulesBench() {
    }

    private record Variant(String name, Rules rules, RuleContext context, List<String> tags) {
    }

    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args.length > 0 ? args[0] : "../../shared/data/movielens-latest-small-2016.csv");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Map<String, List<Datasets.Rating>> users = Datasets.movieLens(csv);
        List<Event> events = Protocols.movieLensTraining(users, 1);
        ScoringEngine engine = new ScoringEngine();
        for (int from = 0; from < events.size(); from += 1000) {
            engine.apply("ml", events.subList(from, Math.min(events.size(), from + 1000)));
        }
        Random random = new Random(15);
        Map<String, Map<String, Object>> attributes = new LinkedHashMap<>();
        for (Event e : events) {
            for (String item : e.entities()) {
                attributes.computeIfAbsent(item, i -> Map.of("price", random.nextDouble() * 100,
                        "genre", "g" + random.nextInt(20),
                        "released", String.format("%d-%02d-01", 1990 + random.nextInt(30), 1 + random.nextInt(12))));
            }
        }
        long t0 = System.nanoTime();
        engine.putAttributes("ml", attributes);
        long cheap = attributes.values().stream().filter(a -> (double) a.get("price") < 1).count();
        System.out.printf("%,d training events, %d users, %,d items with attributes (indexed in %.0f ms); price < 1"
                        + " passes %d items (%.2f%%)%n", events.size(), users.size(), attributes.size(),
                (System.nanoTime() - t0) / 1e6, cheap, 100.0 * cheap / attributes.size());

        List<Variant> variants = List.of(
                new Variant("unfiltered (baseline)", Rules.NONE, RuleContext.EMPTY, List.of()),
                new Variant("price < 1 (1%)", Rules.parse("price < 1"), RuleContext.EMPTY, List.of()),
                new Variant("price < 50 (50%)", Rules.parse("price < 50"), RuleContext.EMPTY, List.of()),
                new Variant("Request.cheap=true implies price < 1", Rules.parse("Request.cheap = true implies price < 1"),
                        new RuleContext(Map.of("Request.cheap", List.of("true"))), List.of()),
                new Variant("tag filter:price<1 (parsed per request)", Rules.NONE, RuleContext.EMPTY,
                        List.of("filter:price<1")));
        List<String> people = new ArrayList<>();
        users.keySet().forEach(u -> people.add("u" + u));
        for (String recommender : List.of("ProductForCustomerRecommender", "ItemToItemRecommender", "PopularRecommender")) {
            long[][] nanos = new long[variants.size()][people.size() * rounds];
            int[] full = new int[variants.size()];
            Map<Integer, Integer> calls = new HashMap<>();
            for (int round = 0; round < rounds; round++) {
                for (String person : people) {
                    String item = "m" + users.get(person.substring(1)).getFirst().movie();
                    List<String> ids = List.of(recommender.startsWith("Item") ? item : person);
                    for (int v = 0; v < variants.size(); v++) {
                        Variant variant = variants.get(v);
                        RecommendRequest request = new RecommendRequest(recommender, ids, variant.tags(), 10,
                                variant.rules(), variant.context());
                        long start = System.nanoTime();
                        Recommendation r = engine.recommend("ml", request).orElseThrow();
                        int n = calls.merge(v, 1, Integer::sum) - 1;
                        nanos[v][n] = System.nanoTime() - start;
                        if (r.items().size() == 10) {
                            full[v]++;
                        }
                        if (v == 1 && round == 0) {
                            check(r, attributes);
                        }
                    }
                }
            }
            Arrays.sort(nanos[0]);
            double base = nanos[0][nanos[0].length / 2] / 1e6;
            for (int v = 0; v < variants.size(); v++) {
                long[] t = nanos[v];
                Arrays.sort(t);
                double p50 = t[t.length / 2] / 1e6;
                System.out.printf("%-30s %-42s p50 %.3f ms, p99 %.3f ms, p50 ratio %.2fx; %d%% of answers full%n",
                        recommender, variants.get(v).name(), p50, t[(int) (t.length * 0.99)] / 1e6, p50 / base,
                        100 * full[v] / t.length);
            }
        }
    }

    /** The benchmark measures real answers: every item of a 1% answer costs under 1. */
    private static void check(Recommendation r, Map<String, Map<String, Object>> attributes) {
        for (Recommendation.ScoredItem i : r.items()) {
            if ((double) attributes.get(i.id()).get("price") >= 1) {
                throw new AssertionError(i.id() + " does not pass price < 1");
            }
        }
    }
}
