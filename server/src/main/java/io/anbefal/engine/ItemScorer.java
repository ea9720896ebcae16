package io.anbefal.engine;

import io.anbefal.engine.EngineSettings.Spec;

/**
 * What one recommender type contributes to a request: the candidates and their scores, put into the pooled
 * {@link Scorer} (RankSys' {@code FastRankingRecommender.getScoresMap}, LensKit's {@code ItemScorer}). Whom the
 * request is for and which exclusions apply are also the type's to say; {@link TopNRecommender} runs the steps
 * (exclusions, filter, top-N) around it. One small class per type, made by {@link ItemScorers}.
 */
interface ItemScorer {

    /** The person whose items are excluded and whom a personal type scores for; by default a {@code userid:} tag's. */
    default Person person(Query q) {
        return q.taggedPerson();
    }

    /** Whether the person's purchased (or, with {@code exclude-seen}, interacted) items are left out. */
    default boolean excludesPersonsItems() {
        return true;
    }

    /** Whether the entities asked about (the basket, the item shown) are left out. */
    default boolean excludesAsked() {
        return true;
    }

    /** Whether it answers categories rather than items. */
    default boolean recommendsCategories() {
        return false;
    }

    /**
     * A sorted list that answers the request by itself, if there is one (then its first allowed entries are the
     * answer, with no scoring at all); null to be scored.
     */
    default NeighbourLists.Sorted sorted(Query q, Spec spec) {
        return null;
    }

    /**
     * Whether every read of the model beyond the persons (the asked and the tagged one) goes into the scorer's
     * {@link ReadSet}, so that its answers may be kept by {@link AnswerCache}; false unless a type says so.
     */
    default boolean recordsReads() {
        return false;
    }

    /**
     * Whether every candidate is scored by {@link #score} when the {@link #sorted} list (a bounded one) ran out
     * under the rules before {@code num} passed: then the rules see the whole catalog, not just the list's top.
     */
    default boolean scoresBeyondSorted() {
        return false;
    }

    /**
     * The whole-catalog answer of {@link #score} as one list in {@link Scorer#top}'s order (scores as
     * {@link #score} gives them), when the type keeps one that is current; null to score. Read when
     * {@link #scoresBeyondSorted} applies.
     */
    default NeighbourLists.Sorted scoredInOrder(Query q) {
        return null;
    }

    /** Adds the candidates and their scores. */
    void score(Query q, Spec spec, Person person, Scorer scorer);
}
