package io.anbefal.engine;

/**
 * Which scored candidates may be answered: the step between scoring and top-N (the {@code IntPredicate} filter
 * of RankSys' {@code FastRankingRecommender}, the business-rule hook of Mahout's {@code IDRescorer}). A request's
 * exclusions are marked in the {@link Scorer} before (see {@link Exclusions}); a filter then decides per
 * candidate, by dense item id. {@link TopNRecommender} composes the kind of entity a recommender answers (items
 * or categories) with its rules; the merchandising rules are to plug in here.
 */
@FunctionalInterface
interface CandidateFilter {

    /** Allows everything: no rules. */
    CandidateFilter ANY = item -> true;

    boolean allows(int item);

    /** Both this and {@code other}; this itself when {@code other} is {@link #ANY}. */
    default CandidateFilter and(CandidateFilter other) {
        return other == ANY ? this : item -> allows(item) && other.allows(item);
    }
}
