package io.anbefal.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service's product records, as the shop sent them (Miso-style {@code /v1/products}): each product's fields by
 * name ({@code product_id}, {@code title}, {@code url}, {@code price}, ...), values as parsed from JSON (String,
 * Number, Boolean, List, Map). The Kibo RTI adapter reads attributes from here and searches it for TermGuide;
 * recommendations never require it.
 */
public interface Catalog {

    /** A catalog that knows no product. */
    Catalog EMPTY = (service, productId) -> Optional.empty();

    /** The product's fields, or empty when the service has no record of it. */
    Optional<Map<String, Object>> product(String service, String productId);

    /**
     * The service's products matching the words of {@code q}, most relevant first (see {@link ProductIndex#search});
     * none in a catalog without a search index.
     */
    default List<ProductIndex.Hit> search(String service, String q) {
        return List.of();
    }
}
