package io.anbefal.app;

import io.anbefal.catalog.ProductCatalog;
import io.anbefal.engine.Engine;
import io.anbefal.store.Limits;
import io.anbefal.store.ServiceAccount;
import io.anbefal.store.Store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes to the catalog: product records (into the store and the in-memory catalog, with the catalog facts they
 * imply for the engine) and the Miso-style user records.
 */
final class CatalogWrites {

    private final Store store;
    private final ProductCatalog catalog;
    private final Updates updates;
    private final Engine engine;

    CatalogWrites(Store store, ProductCatalog catalog, Updates updates, Engine engine) {
        this.store = store;
        this.catalog = catalog;
        this.updates = updates;
        this.engine = engine;
    }

    /** See {@link Anbefal#putProducts}. */
    void putProducts(ServiceAccount account, List<Map<String, Object>> products) {
        String service = account.name();
        synchronized (catalog.writeLock(service)) {
            Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
            for (Map<String, Object> p : products) {
                String id = (String) p.get(ProductCatalog.PRODUCT_ID);
                Lengths.check(ProductCatalog.PRODUCT_ID, id, Limits.PRODUCT_ID);
                byId.put(id, p);
            }
            Map<String, String> json = new LinkedHashMap<>();
            byId.forEach((id, p) -> json.put(id, Lengths.check("the record of product " + id, ProductCatalog.toJson(p),
                    Limits.PRODUCT_JSON)));
            if (io.anbefal.engine.SettingForm.BOOLEAN.bool(account.settings().get(SettingsCheck.CATALOG_FACTS), true)) {
                String tag = account.settings().getOrDefault("category-tag", "itemcat");
                long now = System.currentTimeMillis();
                List<Update> facts = new ArrayList<>();
                byId.forEach((id, p) -> {
                    List<String> categories = ProductCatalog.categoryIds(p);
                    List<String> before = catalog.product(service, id).map(ProductCatalog::categoryIds).orElse(List.of());
                    // a product's categories can be changed but not removed (the convention has no empty fact)
                    if (!categories.isEmpty() && !categories.equals(before)) {
                        facts.add(new Update(id, categories, Anbefal.CATALOG_FACT, null, null, List.of(tag), now,
                                null, null, null));
                    }
                });
                if (!facts.isEmpty()) {
                    // first: a crash before the records are stored repeats the facts; no visitor, so no links
                    updates.update(service, facts, Collections.nCopies(facts.size(), null), false);
                }
            }
            store.putProducts(service, json);
            catalog.put(service, byId);
            engine.putAttributes(service, byId); // what the rules filter on
        }
    }

    /** Gives the engine every service's product records as item attributes (the rules filter on them). */
    void feedAttributes() {
        for (ServiceAccount account : store.services()) {
            Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
            for (Map<String, Object> p : catalog.products(account.name())) {
                byId.put((String) p.get(ProductCatalog.PRODUCT_ID), p);
            }
            engine.putAttributes(account.name(), byId);
        }
    }

    /** See {@link Anbefal#deleteProducts}. */
    int deleteProducts(String service, List<String> productIds) {
        synchronized (catalog.writeLock(service)) {
            int n = store.deleteProducts(service, productIds);
            catalog.delete(service, productIds);
            engine.removeAttributes(service, productIds);
            return n;
        }
    }

    void putUsers(String service, Map<String, String> jsonByUserId) {
        store.putUserRecords(service, jsonByUserId);
    }

    Optional<String> user(String service, String userId) {
        return store.userRecord(service, userId);
    }

    int deleteUsers(String service, List<String> userIds) {
        return store.deleteUserRecords(service, userIds);
    }
}
