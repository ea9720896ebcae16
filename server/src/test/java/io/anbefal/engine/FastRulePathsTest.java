package io.anbefal.engine;

import io.anbefal.engine.rules.RuleContext;
import io.anbefal.engine.rules.Rules;
import io.anbefal.eval.Datasets;
import io.anbefal.eval.Protocols;
import io.anbefal.eval.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast paths under rules (the whole-catalog Popular answer walked in its kept order, a list's allowed entries
 * visited instead of the list, the bitset tested in place) give the answers of the plain path, item for item (ids,
 * order, scores, ranks, placements, origins), for many random filters from very restrictive to loose, on every
 * recommender type and through the fallback chain. On MovieLens-small (the training split) when it is present,
 * else on a synthetic model. Events come in between rounds, with the lists' clock held and then moved on, so
 * that stale and rebuilt lists are both compared.
 */
class FastRulePathsTest {

    private final AtomicLong clock = new AtomicLong();
    private final ScoringEngine plain = new ScoringEngine(clock::get, true);
    private final ScoringEngine fast = new ScoringEngine(clock::get, false);

    @Test
    void everyFilterGivesThePlainPathsAnswer() throws Exception {
        Random random = new Random(42);
        List<Event> events = events(random);
        Map<String, Map<String, Object>> attributes = new LinkedHashMap<>();
        List<String> persons = new ArrayList<>();
        List<String> items = new ArrayList<>();
        for (Event e : events) {
            if (!persons.contains(e.person())) {
                persons.add(e.person());
            }
            for (String item : e.entities()) {
                if (attributes.putIfAbsent(item, Map.of("price", random.nextDouble() * 100)) == null) {
                    items.add(item);
                }
            }
        }
        int later = events.size() - 500; // the last 500 events come in between the rounds
        for (ScoringEngine engine : List.of(plain, fast)) {
            engine.configure("s", Map.of("answer-cache.entries", "0",
                    "recommender.ShoppingBasketRecommender.model", "cooccurrence"));
            engine.apply("s", events.subList(0, later));
            engine.putAttributes("s", attributes);
        }
        List<String> types = List.of("ProductForCustomerRecommender", "ItemToItemRecommender", "PopularRecommender",
                "RecentlyViewedRecommender", "ShoppingBasketRecommender");
        int compared = 0;
        int fastAnswers = 0;
        for (int round = 0; round < 6; round++) {
            for (int k = 0; k < 150; k++) {
                Rules rules = Rules.parse(filter(random, items));
                String type = types.get(random.nextInt(types.size()));
                String person = persons.get(random.nextInt(persons.size()));
                List<String> ids = switch (type) {
                    case "ItemToItemRecommender" -> List.of(items.get(random.nextInt(items.size())));
                    case "ShoppingBasketRecommender" -> List.of(items.get(random.nextInt(items.size())),
                            items.get(random.nextInt(items.size())));
                    default -> List.of(person);
                };
                List<String> tags = random.nextBoolean() ? List.of("userid:" + person) : List.of();
                RecommendRequest request = new RecommendRequest(type, ids, tags, 1 + random.nextInt(20), rules,
                        RuleContext.EMPTY);
                Recommendation expected = plain.recommend("s", request).orElseThrow();
                Recommendation actual = fast.recommend("s", request).orElseThrow();
                assertEquals(expected, actual, () -> type + " " + ids + " " + tags + " under " + rules);
                compared++;
                if (!actual.items().isEmpty()) {
                    fastAnswers++;
                }
            }
            int from = later + round * 100;
            for (ScoringEngine engine : List.of(plain, fast)) {
                engine.apply("s", events.subList(from, Math.min(events.size(), from + 100)));
            }
            if (round % 2 == 1) {
                clock.addAndGet(2_000_000_000L); // the lists age past their refresh: rebuilt on the next read
            }
        }
        assertEquals(900, compared);
        assertTrue(fastAnswers > 600, "most answers have items: " + fastAnswers);
    }

    /** A random filter, from a handful of items to most of the catalog, sometimes with a blacklist or a pin. */
    private static String filter(Random random, List<String> items) {
        double[] bounds = {0.05, 0.2, 0.5, 1, 2, 5, 10, 25, 50, 90};
        double bound = bounds[random.nextInt(bounds.length)];
        String rule = switch (random.nextInt(4)) {
            case 0 -> "price < " + bound;
            case 1 -> "price >= " + (100 - bound);
            case 2 -> "price >= 40 and price < " + (40 + bound);
            default -> "price < " + bound + " or price > " + (100 - bound / 2);
        };
        if (random.nextInt(4) == 0) {
            rule += "; exclude " + items.get(random.nextInt(items.size())) + ", " + items.get(random.nextInt(items.size()));
        }
        if (random.nextInt(6) == 0) {
            rule += "; pin where price < " + (bound * 2) + " at 2";
        }
        return rule;
    }

    /** MovieLens-small's training split when present, else a synthetic log of 300 persons over 3,000 items. */
    private static List<Event> events(Random random) throws Exception {
        Path csv = SharedData.file("movielens-latest-small-2016.csv");
        if (Files.exists(csv)) {
            return Protocols.movieLensTraining(Datasets.movieLens(csv), 1);
        }
        List<Event> events = new ArrayList<>();
        long time = 1_700_000_000_000L;
        for (int n = 0; n < 20_000; n++) {
            int item = (int) Math.min(2999, Math.abs(random.nextGaussian()) * 600);
            events.add(new Event("p" + random.nextInt(300), List.of("i" + item),
                    random.nextInt(5) == 0 ? "PURCHASE" : "VIEW", null, null, List.of(), time += 60_000, null, null));
        }
        return events;
    }
}
