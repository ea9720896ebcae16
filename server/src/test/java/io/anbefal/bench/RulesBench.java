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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Recommend latency under rules on MovieLens-small (the training split of the leave-last-out protocol) with
 * synthetic attributes (every movie a price uniform in [0, 100), a genre of 20, a release date), in one JVM and
 * one run: for each recommender (ProductForCustomer, ItemToItem, Popular, RecentlyViewed, ShoppingBasket), num 10
 * over all users, unfiltered without the answer cache (the baseline) and with it, with a filter passing 1% of the
 * catalog ({@code price < 1}), a loose one (50%), a conditional filter whose antecedent holds, and the 1% filter
 * given as a Sannsyn {@code filter:} tag (parsed per request). Each request runs on two engines, the plain path
 * under rules (the catalog scored) and the fast paths, so that before and after share the run; their answers are
 * compared. Rounds interleave the variants so that they share the machine's conditions. Prints p50 and p99 and
 * each p50 as a ratio to the unfiltered p50 of the same recommender and engine; no figure is asserted.
 * Arguments: the MovieLens CSV, rounds over all users (default 5).
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
        Random random = new Random(15);
        Map<String, Map<String, Object>> attributes = new LinkedHashMap<>();
        for (Event e : events) {
            for (String item : e.entities()) {
                attributes.computeIfAbsent(item, i -> Map.of("price", random.nextDouble() * 100,
                        "genre", "g" + random.nextInt(20),
                        "released", String.format("%d-%02d-01", 1990 + random.nextInt(30), 1 + random.nextInt(12))));
            }
        }
        // [0]: the plain path under rules (the whole catalog scored, as before the fast paths), [1]: the fast paths
        ScoringEngine[] engines = {new ScoringEngine(true), new ScoringEngine(false)};
        long t0 = System.nanoTime();
        for (ScoringEngine engine : engines) {
            // "ml": answers computed every time (every filtered variant); "cached": the default answer cache
            engine.configure("ml", Map.of("answer-cache.entries", "0",
                    "recommender.ShoppingBasketRecommender.model", "cooccurrence"));
            engine.configure("cached", Map.of("recommender.ShoppingBasketRecommender.model", "cooccurrence"));
            for (String service : List.of("ml", "cached")) {
                for (int from = 0; from < events.size(); from += 1000) {
                    engine.apply(service, events.subList(from, Math.min(events.size(), from + 1000)));
                }
                engine.putAttributes(service, attributes);
            }
        }
        long cheap = attributes.values().stream().filter(a -> (double) a.get("price") < 1).count();
        System.out.printf("%,d training events, %d users, %,d items with attributes (4 services loaded in %.0f ms);"
                        + " price < 1 passes %d items (%.2f%%)%n", events.size(), users.size(), attributes.size(),
                (System.nanoTime() - t0) / 1e6, cheap, 100.0 * cheap / attributes.size());

        List<Variant> variants = List.of(
                new Variant("unfiltered, no answer cache (baseline)", Rules.NONE, RuleContext.EMPTY, List.of()),
                new Variant("unfiltered, answer cache on", Rules.NONE, RuleContext.EMPTY, List.of()),
                new Variant("price < 1 (1%)", Rules.parse("price < 1"), RuleContext.EMPTY, List.of()),
                new Variant("price < 50 (50%)", Rules.parse("price < 50"), RuleContext.EMPTY, List.of()),
                new Variant("Request.cheap=true implies price < 1", Rules.parse("Request.cheap = true implies price < 1"),
                        new RuleContext(Map.of("Request.cheap", List.of("true"))), List.of()),
                new Variant("tag filter:price<1 (parsed per request)", Rules.NONE, RuleContext.EMPTY,
                        List.of("filter:price<1")));
        List<String> people = new ArrayList<>();
        users.keySet().forEach(u -> people.add("u" + u));
        int differ = 0;
        for (String recommender : List.of("ProductForCustomerRecommender", "ItemToItemRecommender",
                "PopularRecommender", "RecentlyViewedRecommender", "ShoppingBasketRecommender")) {
            long[][][] nanos = new long[2][variants.size()][people.size() * rounds];
            int[][] full = new int[2][variants.size()];
            int n = 0;
            for (int round = 0; round < rounds; round++) {
                for (String person : people) {
                    List<Datasets.Rating> history = users.get(person.substring(1));
                    List<String> ids = switch (recommender) {
                        case "ItemToItemRecommender" -> List.of("m" + history.getFirst().movie());
                        case "ShoppingBasketRecommender" -> history.stream().limit(3).map(r -> "m" + r.movie()).toList();
                        default -> List.of(person);
                    };
                    for (int v = 0; v < variants.size(); v++) {
                        Variant variant = variants.get(v);
                        RecommendRequest request = new RecommendRequest(recommender, ids, variant.tags(), 10,
                                variant.rules(), variant.context());
                        Recommendation[] answers = new Recommendation[2];
                        for (int e = 0; e < 2; e++) {
                            long start = System.nanoTime();
                            answers[e] = engines[e].recommend(v == 1 ? "cached" : "ml", request).orElseThrow();
                            nanos[e][v][n] = System.nanoTime() - start;
                            if (answers[e].items().size() == 10) {
                                full[e][v]++;
                            }
                        }
                        if (!answers[0].items().equals(answers[1].items())) {
                            differ++;
                        }
                        if (v == 2 && round == 0) {
                            check(answers[1], attributes);
                        }
                    }
                    n++;
                }
            }
            for (int e = 0; e < 2; e++) {
                Arrays.sort(nanos[e][0]);
            }
            double[] base = {nanos[0][0][n / 2] / 1e6, nanos[1][0][n / 2] / 1e6};
            for (int v = 0; v < variants.size(); v++) {
                StringBuilder line = new StringBuilder(String.format("%-30s %-40s", recommender, variants.get(v).name()));
                for (int e = 0; e < 2; e++) {
                    long[] t = nanos[e][v];
                    Arrays.sort(t);
                    double p50 = t[t.length / 2] / 1e6;
                    line.append(String.format(" | %s p50 %.4f ms, p99 %.3f ms, %.2fx, %d%% full", e == 0 ? "plain" : "fast",
                            p50, t[(int) (t.length * 0.99)] / 1e6, p50 / base[e], 100 * full[e][v] / t.length));
                }
                System.out.println(line);
            }
        }
        System.out.printf("answers that differ between the plain and the fast path: %d%n", differ);
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
