package io.anbefal.engine;

import io.anbefal.engine.EngineSettings.Spec;
import io.anbefal.engine.EngineSettings.Type;

import java.util.Map;

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

    /**
     * Whether {@code spec} (null: unknown) or a fallback of its chain, followed to the depth {@link #chain} goes,
     * is a {@code RecentlyViewedRecommender}: one whose answer echoes a person's raw history.
     */
    static boolean echoesHistory(Map<String, Spec> specs, Spec spec) {
        for (int depth = 0; spec != null && depth <= MAX_FALLBACKS; depth++) {
            if (spec.type() == Type.RecentlyViewedRecommender) {
                return true;
            }
            spec = spec.fallback() == null ? null : specs.get(spec.fallback());
        }
        return false;
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
