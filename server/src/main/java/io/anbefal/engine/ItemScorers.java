package io.anbefal.engine;

import io.anbefal.engine.EngineSettings.Spec;

/** The {@link ItemScorer} of each recommender type. */
final class ItemScorers {

    static final ItemScorer ITEM_TO_ITEM = new ItemToItemScorer();
    static final ItemScorer PERSONAL = new PersonalScorer();
    static final ItemScorer POPULAR = new PopularScorer();
    static final ItemScorer RECENTLY_VIEWED = new RecentlyViewedScorer();
    static final ItemScorer CATEGORIES = new CategoryScorer();

    private ItemScorers() {
    }

    /**
     * The scorer of an instance for this request. {@code ShoppingBasketRecommender} scores with its basket model
     * once one is fitted, and like {@code ItemToItemRecommender} until then (or when none is built).
     */
    static ItemScorer of(Spec spec, Query q) {
        return switch (spec.type()) {
            case ItemToItemRecommender -> ITEM_TO_ITEM;
            case ShoppingBasketRecommender -> {
                BasketModel model = q.baskets().model(spec.name());
                yield model == null ? ITEM_TO_ITEM : new BasketModelScorer(model);
            }
            case ProductForCustomerRecommender -> PERSONAL;
            case PopularRecommender -> POPULAR;
            case RecentlyViewedRecommender -> RECENTLY_VIEWED;
            case CategoryForCustomerRecommender -> CATEGORIES;
        };
    }
}
