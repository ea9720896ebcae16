package io.anbefal.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An instance and the one that fills in when it has fewer than {@code num} results (LensKit's
 * {@code FallbackItemScorer}, as composition of whole recommenders). The primary's results come first; the
 * fallback's others follow with score 0. When the primary has none (a cold start), the answer is the fallback's,
 * with the fallback's origin. Each item names the instance that produced it ({@code origin}). Every instance
 * filters under the same rules (the request's, bound once). Chains are composed by {@link Recommenders}.
 */
final class FallbackRecommender implements Recommender {

    private final Recommender primary;
    private final Recommender fallback;

    FallbackRecommender(Recommender primary, Recommender fallback) {
        this.primary = primary;
        this.fallback = fallback;
    }

    @Override
    public Recommendation recommend(Query q, Scorer scorer) {
        Recommendation first = primary.recommend(q, scorer);
        List<Recommendation.ScoredItem> items = first.items();
        if (items.size() >= q.num()) {
            return first;
        }
        Recommendation more = fallback.recommend(q, scorer);
        if (items.isEmpty()) {
            return new Recommendation(more.items(), more.origin(), first.scored());
        }
        Set<String> have = new HashSet<>();
        items.forEach(i -> have.add(i.id()));
        List<Recommendation.ScoredItem> merged = new ArrayList<>(items);
        for (Recommendation.ScoredItem i : more.items()) {
            if (merged.size() < q.num() && !have.contains(i.id())) {
                merged.add(new Recommendation.ScoredItem(i.id(), 0.0, i.rank(), i.placement(), i.origin())
                        .withOrigin(more.origin()));
            }
        }
        return new Recommendation(merged, first.origin(), first.scored());
    }
}
