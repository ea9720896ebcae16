package io.anbefal.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anbefal.store.CatalogStore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every service's product records in memory (read from the store at start, then kept in step with each write the
 * application makes), each service with its search index. Reads never touch SQL. The application writes the store
 * first and this second, under {@link #writeLock}.
 */
public final class ProductCatalog implements Catalog {

    /** The field that names a product. */
    public static final String PRODUCT_ID = "product_id";
    /** The field whose category paths become catalog facts. */
    public static final String CATEGORIES = "categories";
    /** A category entity id is this prefix plus the path as a JSON array: {@code category:["Men","Jeans"]}. */
    public static final String CATEGORY_PREFIX = "category:";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> RECORD = new TypeReference<>() { };
    private static final System.Logger LOG = System.getLogger(ProductCatalog.class.getName());

    private final Map<String, Shelf> shelves = new ConcurrentHashMap<>();

    /** One service's records and index. */
    private static final class Shelf {
        final Map<String, Map<String, Object>> products = new ConcurrentHashMap<>();
        final ProductIndex index = new ProductIndex();
    }

    @Override
    public Optional<Map<String, Object>> product(String service, String productId) {
        Shelf shelf = shelves.get(service);
        return shelf == null ? Optional.empty() : Optional.ofNullable(shelf.products.get(productId));
    }

    @Override
    public List<ProductIndex.Hit> search(String service, String q) {
        Shelf shelf = shelves.get(service);
        if (shelf == null) {
            return List.of();
        }
        // the records as they are now: the index may still hold one deleted a moment ago
        return shelf.index.search(q).hits().stream().filter(h -> shelf.products.containsKey(h.productId())).toList();
    }

    /** The service's records (a live view). */
    public java.util.Collection<Map<String, Object>> products(String service) {
        Shelf shelf = shelves.get(service);
        return shelf == null ? List.of() : Collections.unmodifiableCollection(shelf.products.values());
    }

    /** How many products the service has. */
    public int size(String service) {
        Shelf shelf = shelves.get(service);
        return shelf == null ? 0 : shelf.products.size();
    }

    /** The service's search index (empty for a service without products). */
    public ProductIndex index(String service) {
        return shelf(service).index;
    }

    /** What writers of one service's catalog synchronise on. */
    public Object writeLock(String service) {
        return shelf(service);
    }

    /** Fills the catalog from the store. */
    public void load(CatalogStore store) {
        long t0 = System.nanoTime();
        Map<String, Map<String, Map<String, Object>>> all = new HashMap<>();
        store.products((service, id, json) -> all.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(id, parse(json)));
        all.forEach(this::put);
        LOG.log(System.Logger.Level.INFO, "Loaded {0} products of {1} services in {2} ms",
                all.values().stream().mapToInt(Map::size).sum(), all.size(), (System.nanoTime() - t0) / 1_000_000);
    }

    /** Adds or replaces records (already stored). */
    public void put(String service, Map<String, Map<String, Object>> records) {
        Shelf shelf = shelf(service);
        Map<String, Map<String, Object>> frozen = new LinkedHashMap<>();
        records.forEach((id, r) -> frozen.put(id, Collections.unmodifiableMap(new LinkedHashMap<>(r))));
        shelf.products.putAll(frozen);
        shelf.index.put(frozen);
    }

    /** Removes records (already deleted from the store). */
    public void delete(String service, List<String> ids) {
        Shelf shelf = shelf(service);
        ids.forEach(shelf.products::remove);
        shelf.index.delete(ids);
    }

    private Shelf shelf(String service) {
        return shelves.computeIfAbsent(service, s -> new Shelf());
    }

    /**
     * A product's category paths as entity ids. {@code categories} is a list of paths (each a list of strings, most
     * general first, as Miso sends them) or of plain strings (one-level paths).
     */
    public static List<String> categoryIds(Map<String, Object> product) {
        List<String> ids = new ArrayList<>();
        if (product.get(CATEGORIES) instanceof List<?> paths) {
            for (Object path : paths) {
                List<?> parts = path instanceof List<?> l ? l : List.of(String.valueOf(path));
                String id = CATEGORY_PREFIX + toJson(parts);
                if (!parts.isEmpty() && !ids.contains(id)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /** The category path an entity id stands for, or the id itself as a one-level path. */
    public static List<String> categoryPath(String entityId) {
        if (entityId.startsWith(CATEGORY_PREFIX)) {
            try {
                return List.of(JSON.readValue(entityId.substring(CATEGORY_PREFIX.length()), String[].class));
            } catch (JsonProcessingException e) {
                // not one of ours: fall through
            }
        }
        return List.of(entityId);
    }

    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stored record's JSON text as a map. */
    public static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, RECORD);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt product record in the store: " + json, e);
        }
    }
}
