package io.anbefal.bench;

import io.anbefal.engine.Event;
import io.anbefal.engine.RecommendRequest;
import io.anbefal.engine.ScoringEngine;
import io.anbefal.eval.Datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * ShoppingBasketRecommender on the supermarket baskets: how long the first request takes (it fits the basket
 * model: non-negative SLIM by default, EASE, or the logistic one), and recommend latency afterwards (num 10, each basket minus one item), with the co-occurrence
 * scorer ({@code model=cooccurrence}) measured in the same run as the baseline.
 * Arguments: the basket CSV, and timing rounds over all baskets (default 5).
 */
public final class BasketModelBench {

    private BasketModelBench() {
    }

    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args.length > 0 ? args[0] : "../shared/data/supermarket-baskets.csv");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Map<String, List<String>> baskets = Datasets.baskets(csv);
        List<Event> events = new ArrayList<>();
        long time = 1_000_000_000_000L;
        for (var b : baskets.entrySet()) {
            events.add(new Event("b" + b.getKey(), b.getValue(), "PURCHASE", null, null, List.of(), time += 1000, null, null));
        }
        for (String model : List.of("slim", "ease", "logistic", "cooccurrence")) {
            ScoringEngine engine = new ScoringEngine();
            engine.configure("shop", Map.of("recommender.ShoppingBasketRecommender.model", model));
            engine.apply("shop", events);
            List<RecommendRequest> requests = new ArrayList<>();
            for (List<String> basket : baskets.values()) {
                if (basket.size() > 1) {
                    requests.add(new RecommendRequest("ShoppingBasketRecommender", basket.subList(1, basket.size()), List.of(), 10));
                }
            }
            long t0 = System.nanoTime();
            engine.recommend("shop", requests.getFirst());
            double first = (System.nanoTime() - t0) / 1e6;
            long[] nanos = new long[requests.size() * rounds];
            int n = 0;
            for (int round = 0; round < rounds; round++) {
                for (RecommendRequest r : requests) {
                    long s = System.nanoTime();
                    engine.recommend("shop", r);
                    nanos[n++] = System.nanoTime() - s;
                }
            }
            Arrays.sort(nanos);
            System.out.printf("%-12s %,d baskets: first request %.0f ms; then p50 %.3f ms, p99 %.3f ms over %,d requests%n",
                    model, events.size(), first, nanos[n / 2] / 1e6, nanos[(int) (n * 0.99)] / 1e6, n);
        }
    }
}
