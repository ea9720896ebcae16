package io.anbefal.engine;

import java.util.List;

/**
 * A request for recommendations from one named recommender of a service.
 *
 * @param recommender the recommender name, as configured for the service
 * @param externalIds what the recommender is asked about: items, a basket, or a customer / visitor id
 * @param tags        free tags; {@code userid:X} names the consumer of item-based recommendations
 * @param num         how many results are wanted, at least 1
 */
public record RecommendRequest(String recommender, List<String> externalIds, List<String> tags, int num) {
    public RecommendRequest {
        externalIds = externalIds == null ? List.of() : List.copyOf(externalIds);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
