package io.anbefal.miso;

import io.anbefal.app.Anbefal;
import io.anbefal.catalog.PersonalRanking;
import io.anbefal.catalog.ProductCatalog;
import io.anbefal.catalog.ProductIndex;
import io.anbefal.engine.RecommendRequest;
import io.anbefal.engine.rules.Expr;
import io.anbefal.engine.Recommendation;
import io.anbefal.store.ServiceAccount;

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

/** Search and autocomplete over a service's catalog for the Miso-style API, re-ranked for the user. */
public final class MisoSearch {

    private final Anbefal anbefal;

    public MisoSearch(Anbefal anbefal) {
        this.anbefal = anbefal;
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
     * @param autoCorrect whether a query that finds nothing is answered by its spelling correction (Miso's
     *                    {@code spellcheck.enable_auto_spelling_correction}, default true); else the correction is
     *                    only suggested
     */
    public record SearchQuery(String q, String person, int rows, int start, List<String> fl, String fq,
                              List<Order> orderBy, List<String> facets, boolean autoCorrect) {
        public SearchQuery {
            fl = fl == null ? List.of() : List.copyOf(fl);
            orderBy = orderBy == null ? List.of() : List.copyOf(orderBy);
            facets = facets == null ? List.of() : List.copyOf(facets);
        }

        public SearchQuery(String q, String person, int rows, int start, List<String> fl, String fq,
                           List<Order> orderBy, List<String> facets) {
            this(q, person, rows, start, fl, fq, orderBy, facets, true);
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
     * @param corrected    the spelling-corrected query (that answered, when {@code autoCorrected}), or null
     * @param facetCounts  per facet field, values with their counts, most frequent first
     * @param autoCorrected whether the corrected query answered
     */
    public record SearchAnswer(List<Map<String, Object>> products, int total, String corrected,
                               Map<String, List<Map<String, Object>>> facetCounts, String misoId, boolean autoCorrected) {
    }

    /**
     * Searches the catalog. Relevance is Lucene's BM25 over the records' text (see {@link ProductIndex}); with a
     * person, the relevant hits are re-ranked by the person's recommendations as {@link PersonalRanking} says
     * ({@code miso.search.recommender}, default ProductForCustomerRecommender, up to 1000 products;
     * {@code miso.search.personal-weight}, default 0.5).
     */
    public SearchAnswer search(ServiceAccount account, SearchQuery s) {
        String service = account.name();
        ProductCatalog catalog = anbefal.catalog();
        Expr filter = ProductFilter.parse(s.fq());
        ProductIndex.Result result = catalog.index(service).search(s.q());
        boolean autoCorrected = result.corrected() != null && s.autoCorrect();
        if (result.corrected() != null && !s.autoCorrect()) {
            result = new ProductIndex.Result(List.of(), result.corrected());
        }
        List<ProductIndex.Hit> hits = new ArrayList<>();
        // the records as they are now (a concurrent delete must not fail the request half way)
        Map<String, Map<String, Object>> records = new HashMap<>();
        Set<String> passing = filter == null ? null
                : anbefal.matching(account, filter, result.hits().stream().map(ProductIndex.Hit::productId).toList());
        for (ProductIndex.Hit h : result.hits()) {
            Optional<Map<String, Object>> record = catalog.product(service, h.productId());
            if (record.isPresent() && (passing == null || passing.contains(h.productId()))) {
                hits.add(h);
                records.put(h.productId(), record.get());
            }
        }
        PersonalRanking.Ranking ranking = anbefal.rerank(account, s.person(), hits);
        String origin = ranking.origin() == null ? "search" : "search+" + ranking.origin();
        Map<String, Double> score = ranking.scores();
        List<ProductIndex.Hit> ranked = new ArrayList<>(hits);
        Comparator<ProductIndex.Hit> order = Comparator.comparingDouble(h -> -score.get(h.productId()));
        if (!s.orderBy().isEmpty()) {
            order = sortBy(records, s.orderBy(), order);
        }
        ranked.sort(order);
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = s.start(); i < ranked.size() && page.size() < s.rows(); i++) {
            String id = ranked.get(i).productId();
            page.add(Miso.fields(id, records.get(id), s.fl()));
        }
        Map<String, List<Map<String, Object>>> facets = new LinkedHashMap<>();
        for (String field : s.facets()) {
            Map<String, Integer> counts = new HashMap<>();
            for (ProductIndex.Hit h : ranked) {
                Set<String> values = new HashSet<>();
                Miso.flatten(ProductFilter.lookup(records.get(h.productId()), field), values);
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
        return new SearchAnswer(page, ranked.size(), result.corrected(), facets, Miso.misoId(origin), autoCorrected);
    }

    /** Completions per field, each {@code {text, text_with_markups, type, product}} ({@code type}: the field). */
    public record Completions(Map<String, List<Map<String, Object>>> completions, String misoId) {
    }

    /**
     * Completes a partial query from the values of catalog fields: a value matches when each word of {@code q}
     * begins a word of it (case-insensitive; the last word may be partial). Values whose first word matches come
     * first, then shorter ones, then alphabetical. A scan of the service's records: fine for catalogs of some
     * hundred thousand products. The markup is HTML: the value's own {@code <}, {@code >}, {@code &} are escaped.
     */
    public Completions autocomplete(ServiceAccount account, String q, List<String> fields, int rows, List<String> fl) {
        String service = account.name();
        List<String> words = List.of(q.toLowerCase(Locale.ROOT).trim().split("\\s+"));
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        for (String field : fields) {
            Map<String, Map<String, Object>> found = new HashMap<>();
            for (Map<String, Object> record : anbefal.catalog().products(service)) {
                Set<String> values = new HashSet<>();
                Miso.flatten(ProductFilter.lookup(record, field), values);
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
                        c.put("type", field);
                        Map<String, Object> record = found.get(v);
                        c.put("product", Miso.fields(String.valueOf(record.get(ProductCatalog.PRODUCT_ID)), record, fl));
                        list.add(c);
                    });
            out.put(field, list);
        }
        return new Completions(out, Miso.misoId("autocomplete"));
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
    private static Comparator<ProductIndex.Hit> sortBy(Map<String, Map<String, Object>> records, List<Order> orderBy,
                                                       Comparator<ProductIndex.Hit> then) {
        Comparator<ProductIndex.Hit> c = null;
        for (Order o : orderBy) {
            Comparator<ProductIndex.Hit> by = (a, b) -> compare(ProductFilter.lookup(records.get(a.productId()), o.field()),
                    ProductFilter.lookup(records.get(b.productId()), o.field()), o.descending());
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

}
