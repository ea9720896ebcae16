package io.anbefal.store;

import java.util.List;
import java.util.Map;

/**
 * Counts of one service's stored events over a time range.
 *
 * @param perWhat       entity-events per {@code what}
 * @param perOrigin     exposures and clicks per recommender origin, sorted by origin
 */
public record Stats(Map<String, Long> perWhat, List<OriginStats> perOrigin) {

    /**
     * Exposure and click counts of one recommender instance.
     *
     * @param origin    the recommender instance name
     * @param exposures RECEXPOSURE entity-events
     * @param clicks    RECCLICK entity-events
     */
    public record OriginStats(String origin, long exposures, long clicks) {
        /** Clicks per exposure; 0 without exposures. */
        public double clickThroughRate() {
            return exposures == 0 ? 0.0 : (double) clicks / exposures;
        }
    }
}
