package io.anbefal.engine;

/**
 * A recommender instance as a composable step (LensKit's {@code ItemRecommender}): answers a query into the
 * pooled scorer. {@link TopNRecommender} runs one instance; {@link FallbackRecommender} composes two.
 */
interface Recommender {

    /** At most {@code q.num()} entities, best first, and the instance that produced them as the origin. */
    Recommendation recommend(Query q, Scorer scorer);
}
