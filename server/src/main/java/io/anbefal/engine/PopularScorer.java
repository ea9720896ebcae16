package io.anbefal.engine;

import io.anbefal.engine.EngineSettings.Spec;

/**
 * {@code PopularRecommender}: trending, every interaction's weight halving each half-life. The trending list
 * answers by itself; the person (a {@code userid:} tag's, else the one asked about) only has their items left out.
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
    public void score(Query q, Spec spec, Person person, Scorer scorer) {
        NeighbourLists.Sorted top = q.model().lists.trending();
        q.reads().trending(top);
        for (int k = 0; k < top.items.length; k++) {
            scorer.add(top.items[k], top.weights[k]);
        }
    }
}
