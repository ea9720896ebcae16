package io.anbefal.miso;

import io.anbefal.app.Anbefal;
import io.anbefal.app.AnbefalException;
import io.anbefal.catalog.ProductCatalog;
import io.anbefal.engine.RecommendRequest;
import io.anbefal.engine.rules.Expr;
import io.anbefal.engine.rules.Rule;
import io.anbefal.engine.rules.RuleContext;
import io.anbefal.engine.rules.Rules;
import io.anbefal.engine.Recommendation;
import io.anbefal.store.ServiceAccount;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

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
        USER_TO_CATEGORIES("CategoryForCustomerRecommender"),
        USER_TO_ATTRIBUTES("ProductForCustomerRecommender"),
        USER_TO_HISTORY("RecentlyViewedRecommender");

        private final String recommender;

        Endpoint(String recommender) {
            this.recommender = recommender;
        }

        /** The path segment, {@code user_to_products}. */
        public String path() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The setting naming the endpoint's recommender, {@code miso.<path>.recommender}. */
        String setting() {
            return "miso." + path() + ".recommender";
        }

        /** The recommender the service's {@code miso.<path>.recommender} setting names, or the default. */
        String recommender(Map<String, String> settings) {
            String configured = settings.get(setting());
            return configured == null || configured.isBlank() ? recommender : configured.trim();
        }
    }

    /** The field of {@code fl} that asks for each product's {@code _personalization_score}. */
    public static final String SCORE = "_personalization_score";

    /**
     * A recommendation request.
     *
     * @param person     user_id, else anonymous_id; null when neither is given
     * @param productIds the products of product_to_products (Miso's list form, or one), else empty
     * @param rows       how many products (categories, attribute values) are wanted
     * @param fl         the catalog fields to show besides product_id ({@code *}: all; {@value #SCORE}: the score)
     * @param exclude    products never to answer
     * @param fq         a filter on catalog records (see {@link ProductFilter}), or null
     * @param boostFq    a filter whose matching products come first (see {@link ProductFilter}), or null
     * @param engineId   Miso's engine: here a recommender of the service to ask instead of the endpoint's, when the
     *                   service has one of that name; otherwise ignored
     * @param perGroup   products per category or attribute value (user_to_categories, user_to_attributes)
     * @param field      the catalog field of user_to_attributes, else null
     */
    public record Query(String person, List<String> productIds, int rows, List<String> fl, List<String> exclude,
                        String fq, String boostFq, String engineId, int perGroup, String field) {
        public Query {
            productIds = productIds == null ? List.of() : List.copyOf(productIds);
            fl = fl == null ? List.of() : List.copyOf(fl);
            exclude = exclude == null ? List.of() : List.copyOf(exclude);
        }

        /** A query with only the common fields. */
        public Query(String person, String productId, int rows, List<String> fl, List<String> exclude, String fq) {
            this(person, productId == null ? List.of() : List.of(productId), rows, fl, exclude, fq, null, null, 5, null);
        }
    }

    /**
     * Products (or categories, attribute values) with the id of the answer; {@code misoId} names the recommender
     * (and the experiment's variant, as the origin does: {@code R@EXPERIMENT/VARIANT:uuid}), {@code variant} is the
     * experiment's variant that answered, or null.
     */
    public record Answer(List<Map<String, Object>> items, String misoId, Recommendation.Variant variant) {
        public Answer(List<Map<String, Object>> items, String misoId) {
            this(items, misoId, null);
        }
    }

    /** A recommended product that passed the catalog and the filter: id, score (0 to 1), record (maybe empty). */
    private record Candidate(String id, double score, Map<String, Object> record) {
    }

    private String recommender(ServiceAccount account, Endpoint endpoint, Query q, Map<String, String> settings) {
        if (q.engineId() != null && anbefal.hasRecommender(account, q.engineId())) {
            return q.engineId();
        }
        return endpoint.recommender(settings);
    }

    /**
     * Recommends products. When the service has a catalog, only products in it are answered (a deleted product
     * disappears at once) and {@code fq} filters on their records; candidates are taken from the recommender's top
     * {@value #MAX_CANDIDATES} at most, so a narrow filter may answer fewer than {@code rows}. Products matching
     * {@code boost_fq} come first, each group in the recommender's order.
     */
    public Answer products(ServiceAccount account, Endpoint endpoint, Query q) {
        String service = account.name();
        Map<String, String> settings = account.settings();
        String recommender = recommender(account, endpoint, q, settings);
        List<String> ids = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        if (endpoint == Endpoint.PRODUCT_TO_PRODUCTS) {
            ids.addAll(q.productIds());
            if (q.person() != null) {
                tags.add("userid:" + q.person());
            }
        } else if (q.person() != null) {
            ids.add(q.person());
        }
        boolean filtering = anbefal.catalog().size(service) > 0 || q.fq() != null || q.boostFq() != null;
        int want = Math.min(MAX_CANDIDATES, filtering ? Math.max(q.rows() * 5, q.rows() + q.exclude().size() + 50)
                : q.rows() + q.exclude().size() + q.productIds().size() + 1);
        Expr fq = ProductFilter.parse("fq", q.fq());
        Expr boost = ProductFilter.parse("boost_fq", q.boostFq());
        // the engine filters every candidate by fq (so a narrow filter still fills rows); the catalog check stays here
        Recommendation r = anbefal.recommend(account, new RecommendRequest(recommender, ids, tags, want,
                fq == null ? Rules.NONE : new Rules(List.of(new Rule.Filter(fq))), RuleContext.EMPTY)
                .at(List.of(MisoExperiments.placement(endpoint))), null);
        if (endpoint == Endpoint.USER_TO_HISTORY && r.variant() == null && !r.origin().equals(recommender)) {
            return new Answer(List.of(), misoId(r.origin())); // a fallback's products are no one's history
        }
        Set<String> excluded = new HashSet<>(q.exclude());
        excluded.addAll(q.productIds());
        List<Candidate> candidates = candidates(account, r, fq, excluded, boost == null ? q.rows() : Integer.MAX_VALUE);
        if (boost != null) {
            Set<String> matching = anbefal.matching(account, boost, candidates.stream().map(Candidate::id).toList());
            List<Candidate> boosted = new ArrayList<>();
            List<Candidate> rest = new ArrayList<>();
            for (Candidate c : candidates) {
                (matching.contains(c.id()) ? boosted : rest).add(c);
            }
            boosted.addAll(rest);
            candidates = boosted;
        }
        List<Map<String, Object>> products = new ArrayList<>();
        for (Candidate c : candidates.subList(0, Math.min(q.rows(), candidates.size()))) {
            products.add(product(c, q.fl()));
        }
        return new Answer(products, misoId(r.origin()), r.variant());
    }

    /**
     * The recommended products that are in the catalog (when the service has one), not excluded and match the
     * filter, best first, at most {@code limit}; each scored from 1 (the best) down, as {@value #SCORE} shows it.
     */
    private List<Candidate> candidates(ServiceAccount account, Recommendation r, Expr fq, Set<String> excluded, int limit) {
        String service = account.name();
        ProductCatalog catalog = anbefal.catalog();
        boolean useCatalog = catalog.size(service) > 0;
        Set<String> passing = fq == null ? null
                : anbefal.matching(account, fq, r.items().stream().map(Recommendation.ScoredItem::id).toList());
        double best = r.items().isEmpty() ? 1 : r.items().getFirst().score();
        List<Candidate> out = new ArrayList<>();
        int n = r.items().size();
        for (int rank = 0; rank < n && out.size() < limit; rank++) {
            Recommendation.ScoredItem item = r.items().get(rank);
            if (excluded.contains(item.id())) {
                continue;
            }
            Optional<Map<String, Object>> record = catalog.product(service, item.id());
            if ((useCatalog && record.isEmpty()) || (fq != null && (record.isEmpty() || !passing.contains(item.id())))) {
                continue;
            }
            double score = r.scored() && best > 0 ? item.score() / best : 1.0 - (double) rank / n;
            out.add(new Candidate(item.id(), Math.max(0, Math.min(1, score)), record.orElse(Map.of())));
        }
        return out;
    }

    private static Map<String, Object> product(Candidate c, List<String> fl) {
        Map<String, Object> p = fields(c.id(), c.record(), fl);
        if (fl.contains(SCORE)) {
            p.put(SCORE, Math.round(c.score() * 10_000) / 10_000.0);
        }
        return p;
    }

    /** The person's recommended products (user_to_products' recommender), the candidates of categories and values. */
    private Recommendation personal(ServiceAccount account, Query q, Map<String, String> settings) {
        String recommender = recommender(account, Endpoint.USER_TO_PRODUCTS, q, settings);
        return anbefal.recommend(account, new RecommendRequest(recommender,
                q.person() == null ? List.of() : List.of(q.person()), List.of(), MAX_CANDIDATES), null);
    }

    /**
     * The categories the person is most interested in, best first, each {@code {"category": [path...], "total": n,
     * "recommended_products": [...]}}: {@code total} counts the catalog's products in the category (or a
     * subcategory of it), the products are the person's recommended ones in it (up to {@code perGroup}).
     */
    public Answer categories(ServiceAccount account, Query q) {
        String service = account.name();
        Map<String, String> settings = account.settings();
        String recommender = Endpoint.USER_TO_CATEGORIES.recommender(settings);
        Recommendation r = anbefal.recommend(account, new RecommendRequest(recommender,
                q.person() == null ? List.of() : List.of(q.person()), List.of(), Math.min(MAX_CANDIDATES, q.rows()))
                .at(List.of(MisoExperiments.placement(Endpoint.USER_TO_CATEGORIES))), null);
        List<Candidate> products = candidates(account, personal(account, q, settings), ProductFilter.parse(q.fq()),
                new HashSet<>(q.exclude()),
                MAX_CANDIDATES);
        Map<String, List<List<String>>> pathsOf = new HashMap<>();
        for (Map<String, Object> record : anbefal.catalog().products(service)) {
            pathsOf.put(String.valueOf(record.get(ProductCatalog.PRODUCT_ID)), paths(record));
        }
        List<Map<String, Object>> categories = new ArrayList<>();
        for (Recommendation.ScoredItem item : r.items()) {
            List<String> path = ProductCatalog.categoryPath(item.id());
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("category", path);
            c.put("total", pathsOf.values().stream().filter(ps -> within(ps, path)).count());
            List<Map<String, Object>> recommended = new ArrayList<>();
            for (Candidate p : products) {
                if (recommended.size() == q.perGroup()) {
                    break;
                }
                if (within(pathsOf.getOrDefault(p.id(), List.of()), path)) {
                    recommended.add(product(p, q.fl()));
                }
            }
            c.put("recommended_products", recommended);
            categories.add(c);
        }
        return new Answer(categories, misoId(r.origin()), r.variant());
    }

    private static List<List<String>> paths(Map<String, Object> record) {
        List<List<String>> out = new ArrayList<>();
        for (String id : ProductCatalog.categoryIds(record)) {
            out.add(ProductCatalog.categoryPath(id));
        }
        return out;
    }

    /** Whether one of the paths is {@code path} or below it. */
    private static boolean within(List<List<String>> paths, List<String> path) {
        for (List<String> p : paths) {
            if (p.size() >= path.size() && p.subList(0, path.size()).equals(path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The values of a catalog field the person is most interested in: the values of the person's recommended
     * products (user_to_products' recommender, up to {@value #MAX_CANDIDATES}), each weighing by the product's
     * place in the list, best first; each {@code {"value", "total" (the catalog's products with it),
     * "recommended_products" (the person's best ones with it, up to perGroup)}}.
     */
    public Answer attributes(ServiceAccount account, Query q) {
        String service = account.name();
        Map<String, String> settings = account.settings();
        Recommendation r = personal(account, q, settings);
        List<Candidate> products = candidates(account, r, ProductFilter.parse(q.fq()), new HashSet<>(q.exclude()),
                MAX_CANDIDATES);
        Map<String, Double> weight = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> recommended = new HashMap<>();
        for (int rank = 0; rank < products.size(); rank++) {
            Candidate c = products.get(rank);
            Set<String> values = new LinkedHashSet<>();
            flatten(ProductFilter.lookup(c.record(), q.field()), values);
            for (String v : values) {
                weight.merge(v, 1.0 - (double) rank / products.size(), Double::sum);
                List<Map<String, Object>> list = recommended.computeIfAbsent(v, k -> new ArrayList<>());
                if (list.size() < q.perGroup()) {
                    list.add(product(c, q.fl()));
                }
            }
        }
        Map<String, Integer> total = new HashMap<>();
        for (Map<String, Object> record : anbefal.catalog().products(service)) {
            Set<String> values = new HashSet<>();
            flatten(ProductFilter.lookup(record, q.field()), values);
            values.forEach(v -> total.merge(v, 1, Integer::sum));
        }
        List<Map<String, Object>> attributes = new ArrayList<>();
        weight.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(q.rows())
                .forEach(e -> {
                    Map<String, Object> a = new LinkedHashMap<>();
                    a.put("value", e.getKey());
                    a.put("total", total.getOrDefault(e.getKey(), 0));
                    a.put("recommended_products", recommended.get(e.getKey()));
                    attributes.add(a);
                });
        return new Answer(attributes, misoId("attributes+" + r.origin()));
    }

    /**
     * Products by id, in the order asked, each with {@code _found} and the asked fields (all by default): Miso's
     * multiple get.
     */
    public Answer mget(ServiceAccount account, List<String> productIds, List<String> fl) {
        String service = account.name();
        List<Map<String, Object>> out = new ArrayList<>();
        for (String id : productIds) {
            Optional<Map<String, Object>> record = anbefal.catalog().product(service, id);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("_found", record.isPresent());
            p.putAll(fields(id, record.orElse(Map.of()), fl.isEmpty() ? List.of("*") : fl));
            out.add(p);
        }
        return new Answer(out, misoId("mget"));
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
