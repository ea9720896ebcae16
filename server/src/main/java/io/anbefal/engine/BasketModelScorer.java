package io.anbefal.engine;

import io.anbefal.engine.EngineSettings.Spec;

/** {@code ShoppingBasketRecommender} with a fitted {@link BasketModel}: the model's score for completing the basket. */
final class BasketModelScorer implements ItemScorer {

    private final BasketModel model;

    BasketModelScorer(BasketModel model) {
        this.model = model;
    }

    @Override
    public void score(Query q, Spec spec, Person person, Scorer scorer) {
        int[] basket = q.knownItems();
        model.score(basket, basket.length, scorer);
    }
}
