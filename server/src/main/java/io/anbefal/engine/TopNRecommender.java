package io.anbefal.engine;

import io.anbefal.engine.EngineSettings.Spec;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One recommender instance, in steps (LensKit's {@code TopNItemRecommender}, RankSys' {@code FastRankingRecommender}):
 * <ol>
 * <li>the type's {@link ItemScorer} says whom the request is for;</li>
 * <li>{@link Exclusions} marks what must not be answered;</li>
 * <li>the type supplies candidates and scores (or one sorted list that is its own ranking);</li>
 * <li>a {@link CandidateFilter} allows the kind of entity the type answers, and the request's rules
 * ({@link BoundRules}: filters, conditional filters, the blacklist);</li>
 * <li>the {@link Scorer}'s {@link TopN} takes the best {@code num}, each with its rank before the rules;</li>
 * <li>the best candidate of each filter pin not found yet is kept for {@link Pins}, which places the pins after
 * the whole chain.</li>
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
        NeighbourLists.Sorted sorted = type.sorted(q, spec);
        List<Recommendation.ScoredItem> items;
        if (sorted != null) {
            items = firstOf(q, sorted, scorer, kind);
            if (items.size() < q.num() && rules != CandidateFilter.ANY && sorted.items.length < sorted.rowSize
                    && type.scoresBeyondSorted()) {
                // the bounded list ran out under the rules: the whole catalog is scored, or walked in that order
                sorted = type.scoredInOrder(q);
                if (sorted != null) {
                    items = firstOf(q, sorted, scorer, kind);
                } else {
                    type.score(q, spec, person, scorer);
                    items = scorer.top(q.num(), m.items, kind, rules, spec.name());
                }
            }
        } else {
            type.score(q, spec, person, scorer);
            items = scorer.top(q.num(), m.items, kind, rules, spec.name());
        }
        if (!q.rules().filterPins.isEmpty()) {
            Set<String> taken = new HashSet<>();
            for (BoundRules.FilterPin pin : q.rules().filterPins) {
                if (pin.found == null) {
                    pin.found = sorted != null ? scorer.firstOf(sorted, m.items, kind, pin.filter, taken, spec.name())
                            : scorer.best(m.items, kind, pin.filter, taken, spec.name());
                }
                if (pin.found != null) {
                    taken.add(pin.found.id());
                }
            }
        }
        scorer.clear();
        return new Recommendation(items, spec.name(), spec.scored());
    }

    /**
     * The first allowed entries of a sorted list; by visiting the list's allowed entries when the rules allow few
     * items against the list's length (see {@link Scorer#firstOfVisit}), else by walking the list.
     */
    private List<Recommendation.ScoredItem> firstOf(Query q, NeighbourLists.Sorted sorted, Scorer scorer,
                                                    CandidateFilter kind) {
        ServiceModel m = q.model();
        if (rules instanceof AllowedItems allowed && !m.straightforward
                && allowed.members.length * 4 < sorted.items.length && scorer.visits(sorted)) {
            return scorer.firstOfVisit(sorted, q.num(), m.items, m, type.recommendsCategories(), allowed, spec.name());
        }
        return scorer.firstOf(sorted, q.num(), m.items, kind, rules, spec.name());
    }
}
