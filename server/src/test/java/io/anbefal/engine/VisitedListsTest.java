package io.anbefal.engine;

import io.anbefal.engine.rules.RuleContext;
import io.anbefal.engine.rules.Rules;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The visit of a neighbour list's allowed entries ({@link AllowedItems#visit}, kept with the list) answers as the
 * walk of the plain path does, ranks included, when the list holds categories, when the person's excluded items
 * sit in it, and after a catalog fact turns a neighbour into a category while the list and the compiled filter
 * are kept (the kept visit is then found anew: the ranks change).
 */
class VisitedListsTest {

    private final ScoringEngine plain = new ScoringEngine(() -> 0L, true);
    private final ScoringEngine fast = new ScoringEngine(() -> 0L, false);

    @Test
    void aVisitAnswersAsTheWalkThroughExclusionsAndCategoryChanges() {
        long time = 1_700_000_000_000L;
        List<Event> events = new ArrayList<>();
        Map<String, Map<String, Object>> attributes = new HashMap<>();
        // 200 items co-occur with "a", each one person's views of "a" then of it; i3, i7 and i150 are cheap
        for (int n = 0; n < 200; n++) {
            String item = "i" + n;
            for (int r = 0; r <= n % 5; r++) {
                events.add(new Event("p" + n + "-" + r, List.of("a"), "VIEW", null, null, List.of(), time += 1000, null, null));
                events.add(new Event("p" + n + "-" + r, List.of(item), "VIEW", null, null, List.of(), time += 1000, null, null));
            }
            attributes.put(item, Map.of("price", n == 3 || n == 7 || n == 150 ? 0.5 : 50.0));
        }
        // one person bought "a", i7 and i9: with their userid tag, i7 and i9 are excluded from the list they sit in
        for (String item : List.of("a", "i7", "i9")) {
            events.add(new Event("viewer", List.of(item), "PURCHASE", null, null, List.of(), time += 1000, null, null));
        }
        for (ScoringEngine engine : List.of(plain, fast)) {
            engine.configure("s", Map.of("answer-cache.entries", "0", "recommender.ItemToItemRecommender.fallback", ""));
            engine.apply("s", events);
            engine.putAttributes("s", attributes);
        }
        Rules cheap = Rules.parse("price < 1");
        List<List<String>> tags = List.of(List.of(), List.of("userid:viewer"));
        List<Recommendation> before = new ArrayList<>();
        for (List<String> t : tags) {
            before.add(same(new RecommendRequest("ItemToItemRecommender", List.of("a"), t, 10, cheap, RuleContext.EMPTY)));
        }
        assertEquals(3, before.getFirst().items().size(), before.getFirst().toString());
        assertEquals(2, before.getLast().items().size(), before.getLast().toString()); // i7 excluded
        // a catalog fact: i4 and i14 (strong neighbours of "a") become categories of i0; the lists stay as built
        for (ScoringEngine engine : List.of(plain, fast)) {
            engine.apply("s", List.of(new Event("i0", List.of("i4", "i14"), "VIEW", null, null, List.of("itemcat"),
                    time += 1000, null, null)));
        }
        for (int k = 0; k < tags.size(); k++) {
            Recommendation after = same(new RecommendRequest("ItemToItemRecommender", List.of("a"), tags.get(k), 10,
                    cheap, RuleContext.EMPTY));
            assertEquals(before.get(k).items().size(), after.items().size());
            boolean lower = false;
            for (int i = 0; i < after.items().size(); i++) {
                lower |= after.items().get(i).rank() < before.get(k).items().get(i).rank();
            }
            assertTrue(lower, "a category before a cheap item lowers its rank: " + before.get(k) + " then " + after);
        }
    }

    /** The fast engine's answer, checked to be the plain path's, item for item. */
    private Recommendation same(RecommendRequest request) {
        Recommendation expected = plain.recommend("s", request).orElseThrow();
        Recommendation actual = fast.recommend("s", request).orElseThrow();
        assertEquals(expected, actual, () -> request.tags() + ": " + expected + " then " + actual);
        return actual;
    }
}
