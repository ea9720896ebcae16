package io.anbefal.engine.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request context that rules read: attribute values by entity and name ({@code Request.luxury},
 * {@code User.state}, {@code Product.color}), each multi-valued, as given with the request (Kibo's dynamic
 * attributes, Sannsyn {@code ctx:} tags). Names are case-insensitive; {@code Context.} and {@code Document.} are
 * {@code Product.}. A {@code Product.} attribute the request does not give is read from the stored attributes of
 * the items asked about (see {@link ItemAttributes#select}); one it gives overrides them.
 */
public record RuleContext(Map<String, List<String>> values) {

    public static final RuleContext EMPTY = new RuleContext(Map.of());

    public RuleContext {
        Map<String, List<String>> normal = new LinkedHashMap<>();
        values.forEach((k, v) -> normal.merge(key(k), List.copyOf(v), (a, b) -> {
            List<String> both = new java.util.ArrayList<>(a);
            both.addAll(b);
            return List.copyOf(both);
        }));
        values = Map.copyOf(normal);
    }

    /** The canonical key of {@code Entity.name}: the entity's canonical name, the attribute in lower case. */
    public static String key(String qualified) {
        int dot = qualified.indexOf('.');
        String entity = dot > 0 ? Ref.entity(qualified.substring(0, dot)) : null;
        if (entity == null || entity.equals("Item")) {
            throw new RuleSyntaxException("context attribute '" + qualified + "' must be Request.x, User.x or Product.x");
        }
        return entity + "." + qualified.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The values the request gives for a context attribute, or null when it gives none. */
    public List<String> get(Ref ref) {
        return values.get(ref.entity() + "." + ref.name().toLowerCase(Locale.ROOT));
    }

    /** This context and {@code other}'s values (both, where both give an attribute). */
    public RuleContext and(RuleContext other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        Map<String, List<String>> all = new LinkedHashMap<>(values);
        other.values.forEach((k, v) -> all.merge(k, v, (a, b) -> {
            List<String> both = new java.util.ArrayList<>(a);
            both.addAll(b);
            return both;
        }));
        return new RuleContext(all);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }
}
