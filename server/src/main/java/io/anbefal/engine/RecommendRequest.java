package io.anbefal.engine;

import java.util.List;

/**
 * A request for recommendations from one named recommender of a service.
 *
 * @param recommender the recommender name, as configured for the service
 * @param externalIds what the recommender is asked about: items, a basket, or a customer / visitor id
 * @param tags        free tags; {@code userid:X} names the consumer of item-based recommendations
 * @param num         how many results are wanted, at least 1
 * @param placements  where the answer is shown, most specific first ({@code kibo.widget:W},
 *                    {@code kibo.pageTemplate:T}, {@code miso:ENDPOINT}); an experiment at one of them, else at the
 *                    recommender's name, decides which variant answers ({@link Experiments}). Empty for none
 */
public record RecommendRequest(String recommender, List<String> externalIds, List<String> tags, int num,
                               List<String> placements) {
    public RecommendRequest {
        externalIds = externalIds == null ? List.of() : List.copyOf(externalIds);
        tags = tags == null ? List.of() : List.copyOf(tags);
        placements = placements == null ? List.of() : List.copyOf(placements);
    }

    /** A request shown at no placement of its own (an experiment at the recommender's name still applies). */
    public RecommendRequest(String recommender, List<String> externalIds, List<String> tags, int num) {
        this(recommender, externalIds, tags, num, List.of());
    }

    /** The same request shown at these placements. */
    public RecommendRequest at(List<String> where) {
        return new RecommendRequest(recommender, externalIds, tags, num, where);
    }
}
