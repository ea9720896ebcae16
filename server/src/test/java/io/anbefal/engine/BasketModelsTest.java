package io.anbefal.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The basket models (non-negative SLIM, the default, EASE and the logistic one) as ShoppingBasketRecommender serves them. */
class BasketModelsTest {

    private final ScoringEngine engine = new ScoringEngine();
    private long time = 1_700_000_000_000L;
    private int baskets;

    private static final String MODEL = "recommender.ShoppingBasketRecommender.model";

    private void basket(String... items) {
        engine.apply("shop", List.of(new Event("basket" + baskets++, List.of(items), "PURCHASE", null, null,
                List.of(), time += 1000, null, null)));
    }

    private List<String> complete(String... basket) {
        Recommendation r = engine.recommend("shop", new RecommendRequest("ShoppingBasketRecommender",
                List.of(basket), List.of(), 3)).orElseThrow();
        assertEquals("ShoppingBasketRecommender", r.origin());
        return r.items().stream().map(Recommendation.ScoredItem::id).toList();
    }

    @Test
    void interceptsLearnEachItemsFrequencyWhenItemsAreIndependent() {
        // item 0 in every other row, item 1 in every fifth pair of rows, independently; item 2 in none
        List<int[]> rows = new ArrayList<>();
        for (int r = 0; r < 1000; r++) {
            List<Integer> row = new ArrayList<>();
            if (r % 2 == 0) {
                row.add(0);
            }
            if ((r / 2) % 5 == 0) {
                row.add(1);
            }
            rows.add(row.stream().mapToInt(Integer::intValue).toArray());
        }
        LogisticItemModel m = LogisticItemModel.fit(3, rows.toArray(new int[0][]), 1, 400, 0.5, 0);
        Scorer scorer = new Scorer();
        scorer.reset(3);
        m.score(new int[0], 0, scorer);
        assertEquals(0.5, scorer.scores[0], 0.03, "P(0) in a basket without 1");
        assertEquals(0.2, scorer.scores[1], 0.03, "P(1) in a basket without 0");
        assertTrue(scorer.scores[2] < 0.05, "never seen: " + scorer.scores[2]);
        scorer.clear();
        m.score(new int[] {1}, 1, scorer);
        assertEquals(0.5, scorer.scores[0], 0.03, "1 tells nothing about 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"slim", "ease", "logistic"})
    void completesBasketsFromWhatGoesTogetherAndNeverWithTheBasket(String model) {
        engine.configure("shop", Map.of(MODEL, model));
        for (int i = 0; i < 40; i++) {
            basket("bread", "butter", "milk");
            basket("beer", "chips", "milk");
            basket("milk", "eggs");
        }
        List<String> forBeer = complete("beer");
        assertEquals(List.of("chips", "milk"), forBeer.subList(0, 2).stream().sorted().toList(),
                "both always go with beer: " + forBeer);
        assertFalse(forBeer.contains("beer"));
        assertFalse(forBeer.contains("butter"), "butter never goes with beer: " + forBeer);
        List<String> forBread = complete("bread", "milk");
        assertEquals("butter", forBread.getFirst(), forBread.toString());
        assertFalse(forBread.contains("bread") || forBread.contains("milk"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"slim", "ease", "logistic"})
    void aStaleModelIsRebuiltInTheBackgroundAndLearnsNewItems(String model) throws InterruptedException {
        engine.configure("shop", Map.of(MODEL, model, "recommender.ShoppingBasketRecommender.model-refresh-seconds", "0"));
        for (int i = 0; i < 30; i++) {
            basket("beer", "chips");
            basket("bread", "butter");
        }
        assertEquals("chips", complete("beer").getFirst());
        for (int i = 0; i < 90; i++) {
            basket("beer", "peanuts");
        }
        List<String> answer = complete("beer");
        for (int wait = 0; wait < 300 && !answer.getFirst().equals("peanuts"); wait++) {
            Thread.sleep(100);
            answer = complete("beer");
        }
        assertEquals("peanuts", answer.getFirst(), "the refreshed model knows the new item: " + answer);
    }

    @ParameterizedTest
    @ValueSource(strings = {"slim", "ease", "logistic"})
    void aServiceTooLargeForTheModelUsesCooccurrence(String model) {
        engine.configure("shop", Map.of(MODEL, model, "recommender.ShoppingBasketRecommender.model-max-items", "3"));
        for (int i = 0; i < 40; i++) {
            basket("beer", "chips");
            basket("bread", "butter");
        }
        assertEquals("chips", complete("beer").getFirst());
    }
}
