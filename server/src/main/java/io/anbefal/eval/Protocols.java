package io.anbefal.eval;

import io.anbefal.engine.Event;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The evaluation protocols of {@code shared/data/README.md}, exactly:
 * <ul>
 * <li>MovieLens, leave-last-out: every rating is one positive interaction; each user's ratings ordered by time
 *     (ties by row); train on all but the last (test) or all but the last two (validation, for tuning), predict
 *     the held-out one among all items not in the user's training history; HR@10 and NDCG@10 over all users.</li>
 * <li>Baskets: split 80/20 at random with a fixed seed; in each test basket hide one random item and rank all
 *     other departments from the rest of the basket; HR@10. Validation splits the training part 80/20 again.</li>
 * </ul>
 * A popularity baseline (interaction counts, the user's own items excluded) is computed in the same run.
 */
public final class Protocols {

    /** One recommender's result. */
    public record Line(String name, double hitRate, double ndcg, int cases) {
    }

    private static final int K = 10;
    private static final String POPULARITY = "popularity baseline (counts)";

    private Protocols() {
    }

    /** The training events of MovieLens for a hold-out of 1 (test) or 2 (validation), in time order. */
    public static List<Event> movieLensTraining(Map<String, List<Datasets.Rating>> users, int hold) {
        List<Datasets.Rating> train = new ArrayList<>();
        for (List<Datasets.Rating> ratings : users.values()) {
            train.addAll(ratings.subList(0, Math.max(0, ratings.size() - hold)));
        }
        train.sort(Comparator.comparingLong(Datasets.Rating::time).thenComparingInt(Datasets.Rating::row));
        List<Event> events = new ArrayList<>(train.size());
        for (Datasets.Rating r : train) {
            events.add(new Event("u" + r.user(), List.of("m" + r.movie()), "PURCHASE", null, null, List.of(),
                    r.time() * 1000, null, null));
        }
        return events;
    }

    /** Runs the MovieLens protocol against a target. */
    public static List<Line> movieLens(Map<String, List<Datasets.Rating>> users, int hold, Target target,
                                       List<String> recommenders, PrintStream progress) {
        List<Event> events = movieLensTraining(users, hold);
        feed(target, events, progress);
        Map<String, Integer> counts = new HashMap<>();
        for (Event e : events) {
            counts.merge(e.entities().getFirst(), 1, Integer::sum);
        }
        List<String> byCount = new ArrayList<>(counts.keySet());
        byCount.sort(Comparator.<String>comparingInt(counts::get).reversed().thenComparing(Comparator.naturalOrder()));

        Map<String, Metrics> metrics = new LinkedHashMap<>();
        for (String r : recommenders) {
            metrics.put(r, new Metrics(K));
        }
        metrics.put(POPULARITY, new Metrics(K));
        try (ProgressBar bar = new ProgressBar("recommending (" + users.size() + " users)", users.size(), "users", progress)) {
            for (List<Datasets.Rating> ratings : users.values()) {
                if (ratings.size() <= hold) {
                    continue;
                }
                String user = "u" + ratings.getFirst().user();
                String heldOut = "m" + ratings.get(ratings.size() - hold).movie();
                List<Datasets.Rating> train = ratings.subList(0, ratings.size() - hold);
                Set<String> seen = new HashSet<>();
                train.forEach(r -> seen.add("m" + r.movie()));
                String last = "m" + train.getLast().movie();
                for (String r : recommenders) {
                    List<String> ids = r.startsWith("ItemToItem") ? List.of(last) : List.of(user);
                    List<String> tags = r.startsWith("ItemToItem") ? List.of("userid:" + user) : List.of();
                    List<String> answer = new ArrayList<>(target.recommend(r, ids, tags, K));
                    answer.removeIf(seen::contains); // the protocol ranks unseen items only
                    metrics.get(r).add(answer, heldOut);
                }
                metrics.get(POPULARITY).add(topExcluding(byCount, seen), heldOut);
                bar.step(1);
            }
        }
        return lines(metrics);
    }

    /** The basket ids to train on and to evaluate, in the protocol's order. */
    public record BasketSplit(List<String> train, List<String> test) {
    }

    /**
     * The protocol's split: the baskets shuffled with the seed, 80% to train on and 20% to test; for validation,
     * the last 20% of the training part is evaluated and the rest trained on.
     */
    public static BasketSplit basketSplit(Map<String, List<String>> all, boolean validation, long seed) {
        List<String> ids = new ArrayList<>(all.keySet());
        Collections.shuffle(ids, new Random(seed));
        List<String> train = ids.subList(0, (int) (ids.size() * 0.8));
        List<String> test = ids.subList(train.size(), ids.size());
        if (validation) {
            test = train.subList((int) (train.size() * 0.8), train.size());
            train = train.subList(0, (int) (train.size() * 0.8));
        }
        return new BasketSplit(train, test);
    }

    /** Runs the basket protocol against a target. */
    public static List<Line> baskets(Map<String, List<String>> all, boolean validation, long seed, Target target,
                                     PrintStream progress) {
        BasketSplit split = basketSplit(all, validation, seed);
        List<String> train = split.train();
        List<String> test = split.test();
        List<Event> events = new ArrayList<>(train.size());
        Map<String, Integer> counts = new HashMap<>();
        long time = 1_000_000_000_000L;
        for (String b : train) {
            events.add(new Event("b" + b, all.get(b), "PURCHASE", null, null, List.of(), time += 1000, null, null));
            all.get(b).forEach(d -> counts.merge(d, 1, Integer::sum));
        }
        feed(target, events, progress);
        List<String> byCount = new ArrayList<>(counts.keySet());
        byCount.sort(Comparator.<String>comparingInt(counts::get).reversed().thenComparing(Comparator.naturalOrder()));
        Map<String, Metrics> metrics = new LinkedHashMap<>();
        metrics.put("ShoppingBasketRecommender", new Metrics(K));
        metrics.put(POPULARITY, new Metrics(K));
        Random hide = new Random(seed + 1);
        try (ProgressBar bar = new ProgressBar("completing baskets", test.size(), "baskets", progress)) {
            for (String b : test) {
                List<String> basket = all.get(b);
                bar.step(1);
                if (basket.size() < 2) {
                    continue;
                }
                String hidden = basket.get(hide.nextInt(basket.size()));
                List<String> rest = new ArrayList<>(basket);
                rest.remove(hidden);
                List<String> answer = target.recommend("ShoppingBasketRecommender", rest, List.of(), K);
                metrics.get("ShoppingBasketRecommender").add(answer, hidden);
                metrics.get(POPULARITY).add(topExcluding(byCount, new HashSet<>(rest)), hidden);
            }
        }
        return lines(metrics);
    }

    private static void feed(Target target, List<Event> events, PrintStream progress) {
        try (ProgressBar bar = new ProgressBar("learning", events.size(), "events", progress)) {
            for (int from = 0; from < events.size(); from += 1000) {
                List<Event> chunk = events.subList(from, Math.min(events.size(), from + 1000));
                target.update(chunk);
                bar.step(chunk.size());
            }
        }
    }

    private static List<String> topExcluding(List<String> byCount, Set<String> excluded) {
        List<String> top = new ArrayList<>(K);
        for (String item : byCount) {
            if (!excluded.contains(item)) {
                top.add(item);
                if (top.size() == K) {
                    break;
                }
            }
        }
        return top;
    }

    private static List<Line> lines(Map<String, Metrics> metrics) {
        List<Line> lines = new ArrayList<>();
        metrics.forEach((name, m) -> lines.add(new Line(name, m.hitRate(), m.ndcg(), m.cases())));
        return lines;
    }
}
