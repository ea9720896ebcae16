package io.anbefal.miso;

import io.anbefal.app.Anbefal;
import io.anbefal.app.AnbefalException;
import io.anbefal.catalog.ProductCatalog;
import io.anbefal.engine.RecommendRequest;
import io.anbefal.engine.Recommendation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What the Miso-style API ({@code /v1}) asks of the application beyond storing: recommendations joined with the
 * catalog (search is {@link MisoSearch}). No HTTP here; the handlers parse, call this, answer.
 */
public final class Miso {

    /** The largest number of candidates asked of a recommender. */
    private static final int MAX_CANDIDATES = 1000;

    private final Anbefal anbefal;

    public Miso(Anbefal anbefal) {
        this.anbefal = anbefal;
    }

    /** The recommendation endpoints, each with the recommender that answers it unless a setting names another. */
    public enum Endpoint {
        USER_TO_PRODUCTS("ProductForCustomerRecommender"),
        PRODUCT_TO_PRODUCTS("ItemToItemRecommender"),
        USER_TO_TRENDING("PopularRecommender"),
        USER_TO_CATEGORIES("CategoryForCustomerRecommender");

        private final String recommender;

        Endpoint(String recommender) {
            this.recommender = recommender;
        }

        /** The path segment, {@code user_to_products}. */
        public String path() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The recommender the service's {@code miso.<path>.recommender} setting names, or the default. */
        String recommender(Map<String, String> settings) {
            String configured = settings.get("miso." + path() + ".recommender");
            return configured == null || configured.isBlank() ? recommender : configured.trim();
        }
    }

    /**
     * A recommendation request.
     *
     * @param person    user_id, else anonymous_id; null when neither is given
     * @param productId the product of product_to_products, else null
     * @param rows      how many products are wanted
     * @param fl        the catalog fields to show besides product_id ({@code *}: all)
     * @param exclude   products never to answer
     * @param fq        a filter on catalog records (see {@link ProductFilter}), or null
     */
    public record Query(String person, String productId, int rows, List<String> fl, List<String> exclude, String fq) {
        public Query {
            fl = fl == null ? List.of() : List.copyOf(fl);
            exclude = exclude == null ? List.of() : List.copyOf(exclude);
        }
    }

    /** Products (or categories) with the id of the answer; {@code misoId} names the recommender that produced it. */
    public record Answer(List<Map<String, Object>> items, String misoId) {
    }

    /**
     * Recommends products. When the service has a catalog, only products in it are answered (a deleted product
     * disappears at once) and {@code fq} filters on their records; candidates are taken from the recommender's top
     * {@value #MAX_CANDIDATES} at most, so a narrow filter may answer fewer than {@code rows}.
     */
    public Answer products(String service, Endpoint endpoint, Query q) {
        Map<String, String> settings = anbefal.requireService(service).settings();
        Predicate<Map<String, Object>> filter = ProductFilter.parse(q.fq());
        String recommender = endpoint.recommender(settings);
        List<String> ids = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        if (endpoint == Endpoint.PRODUCT_TO_PRODUCTS) {
            ids.add(q.productId());
            if (q.person() != null) {
                tags.add("userid:" + q.person());
            }
        } else if (q.person() != null) {
            ids.add(q.person());
        }
        ProductCatalog catalog = anbefal.catalog();
        boolean useCatalog = catalog.size(service) > 0;
        boolean filtering = useCatalog || q.fq() != null;
        int want = Math.min(MAX_CANDIDATES, filtering ? Math.max(q.rows() * 5, q.rows() + q.exclude().size() + 50)
                : q.rows() + q.exclude().size() + 1);
        Recommendation r = anbefal.recommend(service, new RecommendRequest(recommender, ids, tags, want), null);
        Set<String> excluded = new HashSet<>(q.exclude());
        if (q.productId() != null) {
            excluded.add(q.productId());
        }
        List<Map<String, Object>> products = new ArrayList<>();
        for (Recommendation.ScoredItem item : r.items()) {
            if (products.size() == q.rows()) {
                break;
            }
            if (excluded.contains(item.id())) {
                continue;
            }
            Optional<Map<String, Object>> record = catalog.product(service, item.id());
            if ((useCatalog && record.isEmpty()) || (q.fq() != null && (record.isEmpty() || !filter.test(record.get())))) {
                continue;
            }
            products.add(fields(item.id(), record.orElse(Map.of()), q.fl()));
        }
        return new Answer(products, misoId(r.origin()));
    }

    /** The categories the person is most interested in, best first, each {@code {"category": [path...]}}. */
    public Answer categories(String service, Query q) {
        Map<String, String> settings = anbefal.requireService(service).settings();
        String recommender = Endpoint.USER_TO_CATEGORIES.recommender(settings);
        Recommendation r = anbefal.recommend(service, new RecommendRequest(recommender,
                q.person() == null ? List.of() : List.of(q.person()), List.of(), Math.min(MAX_CANDIDATES, q.rows())), null);
        List<Map<String, Object>> categories = new ArrayList<>();
        for (Recommendation.ScoredItem item : r.items()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("category", ProductCatalog.categoryPath(item.id()));
            categories.add(c);
        }
        return new Answer(categories, misoId(r.origin()));
    }

    static void flatten(Object v, Set<String> out) {
        if (v instanceof List<?> list) {
            list.forEach(e -> flatten(e, out));
        } else if (v != null && !(v instanceof Map<?, ?>)) {
            out.add(String.valueOf(v));
        }
    }

    /** {@code product_id} and the asked fields of a record ({@code *}: all of them). */
    static Map<String, Object> fields(String id, Map<String, Object> record, List<String> fl) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(ProductCatalog.PRODUCT_ID, id);
        if (fl.contains("*")) {
            record.forEach(p::putIfAbsent);
        } else {
            for (String f : fl) {
                Object v = ProductFilter.lookup(record, f);
                if (v != null) {
                    p.putIfAbsent(f, v);
                }
            }
        }
        return p;
    }

    /**
     * The id of an answer: the recommender that produced it and a random part. A client copies it into the
     * {@code miso_id} of the impressions and clicks it reports, which then count for that recommender in
     * {@code /recapi/1.0/stats}.
     */
    static String misoId(String origin) {
        return origin + ":" + UUID.randomUUID();
    }

    /** The recommender (origin) named by a {@code miso_id} this server gave out, or null. */
    public static String originOf(String misoId) {
        if (misoId == null) {
            return null;
        }
        int colon = misoId.lastIndexOf(':');
        return colon > 0 && colon <= 200 ? misoId.substring(0, colon) : null;
    }

    static double number(String v, double otherwise) {
        try {
            return v == null ? otherwise : Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** A problem listed Miso's way: one message and the details. */
    public static AnbefalException invalid(String message, List<String> details) {
        return new AnbefalException(AnbefalException.Kind.BAD_INPUT, message, details);
    }
}
