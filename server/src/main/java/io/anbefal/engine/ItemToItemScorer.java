package io.anbefal.engine;

import io.anbefal.engine.EngineSettings.Spec;

/**
 * {@code ItemToItemRecommender} (and {@code ShoppingBasketRecommender} without a basket model): the sum over
 * the asked items i of {@code c(i,j) / (pop(i)^alpha * pop(j)^beta)} for their strongest neighbours j
 * (item-based neighbourhood, Sarwar et al. WWW 2001, with Aiolli's asymmetric normalisation, RecSys 2013). A
 * single known item is answered by its sorted neighbour list itself.
 */
final class ItemToItemScorer implements ItemScorer {

    @Override
    public NeighbourLists.Sorted sorted(Query q, Spec spec) {
        int known = q.singleKnownItem();
        ServiceModel m = q.model();
        return known < 0 ? null : m.lists.neighbours(known, m.exponent(spec.beta()), spec.neighbours());
    }

    @Override
    public void score(Query q, Spec spec, Person person, Scorer scorer) {
        ServiceModel m = q.model();
        for (String id : q.request().externalIds()) {
            int i = m.items.find(id);
            if (i >= 0) {
                addNeighbours(m, i, 1f, spec, scorer);
            }
        }
    }

    /** Adds {@code weight * c(i,j) / (pop(i)^alpha * pop(j)^beta)} for the strongest neighbours j of i. */
    static void addNeighbours(ServiceModel m, int i, float weight, Spec spec, Scorer scorer) {
        NeighbourLists.Sorted list = m.lists.neighbours(i, m.exponent(spec.beta()), spec.neighbours());
        float w = weight * m.inversePower(m.exponent(spec.alpha()), i);
        int[] items = list.items;
        float[] weights = list.weights;
        for (int k = 0; k < items.length; k++) {
            scorer.add(items[k], w * weights[k]);
        }
    }
}
