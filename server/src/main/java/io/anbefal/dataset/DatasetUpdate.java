package io.anbefal.dataset;

import java.util.List;

/**
 * An {@code <update>}: a person did {@code what} with entities, as an update of the Sannsyn API 1.0.
 *
 * @param customer   the customer or visitor id (never "anonymous")
 * @param entities   the entity ids, never empty
 * @param what       the kind of event
 * @param where      the channel, or null
 * @param origin     the recommender instance that produced the entity, or null
 * @param tags       tags, never null
 * @param timeMillis when it happened, unix milliseconds
 * @param boost      weight multiplier, or null
 * @param number     count, or null
 * @param eventId    the client's dedupe key, or null
 */
public record DatasetUpdate(String customer, List<String> entities, String what, String where, String origin,
                            List<String> tags, long timeMillis, Double boost, Integer number, String eventId)
        implements DatasetRecord {
    public DatasetUpdate {
        entities = List.copyOf(entities);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
