package io.anbefal.engine.rules;

import java.util.Locale;
import java.util.Set;

/**
 * An attribute named in a rule. {@code entity} is null for a candidate item's attribute ({@code price},
 * {@code custom_attributes.color}; also written {@code Item.price}); otherwise one of the request context's
 * entities, {@code Request}, {@code User}, {@code Product}, {@code Context} or {@code Document} (Kibo's dynamic
 * attributes; {@code Context} and {@code Document} are aliases of {@code Product}), whose attribute is a constant
 * of the request. Entity names are case-insensitive and kept in their canonical case.
 */
public record Ref(String entity, String name) {

    /** The entities of the request context. */
    public static final Set<String> CONTEXT = Set.of("Request", "User", "Product");

    /** The canonical entity of a name (case-insensitive), {@code "Item"} for the candidate, or null if none. */
    static String entity(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "request" -> "Request";
            case "user" -> "User";
            case "product", "context", "document" -> "Product";
            case "item" -> "Item";
            default -> null;
        };
    }

    public boolean isContext() {
        return entity != null;
    }

    /** The key this attribute has in a {@link RuleContext}: {@code Request.luxury}. */
    public String key() {
        return entity == null ? name : entity + "." + name;
    }

    @Override
    public String toString() {
        return key();
    }
}
