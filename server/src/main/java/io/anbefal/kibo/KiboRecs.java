package io.anbefal.kibo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anbefal.app.Anbefal;
import io.anbefal.app.AnbefalException;
import io.anbefal.catalog.Catalog;
import io.anbefal.catalog.PersonalRanking;
import io.anbefal.catalog.ProductIndex;
import io.anbefal.engine.RecommendRequest;
import io.anbefal.engine.Recommendation;
import io.anbefal.engine.rules.Expr;
import io.anbefal.engine.rules.Rule;
import io.anbefal.engine.rules.Rules;
import io.anbefal.store.ServiceAccount;
import io.anbefal.kibo.KiboResult.SlotResult;
import io.anbefal.kibo.KiboResult.WidgetResult;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Kibo RTI adapter: answers a {@link KiboRequest} for a site (an Anbefal service) through
 * {@link Anbefal#recommend} only, widget by widget as {@link KiboWidgets} resolves them, with attributes from the
 * {@link Catalog}. No HTTP here; the handler parses, calls this, and writes the answer.
 */
public final class KiboRecs {

    /** The setting naming the site's external user id attribute ({@code User.<attribute>=customer id}). */
    public static final String USER_ID_ATTRIBUTE = "kibo.userIdAttribute";
    /** The algoName of a TermGuide answer. */
    public static final String TERM_GUIDE = "TermGuide";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Anbefal anbefal;
    private final Catalog catalog;
    private final AtomicLong responses = new AtomicLong();

    public KiboRecs(Anbefal anbefal, Catalog catalog) {
        this.anbefal = anbefal;
        this.catalog = catalog;
    }

    /** Validates a request for a site that exists (a NOT_FOUND problem otherwise). */
    public KiboRequest parse(ServiceAccount account, String rawQuery, String accept, String cookieUser) {
        Map<String, String> settings = account.settings();
        return KiboRequest.parse(KiboParams.parse(rawQuery), accept, cookieUser, settings.get(USER_ID_ATTRIBUTE));
    }

    public KiboResult answer(ServiceAccount account, KiboRequest request) {
        String site = account.name();
        Map<String, String> settings = account.settings();
        KiboWidgets.Plan plan = KiboWidgets.plan(settings, request);
        String responseId = System.currentTimeMillis() + "-" + responses.incrementAndGet();
        List<WidgetResult> results = new ArrayList<>();
        for (KiboWidgets.Widget w : plan.widgets()) {
            results.add(widget(account, settings, w, request, KiboAbTests.placements(plan, w)));
        }
        String merchModel = MerchModel.of(settings, anbefal.status(account).updates());
        return new KiboResult(responseId, merchModel, tracking(site, responseId, plan, results), plan.type(), plan.id(),
                results, KiboAbTests.of(results), KiboContext.entities(request));
    }

    /**
     * Whether answering the request shows the person's stored history: a widget whose recommender echoes it (Kibo's
     * Last Viewed without a visitstrail, which is echoed instead) and no TermGuide query.
     */
    public boolean readsHistory(ServiceAccount account, KiboRequest request) {
        if (request.query() != null || request.person() == null) {
            return false;
        }
        for (KiboWidgets.Widget w : KiboWidgets.plan(account.settings(), request).widgets()) {
            if (!(w.lastViewed() && !request.visitsTrail().isEmpty()) && anbefal.echoesHistory(account, w.recommender())) {
                return true;
            }
        }
        return false;
    }

    private WidgetResult widget(ServiceAccount account, Map<String, String> settings, KiboWidgets.Widget w,
                                KiboRequest request, List<String> placements) {
        String site = account.name();
        List<Recommendation.ScoredItem> items;
        String origin;
        long t0 = System.nanoTime();
        Rules rules = w.rules();
        if (request.query() != null) {
            items = ranked(filtered(account, w, termGuide(account, request)));
            origin = TERM_GUIDE;
        } else if (w.lastViewed() && !request.visitsTrail().isEmpty()) {
            // Kibo's Last Viewed echoes the visitstrail in the order given (most recent first)
            items = ranked(filtered(account, w, List.copyOf(new LinkedHashSet<>(request.visitsTrail()))));
            origin = w.recommender();
        } else {
            Recommendation r;
            try {
                RecommendRequest rr = recommendRequest(w, request);
                r = anbefal.recommend(account, rr.with(rules, KiboRules.context(request, rules,
                        (person, name) -> storedUser(account, person, name))).at(placements), null);
            } catch (AnbefalException e) {
                throw new AnbefalException(e.kind(), "widget '" + w.id() + "': " + e.getMessage());
            }
            items = r.items();
            origin = r.origin();
            rules = rules.and(instanceRules(settings, w.recommender()));
        }
        long scan = (System.nanoTime() - t0) / 1_000_000;
        List<SlotResult> slots = new ArrayList<>();
        int[] ranks = chainRanks(items);
        for (int i = 0; i < items.size() && i < w.slots(); i++) {
            Recommendation.ScoredItem item = items.get(i);
            String id = item.id();
            Map<String, Object> product = catalog.product(site, id).orElse(Map.of());
            // one pass selects every slot: the first carries its time, the later ones none after it
            slots.add(new SlotResult(i + 1, ranks[i], i == 0 ? scan : 0, id,
                    KiboAttributes.of(product, id, request.attrs()), KiboRules.explain(item, i + 1, rules)));
        }
        List<String> origins = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            origins.add(items.get(i).origin() == null ? origin : items.get(i).origin());
        }
        return new WidgetResult(w.id(), w.displayName(), w.placeholderName(), origin, slots, origins);
    }

    /**
     * The ranks in the fallback chain's order: an item a fallback filled in has its rank among that fallback's
     * candidates after the last rank of the instance before it (no filter: 1, 2, 3 across a cold start, as
     * Kibo's document says); a pinned item that was no candidate keeps 0.
     */
    static int[] chainRanks(List<Recommendation.ScoredItem> items) {
        int[] ranks = new int[items.size()];
        int offset = 0;
        int last = 0;
        String origin = null;
        for (int i = 0; i < items.size(); i++) {
            Recommendation.ScoredItem item = items.get(i);
            if (item.rank() == 0) {
                continue;
            }
            if (origin != null && item.origin() != null && !item.origin().equals(origin)) {
                offset = last;
            }
            if (item.origin() != null) {
                origin = item.origin();
            }
            ranks[i] = item.rank() + offset;
            last = Math.max(last, ranks[i]);
        }
        return ranks;
    }

    /** Items in their order with their place as rank (a list that is its own ranking). */
    private static List<Recommendation.ScoredItem> ranked(List<String> ids) {
        List<Recommendation.ScoredItem> out = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            out.add(new Recommendation.ScoredItem(ids.get(i), 0, i + 1, Recommendation.Placement.RANKED, null));
        }
        return out;
    }

    /** The ids the widget's filters allow (over the catalog's attributes), in order; all without filters. */
    private List<String> filtered(ServiceAccount account, KiboWidgets.Widget w, List<String> ids) {
        List<Expr> filters = w.rules().of(Rule.Filter.class).stream().map(Rule.Filter::expr).toList();
        if (filters.isEmpty() || ids.isEmpty()) {
            return ids;
        }
        Set<String> allowed = anbefal.matching(account, filters.size() == 1 ? filters.getFirst()
                : new Expr.And(filters), ids);
        return ids.stream().filter(allowed::contains).toList();
    }

    /** The rules of a recommender instance's own setting, for explanations (none when they do not parse). */
    private static Rules instanceRules(Map<String, String> settings, String recommender) {
        try {
            return Rules.parse(settings.get("recommender." + recommender + ".rules"));
        } catch (RuntimeException e) {
            return Rules.NONE;
        }
    }

    /** A field of the person's stored user record (the /v1/users records), or null. */
    private List<String> storedUser(ServiceAccount account, String person, String name) {
        String json = anbefal.user(account, person).orElse(null);
        if (json == null) {
            return null;
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> record = JSON.readValue(json, Map.class);
            Object value = KiboAttributes.field(record, name);
            return value == null ? null : KiboAttributes.values(value);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * TermGuide: the catalog's products matching the query terms (every term where some product has them all,
     * else any; misspellings corrected), re-ranked for the person as the catalog search is ({@link PersonalRanking}).
     * Kibo's rule: the terms replace every other context and the widget's own recommender.
     */
    private List<String> termGuide(ServiceAccount account, KiboRequest request) {
        String site = account.name();
        return anbefal.rerank(account, request.person(), catalog.search(site, request.query())).ids();
    }

    static RecommendRequest recommendRequest(KiboWidgets.Widget w, KiboRequest request) {
        String person = request.person();
        if (w.input() == KiboWidgets.Input.ITEMS) {
            return new RecommendRequest(w.recommender(), request.items(),
                    person == null ? List.of() : List.of("userid:" + person), w.slots());
        }
        return new RecommendRequest(w.recommender(), person == null ? List.of() : List.of(person), List.of(), w.slots());
    }

    /** Opaque to the caller: what a later event needs to attribute a click to the widget, slot and recommender. */
    private static String tracking(String site, String responseId, KiboWidgets.Plan plan, List<WidgetResult> results) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("v", 1);
        data.put("site", site);
        data.put("responseId", responseId);
        data.put("type", plan.type());
        data.put("id", plan.id());
        List<Map<String, Object>> widgets = new ArrayList<>();
        for (WidgetResult w : results) {
            Map<String, Object> widget = new LinkedHashMap<>();
            widget.put("id", w.id());
            widget.put("origin", w.algoName());
            KiboAbTests.track(widget, w);
            widget.put("slots", w.slotResults().stream().map(SlotResult::url).toList());
            widget.put("origins", w.origins());
            widgets.add(widget);
        }
        data.put("widgets", widgets);
        try {
            return Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
