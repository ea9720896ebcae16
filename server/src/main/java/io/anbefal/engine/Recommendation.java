package io.anbefal.engine;

import java.util.List;

/**
 * The answer of a recommender.
 *
 * @param items  best first
 * @param origin the name of the recommender instance that really produced the items (a fallback may answer)
 * @param scored whether the answer is to be shown with weights ({@code [{"id":..,"w":..}]})
 */
public record Recommendation(List<ScoredItem> items, String origin, boolean scored) {
    public Recommendation {
        items = List.copyOf(items);
    }

    /** One recommended entity with its score (higher is better). */
    public record ScoredItem(String id, double score) {
    }
}
