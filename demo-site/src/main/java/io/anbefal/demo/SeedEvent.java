package io.anbefal.demo;

import java.util.List;

/**
 * One generated event of the demo's seed history, shaped like one item of a Sannsyn 1.0 update.
 *
 * @param customer   the customer (for a catalog fact: the product)
 * @param entityIDs  the products the event is about (for a catalog fact: the product's category)
 * @param what       BROWSE, ADDTOCART, PURCHASE, or CATALOG for a catalog fact
 * @param tags       free tags; {@code ["itemcat"]} marks a catalog fact; empty otherwise
 * @param timeMillis when it happened, unix milliseconds
 */
public record SeedEvent(String customer, List<String> entityIDs, String what, List<String> tags, long timeMillis) {
    public SeedEvent {
        entityIDs = List.copyOf(entityIDs);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
