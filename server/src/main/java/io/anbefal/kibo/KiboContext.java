package io.anbefal.kibo;

import io.anbefal.kibo.DynamicAttributes.Binding;
import io.anbefal.kibo.KiboResult.Attr;
import io.anbefal.kibo.KiboResult.Entity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The request context of a Kibo answer: its entities as the answer's {@code <context>} shows them, and the value
 * of a context attribute as rules read it ({@code Product.dept}, {@code User.cmnState}, {@code Request.Luxury}):
 * the request's binding (a {@link DynamicAttributes dynamic attribute}) when it has one, else what the store holds
 * for the entity the request names (the catalog record of the context product or document, the user record of
 * the person), else none. Stored records are read only when a rule asks.
 */
final class KiboContext {

    private final KiboRequest request;
    /** A context item's catalog record, or null. */
    private final Function<String, Map<String, Object>> products;
    /** A person's stored record's field, or null. */
    private final BiFunction<String, String, Object> users;

    KiboContext(KiboRequest request, Function<String, Map<String, Object>> products,
                BiFunction<String, String, Object> users) {
        this.request = request;
        this.products = products;
        this.users = users;
    }

    /**
     * The entities: {@code Product} with the productIds, {@code Document} with the urls, each with the attributes
     * the request binds to it, then every other entity the request binds attributes of ({@code User},
     * {@code Request}, ...), in order of first binding.
     */
    static List<Entity> entities(KiboRequest request) {
        DynamicAttributes d = request.attributes();
        List<Entity> context = new ArrayList<>();
        if (!request.productIds().isEmpty()) {
            context.add(entity(DynamicAttributes.PRODUCT,
                    new Attr(KiboAttributes.ID_NAME, request.productIds()), d));
        }
        if (!request.urls().isEmpty()) {
            context.add(entity(DynamicAttributes.DOCUMENT, new Attr("url", request.urls()), d));
        }
        Map<String, List<Attr>> others = new LinkedHashMap<>();
        for (Binding b : d.bindings()) {
            boolean shown = b.entity().equals(DynamicAttributes.PRODUCT) && !request.productIds().isEmpty()
                    || b.entity().equals(DynamicAttributes.DOCUMENT) && !request.urls().isEmpty();
            if (!shown) {
                others.computeIfAbsent(b.entity(), e -> new ArrayList<>()).add(new Attr(b.name(), b.values()));
            }
        }
        others.forEach((type, attrs) -> context.add(new Entity(type, attrs)));
        return context;
    }

    private static Entity entity(String type, Attr id, DynamicAttributes d) {
        List<Attr> attrs = new ArrayList<>();
        attrs.add(id);
        for (Binding b : d.of(type)) {
            attrs.add(new Attr(b.name(), b.values()));
        }
        return new Entity(type, attrs);
    }

    /**
     * The values of a context attribute ({@code entity} in any case; {@code Context} the request's context entity),
     * or null when neither the request nor the store says.
     */
    List<String> values(String entity, String name) {
        DynamicAttributes d = request.attributes();
        List<String> bound = d.values(entity, name);
        if (bound == null && entity.equalsIgnoreCase(DynamicAttributes.CONTEXT)) {
            bound = d.values(!request.productIds().isEmpty() ? DynamicAttributes.PRODUCT
                    : DynamicAttributes.DOCUMENT, name);
        }
        if (bound != null) {
            return bound;
        }
        Object stored = null;
        if (entity.equalsIgnoreCase(DynamicAttributes.PRODUCT) && !request.productIds().isEmpty()) {
            stored = field(products.apply(request.productIds().getFirst()), name);
        } else if (entity.equalsIgnoreCase(DynamicAttributes.DOCUMENT) && !request.urls().isEmpty()) {
            stored = field(products.apply(request.urls().getFirst()), name);
        } else if (entity.equalsIgnoreCase(DynamicAttributes.CONTEXT) && !request.items().isEmpty()) {
            stored = field(products.apply(request.items().getFirst()), name);
        } else if (entity.equalsIgnoreCase(DynamicAttributes.USER) && request.person() != null) {
            stored = users.apply(request.person(), name);
        }
        return stored == null ? null : KiboAttributes.values(stored);
    }

    private static Object field(Map<String, Object> record, String name) {
        return record == null ? null : KiboAttributes.field(record, name);
    }
}
