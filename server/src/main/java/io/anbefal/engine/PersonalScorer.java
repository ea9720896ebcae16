package io.anbefal.engine;

import io.anbefal.engine.EngineSettings.Spec;

/**
 * {@code ProductForCustomerRecommender}: the item-to-item sum over the person's {@code recent} most recent
 * distinct items, the r-th most recent weighted {@code recencyDecay^r} (a sequence- and time-aware
 * neighbourhood in the spirit of STAN, Garg et al. SIGIR 2019, and SKNN, Jannach and Ludewig RecSys 2017); then
 * the exposure rule: an item exposed n times and never clicked has its score divided by {@code 1 + penalty * n}.
 */
final class PersonalScorer implements ItemScorer {

    @Override
    public Person person(Query q) {
        return q.askedOrTaggedPerson();
    }

    @Override
    public boolean recordsReads() {
        return true;
    }

    @Override
    public void score(Query q, Spec spec, Person p, Scorer scorer) {
        if (p == null) {
            return;
        }
        ServiceModel m = q.model();
        int alpha = m.exponent(spec.alpha());
        int beta = m.exponent(spec.beta());
        int used = 0;
        double weight = 1;
        int[] seen = new int[spec.recent()];
        for (int k = p.length - 1; k >= 0 && used < spec.recent(); k--) {
            int i = p.seq[k];
            if (contains(seen, used, i)) {
                continue;
            }
            seen[used] = i;
            ItemToItemScorer.addNeighbours(q, i, (float) (weight * Math.sqrt(p.seqWeight[k])), alpha, beta,
                    spec.neighbours(), scorer);
            weight *= spec.recencyDecay();
            used++;
        }
        double penalty = m.settings.exposurePenalty();
        if (penalty > 0 && p.exposures.size() > 0) {
            for (int t = 0; t < scorer.touchedCount; t++) {
                int j = scorer.touched[t];
                float exposed = p.exposures.get(j);
                if (exposed > 0 && p.clicks.get(j) == 0f) {
                    scorer.scores[j] /= (float) (1 + penalty * exposed);
                }
            }
        }
    }

    private static boolean contains(int[] values, int n, int value) {
        for (int k = 0; k < n; k++) {
            if (values[k] == value) {
                return true;
            }
        }
        return false;
    }
}
