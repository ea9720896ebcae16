package io.anbefal.engine;

import io.anbefal.engine.EngineSettings.Spec;

/** {@code RecentlyViewedRecommender}: the person's distinct items, newest first; nothing is left out. */
final class RecentlyViewedScorer implements ItemScorer {

    @Override
    public Person person(Query q) {
        return q.askedOrTaggedPerson();
    }

    @Override
    public boolean excludesPersonsItems() {
        return false;
    }

    @Override
    public boolean excludesAsked() {
        return false;
    }

    @Override
    public void score(Query q, Spec spec, Person person, Scorer scorer) {
        if (person == null) {
            return;
        }
        float w = 1f;
        for (int k = person.length - 1; k >= 0; k--) {
            int i = person.seq[k];
            if (scorer.scores[i] == 0f) {
                scorer.add(i, w);
                w *= 0.999f;
            }
        }
    }
}
