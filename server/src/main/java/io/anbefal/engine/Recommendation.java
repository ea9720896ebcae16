package io.anbefal.engine;

import java.util.List;

/**
 * The answer of a recommender.
 *
 * @param items  best first (pinned items in their slots)
 * @param origin the name of the recommender instance that really produced the items (a fallback may answer)
 * @param scored whether the answer is to be shown with weights ({@code [{"id":..,"w":..}]})
 */
public record Recommendation(List<ScoredItem> items, String origin, boolean scored) {
    public Recommendation {
        items = List.copyOf(items);
    }

    /** How an item got its slot. */
    public enum Placement {
        /** By its score, among the candidates the rules allowed. */
        RANKED,
        /** An item pin ({@code pin X at 2}). */
        ITEM_PIN,
        /** A filter pin: the best candidate matching its filter ({@code pin where brand = Acme at 1}). */
        FILTER_PIN,
        /** A pair pin whose context item was asked about ({@code pair X -> Y at 1}). */
        PAIR_PIN
    }

    /**
     * One recommended entity.
     *
     * @param id        the entity id
     * @param score     higher is better (0 for a fallback's items that follow the primary's, and for item pins)
     * @param rank      its rank among the candidates of the instance that produced it before the rules filtered
     *                  them (1 is its best; Kibo's slotResults {@code rank}: 1, 6, 46 under a loose filter);
     *                  0 when it was no candidate (an item or pair pin)
     * @param placement what put it in its slot
     * @param origin    the instance that produced it (the primary, or the fallback that filled in)
     */
    public record ScoredItem(String id, double score, int rank, Placement placement, String origin) {
        public ScoredItem(String id, double score) {
            this(id, score, 0, Placement.RANKED, null);
        }

        ScoredItem withOrigin(String o) {
            return origin != null ? this : new ScoredItem(id, score, rank, placement, o);
        }
    }
}
