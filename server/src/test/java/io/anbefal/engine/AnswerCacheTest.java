package io.anbefal.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The answer cache never answers what the steps would not compute now: an engine with the cache and one without
 * it, fed the same events, links, catalog facts and settings changes interleaved with requests, answer every
 * request alike, while the cached one reuses answers. Both engines' neighbour lists age by one clock that the
 * test moves, so that their refreshes (at most a second after a list's weights drift) happen at the same steps.
 */
class AnswerCacheTest {

    private final AtomicLong clock = new AtomicLong();
    private final ScoringEngine cached = new ScoringEngine(clock::get);
    private final ScoringEngine uncached = new ScoringEngine(clock::get);
    private final Map<String, String> settings = new HashMap<>();
    private long time = 1_700_000_000_000L;
    /** Answers reused and computed by the cached engine before its last settings change. */
    private long hits;
    private long misses;

    private void configure() {
        Engine.CacheCounts counts = cached.answerCache("s");
        hits += counts.hits();
        misses += counts.misses();
        cached.configure("s", settings);
        Map<String, String> off = new HashMap<>(settings);
        off.put("answer-cache.entries", "0");
        uncached.configure("s", off);
    }

    private void apply(Event e) {
        cached.apply("s", List.of(e));
        uncached.apply("s", List.of(e));
    }

    private void event(String person, String what, String... entities) {
        apply(new Event(person, List.of(entities), what, null, null, List.of(), time += 1000, null, null));
    }

    private Recommendation both(RecommendRequest request) {
        Recommendation a = cached.recommend("s", request).orElseThrow();
        Recommendation b = uncached.recommend("s", request).orElseThrow();
        assertEquals(b, a, "cached and uncached answers differ for " + request);
        return a;
    }

    private static List<String> ids(Recommendation r) {
        return r.items().stream().map(Recommendation.ScoredItem::id).toList();
    }

    @Test
    void answersAlikeUnderInterleavedUpdates() {
        settings.put("recommender.Mine.type", "ProductForCustomerRecommender");
        settings.put("recommender.Mine.recent", "4");
        settings.put("recommender.Mine.exclude-seen", "false");
        configure();
        Random random = new Random(14);
        List<String> persons = new ArrayList<>();
        for (int p = 0; p < 40; p++) {
            persons.add("p" + p);
        }
        String[] whats = {"BROWSE", "BROWSE", "BROWSE", "PURCHASE", "RECEXPOSURE", "RECCLICK", "ADDTOCART"};
        String[] recommenders = {"ProductForCustomerRecommender", "ScoredItemsRecommender", "Mine", "PopularRecommender"};
        RecommendRequest previous = null;
        for (int step = 0; step < 8000; step++) {
            int r = random.nextInt(100);
            if (r < 12) {
                String person = persons.get(random.nextInt(persons.size()));
                String item = "i" + (int) (150 * Math.pow(random.nextDouble(), 2));
                if (random.nextInt(5) == 0) {
                    event(person, whats[random.nextInt(whats.length)], item, "i" + random.nextInt(80));
                } else {
                    event(person, whats[random.nextInt(whats.length)], item);
                }
            } else if (r < 31) {
                String alias = "v" + random.nextInt(30);
                String person = persons.get(random.nextInt(persons.size()));
                cached.link("s", alias, person);
                uncached.link("s", alias, person);
            } else if (r == 31 && random.nextInt(10) == 0) {
                apply(new Event("i" + random.nextInt(80), List.of("cat" + random.nextInt(3)), "BROWSE", null, null,
                        List.of("itemcat"), time += 1000, null, null));
            } else if (r == 32 && random.nextInt(20) == 0) {
                settings.put("exposure.penalty", String.valueOf(random.nextInt(5) / 10.0));
                configure();
            } else if (r < 36) {
                clock.addAndGet(random.nextInt(3) * 700_000_000L); // lists whose weights drifted refresh after 1 s
            } else if (previous != null && random.nextBoolean()) {
                both(previous); // a person asking again, as on their next page view
            } else {
                String person = random.nextInt(10) == 0 ? "v" + random.nextInt(30) : persons.get(random.nextInt(persons.size()));
                List<String> tags = random.nextInt(8) == 0 ? List.of("userid:" + persons.get(random.nextInt(persons.size())))
                        : List.of();
                previous = new RecommendRequest(recommenders[random.nextInt(recommenders.length)], List.of(person),
                        tags, 1 + random.nextInt(12));
                both(previous);
            }
        }
        configure();
        assertTrue(hits > 500, "answers reused: " + hits + " of " + (hits + misses));
        assertTrue(misses > 500, "answers computed: " + misses);
        assertEquals(0, uncached.answerCache("s").hits());
    }

    @Test
    void aPersonsOwnUpdateShowsAtOnce() {
        configure();
        for (String p : List.of("a1", "a2", "a3", "a4")) {
            event(p, "BROWSE", "x");
            event(p, "BROWSE", "y");
            event(p, "BROWSE", "z");
        }
        event("me", "BROWSE", "x");
        // num 1: answered by the personal scores alone (a longer answer is filled up from the popular items)
        RecommendRequest request = new RecommendRequest("ProductForCustomerRecommender", List.of("me"), List.of(), 1);
        List<String> first = ids(both(request));
        assertEquals(first, ids(both(request)));
        long hits = cached.answerCache("s").hits();
        assertTrue(hits >= 1, "the repeated request was answered from the cache");
        String top = first.getFirst();
        event("me", "BROWSE", top); // seen now: ProductForCustomer leaves out what the person interacted with
        List<String> after = ids(both(request));
        assertFalse(after.contains(top), top + " still recommended after the person browsed it: " + after);
        assertEquals(1, after.size());
        assertEquals(hits, cached.answerCache("s").hits(), "no answer reused across the person's own update");

        cached.link("s", "visitor", "me"); // a link into the person changes their history, too
        uncached.link("s", "visitor", "me");
        event("visitor", "BROWSE", after.getFirst());
        List<String> linked = ids(both(request));
        assertEquals(hits, cached.answerCache("s").hits(), "no answer reused across the linked visitor's update");
        assertEquals("PopularRecommender", cached.recommend("s", request).orElseThrow().origin(),
                "every neighbour seen, so the answer is the fallback's: " + linked);
    }

    @Test
    void anotherPersonsUpdateOfUnrelatedItemsKeepsTheAnswer() {
        configure();
        for (String p : List.of("a1", "a2", "a3")) {
            event(p, "BROWSE", "x");
            event(p, "BROWSE", "y");
        }
        event("b1", "BROWSE", "u");
        event("b1", "BROWSE", "w");
        event("me", "BROWSE", "x");
        RecommendRequest request = new RecommendRequest("ProductForCustomerRecommender", List.of("me"), List.of(), 1);
        both(request);
        event("b1", "BROWSE", "u"); // u's and w's lists change; me's answer reads only x's
        both(request);
        assertEquals(1, cached.answerCache("s").hits(), "the unrelated update kept the answer");
    }

    @Test
    void aRecentItemsPopularityChangesTheAnswer() {
        configure();
        for (String p : List.of("a1", "a2", "a3")) {
            event(p, "BROWSE", "x");
            event(p, "BROWSE", "y");
        }
        event("me", "BROWSE", "x");
        RecommendRequest request = new RecommendRequest("ScoredItemsRecommender", List.of("me"), List.of(), 1);
        double before = both(request).items().getFirst().score();
        // x gains popularity but no new neighbour: its list stays the one built (for up to a second), while the
        // weight of me's x, pop(x)^-alpha, drops, and so does y's score
        event("a1", "BROWSE", "x");
        double after = both(request).items().getFirst().score();
        assertTrue(after < before, before + " -> " + after);
        assertEquals(0, cached.answerCache("s").hits());
    }
}
