package io.anbefal.engine;

import java.util.List;

/**
 * One acknowledged interaction of a person with one or more entities, as the engine sees it.
 *
 * @param person    customer id or anonymous visitor id (ssasid); opaque string
 * @param entities  the entity ids the event is about (a product and its category, say); never empty
 * @param what      open kind of event: BROWSE, PURCHASE, RECEXPOSURE, RECCLICK, ...
 * @param where     channel, such as web or app; may be null
 * @param origin    recommender instance that produced the entity, for RECEXPOSURE and RECCLICK; may be null
 * @param tags      free tags; never null
 * @param timeMillis when it happened, unix milliseconds
 * @param boost     optional weight multiplier; null when not given
 * @param number    optional count (quantity); null when not given
 */
public record Event(String person, List<String> entities, String what, String where, String origin,
                    List<String> tags, long timeMillis, Double boost, Integer number) {
    public Event {
        entities = List.copyOf(entities);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
