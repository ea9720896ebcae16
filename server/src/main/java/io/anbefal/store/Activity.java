package io.anbefal.store;

import java.util.List;
import java.util.Map;

/**
 * What the operator's dashboard plots of one service's single updates over a time range: entity-events per
 * {@code what} in time buckets, the items most exposed and most clicked, and the latest updates.
 *
 * @param series  per {@code what}, entity-events per bucket (index 0 is the bucket starting at the range's start)
 * @param exposed the most exposed items (RECEXPOSURE entity-events), most first
 * @param clicked the most clicked items (RECCLICK entity-events), most first
 * @param recent  the latest updates of the range, newest first
 */
public record Activity(Map<String, long[]> series, List<ItemCount> exposed, List<ItemCount> clicked,
                       List<RecentUpdate> recent) {

    /** How many RECEXPOSURE or RECCLICK updates of a range, newest first, the top items are counted over. */
    public static final int TOP_SCAN = 100_000;

    /** An item and its count. */
    public record ItemCount(String item, long count) {
    }

    /** One stored update, as the live tail shows it. */
    public record RecentUpdate(long timeMillis, String person, List<String> entities, String what, String where,
                               String origin) {
    }
}
