package io.anbefal.engine;

import io.anbefal.engine.EngineSettings.Spec;

/**
 * {@code CategoryForCustomerRecommender}: categories, from the person's own category interactions and the
 * categories of their 100 most recent items (the r-th most recent weighted {@code 0.95^r}).
 */
final class CategoryScorer implements ItemScorer {

    @Override
    public Person person(Query q) {
        return q.askedOrTaggedPerson();
    }

    @Override
    public boolean excludesPersonsItems() {
        return false;
    }

    @Override
    public boolean recommendsCategories() {
        return true;
    }

    @Override
    public void score(Query q, Spec spec, Person p, Scorer scorer) {
        if (p == null) {
            return;
        }
        for (int k = 0; k < p.categories.size(); k++) {
            scorer.add(p.categories.keys[k], p.categories.values[k]);
        }
        int[][] itemCategories = q.model().itemCategories;
        double weight = 1;
        for (int k = p.length - 1; k >= 0 && k >= p.length - 100; k--) {
            int[] cats = itemCategories[p.seq[k]];
            if (cats != null) {
                for (int c : cats) {
                    scorer.add(c, (float) (weight * p.seqWeight[k]));
                }
            }
            weight *= 0.95;
        }
    }
}
