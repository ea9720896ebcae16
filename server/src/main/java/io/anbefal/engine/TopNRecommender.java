package io.anbefal.engine;

import io.anbefal.engine.EngineSettings.Spec;

import java.util.List;

/**
 * One recommender instance, in steps (LensKit's {@code TopNItemRecommender}, RankSys' {@code FastRankingRecommender}):
 * <ol>
 * <li>the type's {@link ItemScorer} says whom the request is for;</li>
 * <li>{@link Exclusions} marks what must not be answered;</li>
 * <li>the type supplies candidates and scores (or one sorted list that is its own ranking);</li>
 * <li>a {@link CandidateFilter} allows the kind of entity the type answers, and the rules (none yet);</li>
 * <li>the {@link Scorer}'s {@link TopN} takes the best {@code num}.</li>
 * </ol>
 */
final class TopNRecommender implements Recommender {

    private final Spec spec;
    private final ItemScorer type;
    private final CandidateFilter rules;

    TopNRecommender(Spec spec, ItemScorer type, CandidateFilter rules) {
        this.spec = spec;
        this.type = type;
        this.rules = rules;
    }

    @Override
    public Recommendation recommend(Query q, Scorer scorer) {
        ServiceModel m = q.model();
        scorer.reset(m.items.size());
        Person person = type.person(q);
        if (!type.recordsReads()) {
            q.reads().incomplete();
        }
        Exclusions.mark(q, spec, type, person, scorer);
        CandidateFilter kind = type.recommendsCategories() ? m::isCategory : m::isItem;
        CandidateFilter allowed = kind.and(rules);
        NeighbourLists.Sorted sorted = type.sorted(q, spec);
        List<Recommendation.ScoredItem> items;
        if (sorted != null) {
            items = scorer.firstOf(sorted, q.num(), m.items, allowed);
        } else {
            type.score(q, spec, person, scorer);
            items = scorer.top(q.num(), m.items, allowed);
        }
        return new Recommendation(items, spec.name(), spec.scored());
    }
}
