package io.anbefal.engine;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoringEngineTest {

    private final ScoringEngine engine = new ScoringEngine();
    private long time = 1_700_000_000_000L;

    private void event(String person, String what, String... entities) {
        engine.apply("s", List.of(new Event(person, List.of(entities), what, null, null, List.of(), time += 1000, null, null)));
    }

    private Recommendation ask(String recommender, List<String> ids, List<String> tags, int num) {
        return engine.recommend("s", new RecommendRequest(recommender, ids, tags, num)).orElseThrow();
    }

    private static List<String> ids(Recommendation r) {
        return r.items().stream().map(Recommendation.ScoredItem::id).toList();
    }

    /** Three people who browse a, then b; two also c after b; d is popular on its own. */
    private void history() {
        for (String p : List.of("p1", "p2", "p3")) {
            event(p, "BROWSE", "a");
            event(p, "BROWSE", "b");
        }
        event("p1", "BROWSE", "c");
        event("p2", "BROWSE", "c");
        for (int i = 0; i < 10; i++) {
            event("q" + i, "PURCHASE", "d");
        }
    }

    @Test
    void itemToItemFollowsCooccurrenceAndNeverAnswersTheItemAsked() {
        history();
        Recommendation r = ask("ItemToItemRecommender", List.of("a"), List.of(), 2);
        assertEquals("ItemToItemRecommender", r.origin());
        assertEquals("b", ids(r).getFirst());
        assertFalse(ids(r).contains("a"));
    }

    @Test
    void aUseridTagExcludesWhatThatPersonBought() {
        history();
        event("buyer", "PURCHASE", "b");
        assertFalse(ids(ask("ItemToItemRecommender", List.of("a"), List.of("userid:buyer"), 5)).contains("b"));
        assertTrue(ids(ask("ItemToItemRecommender", List.of("a"), List.of(), 5)).contains("b"));
    }

    @Test
    void productForCustomerIsPersonalAndLearnsInRealTime() {
        history();
        event("new", "BROWSE", "a");
        assertEquals("b", ids(ask("ProductForCustomerRecommender", List.of("new"), List.of(), 1)).getFirst());
        event("new", "BROWSE", "b");
        assertEquals("c", ids(ask("ProductForCustomerRecommender", List.of("new"), List.of(), 1)).getFirst(),
                "the next request sees the last event");
    }

    @Test
    void purchasedItemsAreExcludedUnlessConfiguredOtherwise() {
        history();
        event("buyer", "PURCHASE", "a");
        assertFalse(ids(ask("ProductForCustomerRecommender", List.of("buyer"), List.of(), 10)).contains("a"));
        engine.configure("s", Map.of("recommender.ProductForCustomerRecommender.exclude-purchased", "false",
                "recommender.ProductForCustomerRecommender.exclude-seen", "false"));
        event("buyer", "PURCHASE", "b");
        assertTrue(ids(ask("ProductForCustomerRecommender", List.of("buyer"), List.of(), 10)).contains("a"));
    }

    @Test
    void aColdStartFallsBackToPopularAndSaysSo() {
        history();
        Recommendation r = ask("ProductForCustomerRecommender", List.of("stranger"), List.of(), 3);
        assertEquals("PopularRecommender", r.origin());
        assertEquals("d", ids(r).getFirst());
        assertEquals(3, r.items().size());
    }

    @Test
    void numIsHonouredWhenEnoughCandidatesExist() {
        history();
        Recommendation r = ask("ItemToItemRecommender", List.of("c"), List.of(), 3);
        assertEquals(3, r.items().size(), "co-occurrence alone has two; popular fills in");
        assertEquals("ItemToItemRecommender", r.origin());
    }

    @Test
    void aLinkedVisitorsHistoryCountsForTheCustomer() {
        history();
        event("visitor-1", "BROWSE", "a");
        engine.link("s", "visitor-1", "customer-1");
        assertEquals("b", ids(ask("ProductForCustomerRecommender", List.of("customer-1"), List.of(), 1)).getFirst());
        event("visitor-1", "BROWSE", "b");
        assertEquals("c", ids(ask("ProductForCustomerRecommender", List.of("customer-1"), List.of(), 1)).getFirst(),
                "later events of the alias count for the customer too");
        assertEquals(engine.counts("s").persons(), engine.counts("s").persons());
    }

    @Test
    void aVisitorsBrowsingBeforeSignInIsTheCustomersMostRecentHistoryAfterLinking() {
        event("customer-2", "BROWSE", "old-1");
        event("customer-2", "BROWSE", "old-2");
        event("visitor-2", "BROWSE", "new-1");
        event("visitor-2", "BROWSE", "new-2");
        engine.link("s", "visitor-2", "customer-2");
        assertEquals(List.of("new-2", "new-1", "old-2", "old-1"),
                ids(ask("RecentlyViewedRecommender", List.of("customer-2"), List.of(), 4)), "one history in time order");
        event("customer-2", "BROWSE", "newest");
        assertEquals("newest", ids(ask("RecentlyViewedRecommender", List.of("visitor-2"), List.of(), 1)).getFirst());
    }

    @Test
    void unclickedExposuresLowerAnItemForThatPersonOnly() {
        // a click weighing nothing changes no history: only the exposure rule is at work
        engine.configure("s", Map.of("recommender.ProductForCustomerRecommender.exclude-seen", "false", "weight.RECCLICK", "0"));
        history();
        event("x", "BROWSE", "a");
        assertEquals("b", ids(ask("ProductForCustomerRecommender", List.of("x"), List.of(), 1)).getFirst());
        for (int i = 0; i < 30; i++) {
            event("x", "RECEXPOSURE", "b");
        }
        assertEquals("c", ids(ask("ProductForCustomerRecommender", List.of("x"), List.of(), 1)).getFirst());
        event("y", "BROWSE", "a");
        assertEquals("b", ids(ask("ProductForCustomerRecommender", List.of("y"), List.of(), 1)).getFirst(),
                "another person is not affected");
        event("x", "RECCLICK", "b");
        assertEquals("b", ids(ask("ProductForCustomerRecommender", List.of("x"), List.of(), 1)).getFirst(),
                "a click lifts the penalty");
    }

    @Test
    void basketComplementsNeverIncludeTheBasket() {
        history();
        List<String> r = ids(ask("ShoppingBasketRecommender", List.of("a", "b"), List.of(), 10));
        assertFalse(r.contains("a"));
        assertFalse(r.contains("b"));
        assertEquals("c", r.getFirst());
    }

    @Test
    void customNamesMapToATypeAndUnknownNamesAreEmpty() {
        history();
        assertTrue(engine.recommend("s", new RecommendRequest("ArticleForSubscriberRecommender", List.of("p1"), List.of(), 2)).isEmpty());
        engine.configure("s", Map.of("recommender.ArticleForSubscriberRecommender.type", "ProductForCustomerRecommender"));
        Recommendation r = ask("ArticleForSubscriberRecommender", List.of("p3"), List.of(), 1);
        assertEquals("ArticleForSubscriberRecommender", r.origin());
        assertEquals("c", ids(r).getFirst());
    }

    @Test
    void theScoredVariantCarriesWeights() {
        history();
        Recommendation r = ask("ScoredItemsRecommender", List.of("p3"), List.of(), 2);
        assertTrue(r.scored());
        assertTrue(r.items().getFirst().score() >= r.items().get(1).score());
    }

    @Test
    void categoriesAreToldApartAndCanBeRecommended() {
        engine.apply("s", List.of(new Event("article78", List.of("international"), "CATALOG", null, null,
                List.of("itemcat"), time, null, null)));
        event("reader", "BROWSE", "article78", "international");
        event("reader2", "BROWSE", "article12", "sports");
        List<String> items = ids(ask("PopularRecommender", List.of(), List.of(), 10));
        assertFalse(items.contains("international"), "categories are not items");
        assertEquals(List.of("international"), ids(ask("CategoryForCustomerRecommender", List.of("reader"), List.of(), 3)));
    }

    @Test
    void recentlyViewedIsNewestFirst() {
        event("v", "BROWSE", "a");
        event("v", "BROWSE", "b");
        event("v", "BROWSE", "a");
        assertEquals(List.of("a", "b"), ids(ask("RecentlyViewedRecommender", List.of("v"), List.of(), 5)));
    }

    @Test
    void countsPersonsEntitiesAndEvents() {
        history();
        ServiceCounts c = engine.counts("s");
        assertEquals(13, c.persons());
        assertEquals(4, c.entities());
        assertEquals(18, c.events());
        assertEquals(new ServiceCounts(0, 0, 0), engine.counts("nothing"));
    }
}
