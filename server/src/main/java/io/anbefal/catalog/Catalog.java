package io.anbefal.catalog;

import java.util.Map;
import java.util.Optional;

/**
 * A service's product records, as the shop sent them (Miso-style {@code /v1/products}): each product's fields by
 * name ({@code product_id}, {@code title}, {@code url}, {@code price}, ...), values as parsed from JSON (String,
 * Number, Boolean, List, Map). The Kibo RTI adapter reads attributes from here; recommendations never require it.
 */
public interface Catalog {

    /** A catalog that knows no product. */
    Catalog EMPTY = (service, productId) -> Optional.empty();

    /** The product's fields, or empty when the service has no record of it. */
    Optional<Map<String, Object>> product(String service, String productId);
}
