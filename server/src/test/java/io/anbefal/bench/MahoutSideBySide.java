package io.anbefal.bench;

import io.anbefal.engine.Event;
import io.anbefal.engine.RecommendRequest;
import io.anbefal.engine.Recommendation;
import io.anbefal.engine.ScoringEngine;
import io.anbefal.eval.Datasets;
import io.anbefal.eval.Protocols;
import org.apache.mahout.cf.taste.impl.common.FastByIDMap;
import org.apache.mahout.cf.taste.impl.common.FastIDSet;
import org.apache.mahout.cf.taste.impl.common.LongPrimitiveIterator;
import org.apache.mahout.cf.taste.impl.model.GenericBooleanPrefDataModel;
import org.apache.mahout.cf.taste.impl.recommender.AllSimilarItemsCandidateItemsStrategy;
import org.apache.mahout.cf.taste.impl.recommender.GenericBooleanPrefItemBasedRecommender;
import org.apache.mahout.cf.taste.impl.similarity.GenericItemSimilarity;
import org.apache.mahout.cf.taste.impl.similarity.LogLikelihoodSimilarity;
import org.apache.mahout.cf.taste.model.DataModel;
import org.apache.mahout.cf.taste.recommender.RecommendedItem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The engine and Apache Mahout Taste side by side on MovieLens-small (the test split of the leave-last-out
 * protocol), in one JVM and one run: recommend latency for num 10 (p50, p99) and HR@10 of each.
 * Mahout is set up as the reference figure in shared/data/README.md was measured: boolean preferences,
 * log-likelihood item similarity with each item's 50 strongest neighbours precomputed
 * ({@code GenericItemSimilarity}), {@code GenericBooleanPrefItemBasedRecommender} with those neighbours as the
 * candidates. Arguments: the MovieLens CSV, and how many timing rounds over all users (default 3).
 * <p>
 * Run: see docs/benchmarks.md ({@code exec:java} with the test class path; Mahout is a test-scope dependency).
 */
public final class MahoutSideBySide {

    private MahoutSideBySide() {
    }

    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args.length > 0 ? args[0] : "../../shared/data/movielens-latest-small-2016.csv");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Map<String, List<Datasets.Rating>> users = Datasets.movieLens(csv);
        List<Event> events = Protocols.movieLensTraining(users, 1);

        ScoringEngine engine = new ScoringEngine();
        long t0 = System.nanoTime();
        for (int from = 0; from < events.size(); from += 1000) {
            engine.apply("ml", events.subList(from, Math.min(events.size(), from + 1000)));
        }
        System.out.printf("engine: %,d training events applied in %.2f s%n", events.size(), (System.nanoTime() - t0) / 1e9);

        t0 = System.nanoTime();
        FastByIDMap<FastIDSet> prefs = new FastByIDMap<>();
        for (Event e : events) {
            long user = Long.parseLong(e.person().substring(1));
            FastIDSet items = prefs.get(user);
            if (items == null) {
                items = new FastIDSet();
                prefs.put(user, items);
            }
            items.add(Long.parseLong(e.entities().getFirst().substring(1)));
        }
        DataModel model = new GenericBooleanPrefDataModel(prefs);
        LogLikelihoodSimilarity llr = new LogLikelihoodSimilarity(model);
        GenericBooleanPrefItemBasedRecommender full = new GenericBooleanPrefItemBasedRecommender(model, llr);
        List<GenericItemSimilarity.ItemItemSimilarity> top = new ArrayList<>();
        for (LongPrimitiveIterator it = model.getItemIDs(); it.hasNext(); ) {
            long item = it.nextLong();
            for (RecommendedItem similar : full.mostSimilarItems(item, 50)) {
                top.add(new GenericItemSimilarity.ItemItemSimilarity(item, similar.getItemID(), similar.getValue()));
            }
        }
        GenericItemSimilarity neighbours = new GenericItemSimilarity(top);
        // candidates: the precomputed neighbours of the user's items (the default strategy would score every item
        // of every user who shares an item with the user: p50 46 ms in one run here, the same HR@10)
        AllSimilarItemsCandidateItemsStrategy candidates = new AllSimilarItemsCandidateItemsStrategy(neighbours);
        GenericBooleanPrefItemBasedRecommender mahout =
                new GenericBooleanPrefItemBasedRecommender(model, neighbours, candidates, candidates);
        System.out.printf("mahout: data model and 50 log-likelihood neighbours per item precomputed in %.1f s%n",
                (System.nanoTime() - t0) / 1e9);

        List<String> people = new ArrayList<>(users.keySet());
        int engineHits = 0;
        int mahoutHits = 0;
        for (String user : people) {
            String held = "m" + users.get(user).getLast().movie();
            Recommendation r = engine.recommend("ml", request(user)).orElseThrow();
            if (r.items().stream().anyMatch(i -> i.id().equals(held))) {
                engineHits++;
            }
            for (RecommendedItem item : mahout.recommend(Long.parseLong(user), 10)) {
                if (("m" + item.getItemID()).equals(held)) {
                    mahoutHits++;
                }
            }
        }
        System.out.printf("HR@10 (test item, %d users): engine ProductForCustomerRecommender %.4f, Mahout %.4f%n",
                people.size(), engineHits / (double) people.size(), mahoutHits / (double) people.size());

        long[] engineNanos = new long[people.size() * rounds];
        long[] mahoutNanos = new long[people.size() * rounds];
        int n = 0;
        for (int round = 0; round < rounds; round++) {
            for (String user : people) {
                RecommendRequest request = request(user);
                long s = System.nanoTime();
                engine.recommend("ml", request);
                engineNanos[n] = System.nanoTime() - s;
                s = System.nanoTime();
                mahout.recommend(Long.parseLong(user), 10);
                mahoutNanos[n++] = System.nanoTime() - s;
            }
        }
        Arrays.sort(engineNanos);
        Arrays.sort(mahoutNanos);
        double e50 = engineNanos[n / 2] / 1e6;
        double e99 = engineNanos[(int) (n * 0.99)] / 1e6;
        double m50 = mahoutNanos[n / 2] / 1e6;
        double m99 = mahoutNanos[(int) (n * 0.99)] / 1e6;
        System.out.printf("recommend num 10, %,d calls each, interleaved:%n", n);
        System.out.printf("  engine ProductForCustomerRecommender: p50 %.3f ms, p99 %.3f ms%n", e50, e99);
        System.out.printf("  Mahout item-based LLR (precomputed):  p50 %.3f ms, p99 %.3f ms%n", m50, m99);
        System.out.printf("  Mahout / engine: p50 x%.0f, p99 x%.0f%n", m50 / e50, m99 / e99);
    }

    private static RecommendRequest request(String user) {
        return new RecommendRequest("ProductForCustomerRecommender", List.of("u" + user), List.of(), 10);
    }
}
