package io.anbefal.kibo;

import io.anbefal.app.AnbefalException;
import io.anbefal.engine.Recommendation;
import io.anbefal.engine.rules.Expr;
import io.anbefal.engine.rules.Ref;
import io.anbefal.engine.rules.Rule;
import io.anbefal.engine.rules.RuleContext;
import io.anbefal.engine.rules.RuleSyntaxException;
import io.anbefal.engine.rules.Rules;
import io.anbefal.engine.rules.Value;
import io.anbefal.kibo.DynamicAttributes.Binding;
import io.anbefal.kibo.KiboResult.Explanation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Kibo's merchandising on the engine's one rule layer (docs/api.md, "Rules"): a widget's rules
 * ({@code kibo.widget.NAME.rules}) and its page template's ({@code kibo.pageTemplate.NAME.rules}), the request
 * context they read (the request's dynamic attributes as {@code Request.x}, {@code User.x}, {@code Product.x};
 * the context items as {@code Product.id}), and the {@code Explanations} of a pinned slot.
 */
final class KiboRules {

    private KiboRules() {
    }

    /** The rules of a setting; a 400 naming the setting when they do not parse. */
    static Rules parse(Map<String, String> settings, String key) {
        try {
            return Rules.parse(settings.get(key));
        } catch (RuleSyntaxException e) {
            throw AnbefalException.badInput("setting " + key + ": " + e.getMessage());
        }
    }

    /**
     * The request context of the rules: {@code Product.id} the context items (so that pair pins and stored
     * {@code Product.x} attributes know them), then every dynamic attribute of {@code Request}, {@code User} and
     * the context entity ({@code Product}, {@code Document}, {@code Context}: one to the rules). A {@code User.x}
     * the rules read and the request does not bind comes from the person's stored user record ({@code storedUser},
     * which answers null for none). Attributes of other entities are shown in the answer's context only.
     */
    static RuleContext context(KiboRequest request, Rules rules, BiFunction<String, String, List<String>> storedUser) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (!request.items().isEmpty()) {
            values.put("Product.id", request.items());
        }
        for (Binding b : request.attributes().bindings()) {
            if (Set.of(DynamicAttributes.REQUEST, DynamicAttributes.USER, DynamicAttributes.PRODUCT,
                    DynamicAttributes.DOCUMENT, DynamicAttributes.CONTEXT).contains(b.entity())) {
                values.put(b.entity() + "." + b.name(), b.values());
            }
        }
        if (request.person() != null) {
            for (String name : userAttributes(rules)) {
                if (request.attributes().values(DynamicAttributes.USER, name) == null) {
                    List<String> stored = storedUser.apply(request.person(), name);
                    if (stored != null) {
                        values.put("User." + name, stored);
                    }
                }
            }
        }
        return values.isEmpty() ? RuleContext.EMPTY : new RuleContext(values);
    }

    /** The {@code User.x} attributes the rules read. */
    private static Set<String> userAttributes(Rules rules) {
        Set<String> names = new LinkedHashSet<>();
        for (Rule r : rules.rules()) {
            if (r instanceof Rule.Filter f) {
                users(f.expr(), names);
            } else if (r instanceof Rule.FilterPin p) {
                users(p.expr(), names);
            }
        }
        return names;
    }

    private static void users(Expr e, Set<String> names) {
        switch (e) {
            case Expr.Compare c -> {
                user(c.attribute(), names);
                if (c.value() instanceof Value.ContextRef r) {
                    user(r.ref(), names);
                }
            }
            case Expr.In in -> {
                user(in.attribute(), names);
                in.values().forEach(v -> {
                    if (v instanceof Value.ContextRef r) {
                        user(r.ref(), names);
                    }
                });
            }
            case Expr.Between b -> user(b.attribute(), names);
            case Expr.Exists x -> user(x.attribute(), names);
            case Expr.And a -> a.all().forEach(x -> users(x, names));
            case Expr.Or o -> o.any().forEach(x -> users(x, names));
            case Expr.Not n -> users(n.inner(), names);
            case Expr.Implies i -> {
                users(i.antecedent(), names);
                users(i.consequent(), names);
            }
        }
    }

    private static void user(Ref ref, Set<String> names) {
        if (DynamicAttributes.USER.equals(ref.entity())) {
            names.add(ref.name());
        }
    }

    /**
     * Why a slot holds its item: for a pinned item the pin of {@code rules} that placed it (an item or pair pin of
     * that item; the filter pin of that slot, else the first filter pin), with the pin's rule text; none for a
     * ranked item.
     */
    static List<Explanation> explain(Recommendation.ScoredItem item, int slot, Rules rules) {
        List<Explanation> out = new ArrayList<>();
        switch (item.placement()) {
            case ITEM_PIN -> rules.of(Rule.ItemPin.class).stream().filter(p -> p.item().equals(item.id())).findFirst()
                    .ifPresent(p -> out.add(new Explanation("ItemPin", p.toString())));
            case PAIR_PIN -> rules.of(Rule.PairPin.class).stream().filter(p -> p.item().equals(item.id())).findFirst()
                    .ifPresent(p -> out.add(new Explanation("PairPin", p.toString())));
            case FILTER_PIN -> {
                List<Rule.FilterPin> pins = rules.of(Rule.FilterPin.class);
                pins.stream().filter(p -> p.slot() == slot).findFirst().or(() -> pins.stream().findFirst())
                        .ifPresent(p -> out.add(new Explanation("FilterPin", p.toString())));
            }
            case RANKED -> {
            }
        }
        if (out.isEmpty() && item.placement() != Recommendation.Placement.RANKED) {
            // a pin of the rules the engine adds (a recommender instance's own); named by its kind
            String type = switch (item.placement()) {
                case ITEM_PIN -> "ItemPin";
                case PAIR_PIN -> "PairPin";
                default -> "FilterPin";
            };
            out.add(new Explanation(type, ""));
        }
        return out;
    }
}
