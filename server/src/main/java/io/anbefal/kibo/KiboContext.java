package io.anbefal.kibo;

import io.anbefal.kibo.DynamicAttributes.Binding;
import io.anbefal.kibo.KiboResult.Attr;
import io.anbefal.kibo.KiboResult.Entity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request context of a Kibo answer as its {@code <context>} shows it: the context items and the request's
 * {@link DynamicAttributes dynamic attributes} by entity. (What the rules read of it: {@link KiboRules#context}.)
 */
final class KiboContext {

    private KiboContext() {
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
}
