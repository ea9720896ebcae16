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
        int alpha = m.exponent(spec.alpha());
        int beta = m.exponent(spec.beta());
        for (String id : q.request().externalIds()) {
            int i = m.items.find(id);
            if (i >= 0) {
                addNeighbours(q, i, 1f, alpha, beta, spec.neighbours(), scorer);
            }
        }
    }

    /**
     * Adds {@code weight * c(i,j) / (pop(i)^alpha * pop(j)^beta)} for the {@code k} strongest neighbours j of i
     * ({@code alpha} and {@code beta} are indices of {@link ServiceModel#exponent}), and records the list read.
     */
    static void addNeighbours(Query q, int i, float weight, int alpha, int beta, int k, Scorer scorer) {
        ServiceModel m = q.model();
        NeighbourLists.Sorted list = m.lists.neighbours(i, beta, k);
        float power = m.inversePower(alpha, i);
        q.reads().list(i, beta, k, list, alpha, power);
        float w = weight * power;
        int[] items = list.items;
        float[] weights = list.weights;
        for (int n = 0; n < items.length; n++) {
            scorer.add(items[n], w * weights[n]);
        }
    }
}
