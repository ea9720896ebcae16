package io.anbefal.kibo;

import io.anbefal.app.AnbefalException;
import io.anbefal.engine.rules.Rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which widgets a request asks for, and how each maps to an Anbefal recommender, from the site's settings:
 * <pre>
 * kibo.widget.NAME.recommender      an Anbefal recommender (default: by the request's context, see below)
 * kibo.widget.NAME.displayName      default NAME
 * kibo.widget.NAME.placeholderName  default NAME
 * kibo.widget.NAME.slots            1 to 100, default 10: up to this many results
 * kibo.widget.NAME.rules            its rules: filters, exclusions, pins (the engine's rule syntax)
 * kibo.pageTemplate.NAME.widgets    comma-separated widget names
 * kibo.pageTemplate.NAME.rules      rules for every widget of the template (before the widget's own)
 * </pre>
 * and the routing of {@link KiboRouting}. A widget without a recommender answers from its context: item-to-item
 * on the url / productId items, else ProductForCustomer for the user, else popular. On a site with widgets (any
 * widget setting or template) a direct call of a widget it does not name is a 404 naming it.
 */
public final class KiboWidgets {

    static final int DEFAULT_SLOTS = 10;
    static final String DEFAULT = "default";
    static final String WIDGET = "kibo.widget.";
    static final String TEMPLATE = "kibo.pageTemplate.";
    static final String WIDGETS = ".widgets";
    static final String ITEM_TO_ITEM = "ItemToItemRecommender";
    static final String FOR_CUSTOMER = "ProductForCustomerRecommender";
    static final String POPULAR = "PopularRecommender";
    static final String RECENTLY_VIEWED = "RecentlyViewedRecommender";
    /** Recommender types asked about a person; the others are asked about the context items. */
    private static final Set<String> PERSON_TYPES = Set.of(FOR_CUSTOMER, POPULAR, RECENTLY_VIEWED,
            "CategoryForCustomerRecommender", "ScoredItemsRecommender");
    private static final Set<String> ITEM_TYPES = Set.of(ITEM_TO_ITEM, "ShoppingBasketRecommender");

    /** What a recommender is asked about. */
    public enum Input { ITEMS, PERSON }

    /** The widgets of one answer: {@code type} is widget or pageTemplate, {@code id} the name(s) asked for. */
    public record Plan(String type, String id, List<Widget> widgets) {
    }

    /**
     * One widget, resolved.
     *
     * @param lastViewed whether its recommender is of the RecentlyViewed (Kibo's "Last Viewed") type, which
     *                   echoes a request's visitstrail
     * @param rules      its page template's rules, then its own ({@link KiboRules})
     */
    public record Widget(String id, String displayName, String placeholderName, String recommender, Input input,
                         int slots, boolean lastViewed, Rules rules) {
    }

    private KiboWidgets() {
    }

    /** The plan of a request for a site with these settings. */
    public static Plan plan(Map<String, String> settings, KiboRequest request) {
        if (!request.widgets().isEmpty()) {
            List<Widget> widgets = new ArrayList<>();
            Set<String> configured = configured(settings);
            for (String name : request.widgets()) {
                if (!configured.isEmpty() && !configured.contains(name)) {
                    throw AnbefalException.notFound("unknown widget '" + name + "': the site's widgets are "
                            + String.join(", ", configured));
                }
                widgets.add(widget(settings, name, request, null));
            }
            return new Plan("widget", String.join(",", request.widgets()), widgets);
        }
        if (request.pageTemplate() != null) {
            return template(settings, request.pageTemplate(), request);
        }
        // routing: the source (else the first url) is the routing context, and without one nothing is served
        String context = KiboRouting.context(request);
        String template = context == null ? null : KiboRouting.template(settings, context, request.pageType());
        if (template == null) {
            return new Plan("pageTemplate", DEFAULT, context != null ? List.of(widget(settings, DEFAULT, request, null))
                    : List.of());
        }
        Plan plan = template(settings, template, request);
        return context != null ? plan : new Plan(plan.type(), plan.id(), List.of());
    }

    private static Plan template(Map<String, String> settings, String name, KiboRequest request) {
        String list = settings.get("kibo.pageTemplate." + name + ".widgets");
        if (list == null) {
            throw AnbefalException.notFound("unknown pageTemplate '" + name + "': set kibo.pageTemplate." + name
                    + ".widgets to its widget names");
        }
        List<Widget> widgets = new ArrayList<>();
        for (String w : list.split(",")) {
            if (!w.isBlank()) {
                widgets.add(widget(settings, w.trim(), request, name));
            }
        }
        return new Plan("pageTemplate", name, widgets);
    }

    /** A widget, alone ({@code template} null) or of a page template. */
    static Widget widget(Map<String, String> settings, String name, KiboRequest request, String template) {
        String p = "kibo.widget." + name + ".";
        String recommender = settings.get(p + "recommender");
        if (recommender == null || recommender.isBlank()) {
            recommender = !request.items().isEmpty() ? ITEM_TO_ITEM : request.person() != null ? FOR_CUSTOMER : POPULAR;
        }
        recommender = recommender.trim();
        String type = settings.getOrDefault("recommender." + recommender + ".type", recommender).trim();
        Input input = PERSON_TYPES.contains(type) ? Input.PERSON
                : ITEM_TYPES.contains(type) || !request.items().isEmpty() ? Input.ITEMS : Input.PERSON;
        int slots = request.slots() != null ? request.slots()
                : settings.containsKey(p + "slots") ? KiboRequest.Slots.parse(settings.get(p + "slots"),
                "the setting " + p + "slots") : DEFAULT_SLOTS;
        Rules rules = template == null ? Rules.NONE : KiboRules.parse(settings, TEMPLATE + template + ".rules");
        rules = rules.and(KiboRules.parse(settings, p + "rules"));
        return new Widget(name, settings.getOrDefault(p + "displayName", name),
                settings.getOrDefault(p + "placeholderName", name), recommender, input, slots,
                RECENTLY_VIEWED.equals(type), rules);
    }

    /**
     * The site's widget names: every NAME of a {@code kibo.widget.NAME.*} setting and of a page template's widget
     * list, sorted; empty for a site without widgets (whose every widget name answers by its context).
     */
    static Set<String> configured(Map<String, String> settings) {
        Set<String> names = new TreeSet<>();
        settings.forEach((k, v) -> {
            if (k.startsWith(WIDGET) && k.lastIndexOf('.') > WIDGET.length()) {
                names.add(k.substring(WIDGET.length(), k.lastIndexOf('.')));
            } else if (k.startsWith(TEMPLATE) && k.endsWith(WIDGETS) && k.length() > TEMPLATE.length() + WIDGETS.length()) {
                for (String w : v.split(",")) {
                    if (!w.isBlank()) {
                        names.add(w.trim());
                    }
                }
            }
        });
        return names;
    }
}
