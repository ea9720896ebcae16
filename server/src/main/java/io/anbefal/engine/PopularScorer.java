package io.anbefal.engine;

import io.anbefal.engine.EngineSettings.Spec;

/**
 * {@code PopularRecommender}: trending, every interaction's weight halving each half-life. The trending list
 * answers by itself; the person (a {@code userid:} tag's, else the one asked about) only has their items left out.
 * Under rules that pass fewer than {@code num} of the list, every trending item is scored instead.
 */
final class PopularScorer implements ItemScorer {

    @Override
    public Person person(Query q) {
        Person tagged = q.taggedPerson();
        return tagged != null ? tagged : q.askedPerson();
    }

    @Override
    public boolean recordsReads() {
        return true;
    }

    @Override
    public NeighbourLists.Sorted sorted(Query q, Spec spec) {
        NeighbourLists.Sorted top = q.model().lists.trending();
        q.reads().trending(top);
        return top;
    }

    @Override
    public boolean scoresBeyondSorted() {
        return true;
    }

    /** Every trending item in the order of {@link #score}'s answer, unless the model is to take the plain path. */
    @Override
    public NeighbourLists.Sorted scoredInOrder(Query q) {
        if (q.model().straightforward) {
            return null;
        }
        q.reads().incomplete(); // as score: every item's trend
        return q.model().lists.trendingOrder();
    }

    /** Every trending item (the sorted list holds the strongest 1,000), scaled as the list is. */
    @Override
    public void score(Query q, Spec spec, Person person, Scorer scorer) {
        q.reads().incomplete(); // every item's trend, not just the list's: no answer of this is kept
        ServiceModel m = q.model();
        double max = 0;
        int n = m.items.size();
        for (int i = 0; i < n; i++) {
            max = Math.max(max, m.trend[i]);
        }
        for (int i = 0; i < n; i++) {
            if (m.trend[i] > 0 && !m.category[i]) {
                scorer.add(i, (float) (m.trend[i] / max));
            }
        }
    }
}
