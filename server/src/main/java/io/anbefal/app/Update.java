package io.anbefal.app;

import java.util.List;

/**
 * One update as a client sends it, validated but not yet tied to a person.
 *
 * @param customer   the customer; null or {@code "anonymous"} means the visitor sending it (browser side)
 * @param entityIDs  the entities, never empty
 * @param what       kind of event
 * @param where      channel, or null
 * @param origin     recommender instance that produced the entity, or null
 * @param tags       tags, never null
 * @param timeMillis when it happened; null means now
 * @param boost      optional weight
 * @param number     optional count
 * @param eventId    optional client key for exactly-once counting
 */
public record Update(String customer, List<String> entityIDs, String what, String where, String origin,
                     List<String> tags, Long timeMillis, Double boost, Integer number, String eventId) {
    public Update {
        entityIDs = List.copyOf(entityIDs);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** Whether the update leaves the person to the visitor id. */
    public boolean anonymous() {
        return customer == null || customer.isEmpty() || Anbefal.ANONYMOUS.equals(customer);
    }
}
