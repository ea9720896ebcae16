package io.anbefal.miso;

import io.anbefal.app.Anbefal;
import io.anbefal.app.AnbefalException;
import io.anbefal.catalog.ProductCatalog;
import io.anbefal.catalog.ProductIndex;
import io.anbefal.engine.RecommendRequest;
import io.anbefal.engine.Recommendation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
 * catalog, and search over the catalog re-ranked for the user. No HTTP here; the handlers parse, call this, answer.
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

    /**
     * A search request.
     *
     * @param q       the query text; blank matches every product
     * @param person  user_id, else anonymous_id; null for no personalisation
     * @param rows    page size
     * @param start   offset of the page
     * @param fl      catalog fields to show besides product_id
     * @param fq      filter (see {@link ProductFilter}) or null
     * @param orderBy sort fields, before relevance and personalisation (which then break ties)
     * @param facets  fields whose values are counted over all matches
     */
    public record SearchQuery(String q, String person, int rows, int start, List<String> fl, String fq,
                              List<Order> orderBy, List<String> facets) {
        public SearchQuery {
            fl = fl == null ? List.of() : List.copyOf(fl);
            orderBy = orderBy == null ? List.of() : List.copyOf(orderBy);
            facets = facets == null ? List.of() : List.copyOf(facets);
        }
    }

    /** One sort field. */
    public record Order(String field, boolean descending) {
    }

    /**
     * Search results.
     *
     * @param products     the page, with the fields asked for
     * @param total        how many products matched
     * @param corrected    the spelling-corrected query that answered, or null
     * @param facetCounts  per facet field, values with their counts, most frequent first
     */
    public record SearchAnswer(List<Map<String, Object>> products, int total, String corrected,
                               Map<String, List<Map<String, Object>>> facetCounts, String misoId) {
    }

    /**
     * Searches the catalog. Relevance is Lucene's BM25 over the records' text (see {@link ProductIndex}); with a
     * person, the relevant hits (relevance at least half the best hit's) are re-ranked by the person's
     * recommendations: the score is {@code relevance / best + weight * (1 - rank / n)} for a product at
     * {@code rank} (0 first) of the person's {@code n} recommended products ({@code miso.search.recommender},
     * default ProductForCustomerRecommender, up to 1000; {@code weight} is {@code miso.search.personal-weight},
     * default 0.5), plain relative relevance otherwise.
     */
    public SearchAnswer search(String service, SearchQuery s) {
        Map<String, String> settings = anbefal.requireService(service).settings();
        ProductCatalog catalog = anbefal.catalog();
        Predicate<Map<String, Object>> filter = ProductFilter.parse(s.fq());
        ProductIndex.Result result = catalog.index(service).search(s.q());
        List<ProductIndex.Hit> hits = new ArrayList<>();
        for (ProductIndex.Hit h : result.hits()) {
            Optional<Map<String, Object>> record = catalog.product(service, h.productId());
            if (record.isPresent() && filter.test(record.get())) {
                hits.add(h);
            }
        }
        String origin = "search";
        Map<String, Double> score = new HashMap<>();
        float best = hits.isEmpty() ? 1 : Math.max(hits.getFirst().score(), Float.MIN_VALUE);
        for (ProductIndex.Hit h : hits) {
            score.put(h.productId(), (double) (h.score() / best));
        }
        if (s.person() != null && !hits.isEmpty()) {
            String recommender = settings.getOrDefault("miso.search.recommender", "ProductForCustomerRecommender");
            double weight = number(settings.get("miso.search.personal-weight"), 0.5);
            Recommendation r = anbefal.recommend(service, new RecommendRequest(recommender, List.of(s.person()),
                    List.of(), MAX_CANDIDATES), null);
            int n = r.items().size();
            for (int rank = 0; rank < n; rank++) {
                String id = r.items().get(rank).id();
                Double relevance = score.get(id);
                if (relevance != null && relevance >= 0.5) {
                    score.put(id, relevance + weight * (1 - (double) rank / n));
                }
            }
            origin = "search+" + r.origin();
        }
        List<ProductIndex.Hit> ranked = new ArrayList<>(hits);
        Comparator<ProductIndex.Hit> order = Comparator.comparingDouble(h -> -score.get(h.productId()));
        if (!s.orderBy().isEmpty()) {
            order = sortBy(service, s.orderBy(), order);
        }
        ranked.sort(order);
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = s.start(); i < ranked.size() && page.size() < s.rows(); i++) {
            String id = ranked.get(i).productId();
            page.add(fields(id, catalog.product(service, id).orElseThrow(), s.fl()));
        }
        Map<String, List<Map<String, Object>>> facets = new LinkedHashMap<>();
        for (String field : s.facets()) {
            Map<String, Integer> counts = new HashMap<>();
            for (ProductIndex.Hit h : ranked) {
                Set<String> values = new HashSet<>();
                flatten(ProductFilter.lookup(catalog.product(service, h.productId()).orElseThrow(), field), values);
                values.forEach(v -> counts.merge(v, 1, Integer::sum));
            }
            List<Map<String, Object>> list = new ArrayList<>();
            counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                    .thenComparing(Map.Entry.comparingByKey())).forEach(e -> {
                        Map<String, Object> v = new LinkedHashMap<>();
                        v.put("value", e.getKey());
                        v.put("count", e.getValue());
                        list.add(v);
                    });
            facets.put(field, list);
        }
        return new SearchAnswer(page, ranked.size(), result.corrected(), facets, misoId(origin));
    }

    /** Completions per field, each {@code {text, text_with_markups, product}}. */
    public record Completions(Map<String, List<Map<String, Object>>> completions, String misoId) {
    }

    /**
     * Completes a partial query from the values of catalog fields: a value matches when each word of {@code q}
     * begins a word of it (case-insensitive; the last word may be partial). Values whose first word matches come
     * first, then shorter ones, then alphabetical. A scan of the service's records: fine for catalogs of some
     * hundred thousand products. The markup is HTML: the value's own {@code <}, {@code >}, {@code &} are escaped.
     */
    public Completions autocomplete(String service, String q, List<String> fields, int rows, List<String> fl) {
        anbefal.requireService(service);
        List<String> words = List.of(q.toLowerCase(Locale.ROOT).trim().split("\\s+"));
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        for (String field : fields) {
            Map<String, Map<String, Object>> found = new HashMap<>();
            for (Map<String, Object> record : anbefal.catalog().products(service)) {
                Set<String> values = new HashSet<>();
                flatten(ProductFilter.lookup(record, field), values);
                for (String v : values) {
                    if (!found.containsKey(v) && completes(v, words)) {
                        found.put(v, record);
                    }
                }
            }
            List<Map<String, Object>> list = new ArrayList<>();
            found.keySet().stream().sorted(Comparator.<String>comparingInt(v -> v.toLowerCase(Locale.ROOT)
                            .startsWith(words.getFirst()) ? 0 : 1).thenComparingInt(String::length)
                            .thenComparing(Comparator.naturalOrder()))
                    .limit(rows).forEach(v -> {
                        Map<String, Object> c = new LinkedHashMap<>();
                        c.put("text", v);
                        c.put("text_with_markups", markup(v, words));
                        Map<String, Object> record = found.get(v);
                        c.put("product", fields(String.valueOf(record.get(ProductCatalog.PRODUCT_ID)), record, fl));
                        list.add(c);
                    });
            out.put(field, list);
        }
        return new Completions(out, misoId("autocomplete"));
    }

    private static boolean completes(String value, List<String> words) {
        List<String> vw = List.of(value.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"));
        return words.stream().allMatch(w -> vw.stream().anyMatch(x -> x.startsWith(w)));
    }

    /** The value with the completed prefixes marked: {@code <mark>Je</mark>ans}. */
    private static String markup(String value, List<String> words) {
        StringBuilder out = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[\\p{L}\\p{N}]+").matcher(value);
        int last = 0;
        while (m.find()) {
            out.append(escape(value.substring(last, m.start())));
            String word = m.group();
            String lower = word.toLowerCase(Locale.ROOT);
            int len = words.stream().filter(lower::startsWith).mapToInt(String::length).max().orElse(0);
            out.append(len == 0 ? word : "<mark>" + word.substring(0, len) + "</mark>" + word.substring(len));
            last = m.end();
        }
        return out.append(escape(value.substring(last))).toString();
    }

    /** HTML text: the markup is meant to be shown as HTML, so the value's own angle brackets must not be. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** order_by fields first (in the order given), then the relevance order. */
    private Comparator<ProductIndex.Hit> sortBy(String service, List<Order> orderBy, Comparator<ProductIndex.Hit> then) {
        ProductCatalog catalog = anbefal.catalog();
        Comparator<ProductIndex.Hit> c = null;
        for (Order o : orderBy) {
            Comparator<ProductIndex.Hit> by = (a, b) -> compare(
                    ProductFilter.lookup(catalog.product(service, a.productId()).orElseThrow(), o.field()),
                    ProductFilter.lookup(catalog.product(service, b.productId()).orElseThrow(), o.field()), o.descending());
            c = c == null ? by : c.thenComparing(by);
        }
        return c.thenComparing(then);
    }

    /** Numbers as numbers, anything else as text; a missing value sorts last either way. */
    private static int compare(Object a, Object b, boolean descending) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        int c = a instanceof Number x && b instanceof Number y ? Double.compare(x.doubleValue(), y.doubleValue())
                : String.valueOf(a).compareTo(String.valueOf(b));
        return descending ? -c : c;
    }

    private static void flatten(Object v, Set<String> out) {
        if (v instanceof List<?> list) {
            list.forEach(e -> flatten(e, out));
        } else if (v != null && !(v instanceof Map<?, ?>)) {
            out.add(String.valueOf(v));
        }
    }

    /** {@code product_id} and the asked fields of a record ({@code *}: all of them). */
    private static Map<String, Object> fields(String id, Map<String, Object> record, List<String> fl) {
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
    private static String misoId(String origin) {
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

    private static double number(String v, double otherwise) {
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
