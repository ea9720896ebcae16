package io.anbefal.engine;

import io.anbefal.engine.EngineSettings.Spec;

/** Composes a recommender instance with its fallback chain, for one request. */
final class Recommenders {

    /** How many fallbacks deep a chain goes (fallbacks may name each other in a circle). */
    static final int MAX_FALLBACKS = 4;

    private Recommenders() {
    }

    /**
     * The instance, followed by its fallback, that one's fallback and so on, at most {@link #MAX_FALLBACKS} deep;
     * an instance never falls back to itself. Fallbacks are looked up in the model's settings.
     */
    static Recommender chain(Query q, Spec spec, CandidateFilter rules) {
        return chain(q, spec, rules, 0);
    }

    private static Recommender chain(Query q, Spec spec, CandidateFilter rules, int depth) {
        Recommender one = new TopNRecommender(spec, ItemScorers.of(spec, q), rules);
        if (spec.fallback() == null || depth >= MAX_FALLBACKS) {
            return one;
        }
        Spec fallback = q.model().settings.recommenders().get(spec.fallback());
        if (fallback == null || fallback.name().equals(spec.name())) {
            return one;
        }
        return new FallbackRecommender(one, chain(q, fallback, rules, depth + 1));
    }
}
