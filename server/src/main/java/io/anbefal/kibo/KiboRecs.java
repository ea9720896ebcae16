package io.anbefal.kibo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anbefal.app.Anbefal;
import io.anbefal.app.AnbefalException;
import io.anbefal.catalog.Catalog;
import io.anbefal.catalog.PersonalRanking;
import io.anbefal.engine.RecommendRequest;
import io.anbefal.engine.Recommendation;
import io.anbefal.kibo.KiboResult.Attr;
import io.anbefal.kibo.KiboResult.Entity;
import io.anbefal.kibo.KiboResult.SlotResult;
import io.anbefal.kibo.KiboResult.WidgetResult;
import io.anbefal.store.ServiceAccount;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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

    /** Validates a request for a site (resolved by {@link Anbefal#service}). */
    public KiboRequest parse(ServiceAccount site, String rawQuery, String accept, String cookieUser) {
        return KiboRequest.parse(KiboParams.parse(rawQuery), accept, cookieUser, site.settings().get(USER_ID_ATTRIBUTE));
    }

    public KiboResult answer(ServiceAccount site, KiboRequest request) {
        KiboWidgets.Plan plan = KiboWidgets.plan(site.settings(), request);
        String responseId = System.currentTimeMillis() + "-" + responses.incrementAndGet();
        List<WidgetResult> results = new ArrayList<>();
        for (KiboWidgets.Widget w : plan.widgets()) {
            results.add(widget(site, w, request, KiboAbTests.placements(plan, w)));
        }
        return new KiboResult(responseId, tracking(site.name(), responseId, plan, results), plan.type(), plan.id(),
                results, KiboAbTests.of(results), context(request));
    }

    /**
     * Whether answering the request shows the person's stored history: a widget whose recommender echoes it (Kibo's
     * Last Viewed without a visitstrail, which is echoed instead) and no TermGuide query.
     */
    public boolean readsHistory(ServiceAccount site, KiboRequest request) {
        if (request.query() != null || request.person() == null) {
            return false;
        }
        for (KiboWidgets.Widget w : KiboWidgets.plan(site.settings(), request).widgets()) {
            if (!(w.lastViewed() && !request.visitsTrail().isEmpty()) && anbefal.echoesHistory(site, w.recommender())) {
                return true;
            }
        }
        return false;
    }

    private WidgetResult widget(ServiceAccount site, KiboWidgets.Widget w, KiboRequest request, List<String> placements) {
        List<String> items;
        String origin;
        if (request.query() != null) {
            items = termGuide(site, request);
            origin = TERM_GUIDE;
        } else if (w.lastViewed() && !request.visitsTrail().isEmpty()) {
            // Kibo's Last Viewed echoes the visitstrail in the order given (most recent first)
            List<String> trail = List.copyOf(new LinkedHashSet<>(request.visitsTrail()));
            items = trail.subList(0, Math.min(w.slots(), trail.size()));
            origin = w.recommender();
        } else {
            Recommendation r;
            try {
                r = anbefal.recommend(site, recommendRequest(w, request).at(placements), null);
            } catch (AnbefalException e) {
                throw new AnbefalException(e.kind(), "widget '" + w.id() + "': " + e.getMessage());
            }
            items = r.items().stream().map(Recommendation.ScoredItem::id).toList();
            origin = r.origin();
        }
        List<SlotResult> slots = new ArrayList<>();
        for (int i = 0; i < items.size() && i < w.slots(); i++) {
            String id = items.get(i);
            Map<String, Object> product = catalog.product(site.name(), id).orElse(Map.of());
            slots.add(new SlotResult(i + 1, i + 1, id, KiboAttributes.of(product, id, request.attrs())));
        }
        return new WidgetResult(w.id(), w.displayName(), w.placeholderName(), origin, slots);
    }

    /**
     * TermGuide: the catalog's products matching the query terms (every term where some product has them all,
     * else any; misspellings corrected), re-ranked for the person as the catalog search is ({@link PersonalRanking}).
     * Kibo's rule: the terms replace every other context and the widget's own recommender.
     */
    private List<String> termGuide(ServiceAccount site, KiboRequest request) {
        return anbefal.rerank(site, request.person(), catalog.search(site.name(), request.query())).ids();
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
            widgets.add(widget);
        }
        data.put("widgets", widgets);
        try {
            return Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Entity> context(KiboRequest request) {
        List<Entity> context = new ArrayList<>();
        if (!request.productIds().isEmpty()) {
            context.add(new Entity("Product", List.of(new Attr(KiboAttributes.ID_NAME, request.productIds()))));
        }
        if (!request.urls().isEmpty()) {
            context.add(new Entity("Document", List.of(new Attr("url", request.urls()))));
        }
        return context;
    }
}
