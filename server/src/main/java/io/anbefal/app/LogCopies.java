package io.anbefal.app;

import io.anbefal.catalog.ProductCatalog;
import io.anbefal.engine.Engine;
import io.anbefal.store.CatalogStore;
import io.anbefal.tenant.Services;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a node keeps in memory besides the engine's models, brought up to date when the shared log says another
 * node (or this one) changed it: the service accounts and the models' settings, the product catalog, and a
 * service's model and links before it is learnt anew after an erasure. Called on the group-commit thread.
 */
final class LogCopies implements LogFollower.Copies {

    private final CatalogStore store;
    private final Services services;
    private final Engine engine;
    private final ProductCatalog catalog;
    private final Identities identities;
    private final Recovery recovery;
    /** Per service, the settings this class last gave the engine (a change of users or origins leaves them). */
    private final Map<String, Map<String, String>> configured = new HashMap<>();

    LogCopies(CatalogStore store, Services services, Engine engine, ProductCatalog catalog, Identities identities,
              Recovery recovery) {
        this.store = store;
        this.services = services;
        this.engine = engine;
        this.catalog = catalog;
        this.identities = identities;
        this.recovery = recovery;
    }

    @Override
    public void settingsChanged(String service) {
        // what the engine was last configured with: this class's last, else the account as this node knew it
        Map<String, String> before = configured.containsKey(service) ? configured.get(service)
                : services.find(service).map(a -> a.settings()).orElse(null);
        services.refresh(service);
        services.find(service).ifPresent(account -> {
            configured.put(service, account.settings());
            if (!account.settings().equals(before)) {
                if (engine.counts(service).events() > 0) {
                    recovery.settingsChanged(); // models learnt under other settings: the next start replays
                }
                engine.configure(service, account.settings());
            }
        });
    }

    @Override
    public void catalogChanged(String service, List<String> productIds) {
        synchronized (catalog.writeLock(service)) {
            // read under the service's catalog lock, as its writers write: no older record overwrites a newer one
            Set<String> wanted = productIds == null ? null : new HashSet<>(productIds);
            Map<String, Map<String, Object>> found = new HashMap<>();
            store.products((s, id, json) -> {
                if (s.equals(service) && (wanted == null || wanted.contains(id))) {
                    found.put(id, ProductCatalog.parse(json));
                }
            });
            Set<String> gone = new HashSet<>(wanted == null ? idsOf(service) : wanted);
            gone.removeAll(found.keySet());
            catalog.put(service, found);
            catalog.delete(service, List.copyOf(gone));
            engine.putAttributes(service, found); // what the rules filter on, as CatalogWrites feeds it
            engine.removeAttributes(service, gone);
        }
    }

    private Set<String> idsOf(String service) {
        Set<String> ids = new HashSet<>();
        for (Map<String, Object> p : catalog.products(service)) {
            ids.add((String) p.get(ProductCatalog.PRODUCT_ID));
        }
        return ids;
    }

    @Override
    public void forget(String service) {
        engine.clear(service);
        services.find(service).ifPresent(account -> engine.configure(service, account.settings()));
        identities.forget(service);
    }

    @Override
    public void relearnt(String service) {
        recovery.deleteSnapshot(); // it held what was erased
    }
}
