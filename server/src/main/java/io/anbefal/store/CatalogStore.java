package io.anbefal.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store's catalog records: per service, product records and user records, each a JSON text by id that a put
 * replaces whole. What the product catalog ({@code catalog/ProductCatalog}) needs of the store. Writes return only
 * after they are committed.
 */
public interface CatalogStore {

    // --- the product catalog ----------------------------------------------------------------------

    /** Stores product records (JSON text by product id), each replacing the whole record of that id. */
    void putProducts(String service, Map<String, String> jsonByProductId);

    /** Removes product records; returns how many existed. */
    int deleteProducts(String service, List<String> productIds);

    /** Streams every service's product records (to fill the in-memory catalog at start). */
    void products(ProductSink sink);

    /** Receives product records. */
    @FunctionalInterface
    interface ProductSink {
        void product(String service, String productId, String json);
    }

    // --- user records ------------------------------------------------------------------------------

    /** Stores user records (JSON text by user id), each replacing the whole record of that id. */
    void putUserRecords(String service, Map<String, String> jsonByUserId);

    /** One user record's JSON text, or empty. */
    Optional<String> userRecord(String service, String userId);

    /** Removes user records; returns how many existed. */
    int deleteUserRecords(String service, List<String> userIds);
}
