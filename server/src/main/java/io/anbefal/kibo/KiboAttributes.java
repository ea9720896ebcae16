package io.anbefal.kibo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anbefal.kibo.KiboResult.Attr;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code attrs} of a recommended item: its id attribute, then each requested attribute that the catalog record
 * has, under the name and in the case the request used ({@code *}: every field of the record, under the catalog's
 * names). A requested name matches a catalog field ignoring case and underscores: {@code ProductId} is
 * {@code product_id}, {@code Title} {@code title}, {@code ImageUrl} {@code image_url}.
 */
final class KiboAttributes {

    /** The catalog field of the id, and the id attribute's name when the request names none. */
    static final String ID_FIELD = "product_id";
    static final String ID_NAME = "ProductId";
    static final String ALL = "*";
    private static final ObjectMapper JSON = new ObjectMapper();

    private KiboAttributes() {
    }

    /**
     * @param product the item's catalog record, empty when the catalog has none
     * @param itemId  the recommended item
     * @param names   the requested attribute names
     */
    static List<Attr> of(Map<String, Object> product, String itemId, List<String> names) {
        String idName = ID_NAME;
        for (String name : names) {
            if (key(name).equals(key(ID_FIELD))) {
                idName = name;
                break;
            }
        }
        List<Attr> attrs = new ArrayList<>();
        attrs.add(new Attr(idName, List.of(itemId)));
        if (names.contains(ALL)) {
            product.forEach((field, value) -> {
                if (!key(field).equals(key(ID_FIELD)) && value != null) {
                    attrs.add(new Attr(field, values(value)));
                }
            });
            return attrs;
        }
        for (String name : names) {
            if (key(name).equals(key(ID_FIELD)) || attrs.stream().anyMatch(a -> a.name().equals(name))) {
                continue;
            }
            Object value = field(product, name);
            if (value != null) {
                attrs.add(new Attr(name, values(value)));
            }
        }
        return attrs;
    }

    /** The field of that name: exactly, then ignoring case, then ignoring case and underscores. */
    static Object field(Map<String, Object> product, String name) {
        if (product.containsKey(name)) {
            return product.get(name);
        }
        for (Map.Entry<String, Object> e : product.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        for (Map.Entry<String, Object> e : product.entrySet()) {
            if (key(e.getKey()).equals(key(name))) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String key(String name) {
        return name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    /** A list is several values; a number is written plainly (19.9, not 1.99E1); an object as JSON. */
    static List<String> values(Object value) {
        if (value instanceof Collection<?> c) {
            List<String> out = new ArrayList<>();
            for (Object o : c) {
                if (o != null) {
                    out.add(text(o));
                }
            }
            return out;
        }
        return List.of(text(value));
    }

    private static String text(Object value) {
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d).toPlainString() : String.valueOf(d);
        }
        if (value instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            try {
                return JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                return String.valueOf(value);
            }
        }
        return String.valueOf(value);
    }
}
