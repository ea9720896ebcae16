package io.anbefal.kibo;

import io.anbefal.app.AnbefalException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Kibo's request-defined ("dynamic") attributes: {@code Entity.attribute=value} binds a value to an attribute of an
 * entity of the request context ({@code User.cmnState=California}, {@code Request.Luxury=true},
 * {@code Product.dept=women}, any entity: {@code Dermot.Mee=awesome}), overriding what the store holds for it.
 * <ul>
 * <li>Names are case-insensitive; {@code User}, {@code Product}, {@code Document} and {@code Request} are written
 * so, other entities and the attributes as first spelled. {@code Context} is an alias of {@code Product} when
 * the request has a {@code productId}, else of {@code Document} when it has a {@code url}.</li>
 * <li>Multi-valued: a repeated binding adds values ({@code Product.Color=red&Product.Color=blue}), and each value
 * is CSV: commas separate, double quotes keep commas in, a doubled quote is a quote. Duplicates count once; an
 * empty value binds the attribute to no value.</li>
 * <li>The seed's "Transition": a bare name that is not a parameter of the API ({@link #RESERVED}) binds
 * {@code Context.name}, and {@code Request.name}, each unless the request binds that one by its full name.</li>
 * </ul>
 */
public final class DynamicAttributes {

    public static final String USER = "User";
    public static final String PRODUCT = "Product";
    public static final String DOCUMENT = "Document";
    public static final String REQUEST = "Request";
    public static final String CONTEXT = "Context";
    /** The API's own parameters (lower case): never bare attributes. */
    static final Set<String> RESERVED = Set.of("url", "productid", "userid", "widget", "pagetemplate", "attrs",
            "query", "source", "visitstrail", "pagetype", "format", "slots", "sig");
    private static final List<String> KNOWN = List.of(USER, PRODUCT, DOCUMENT, REQUEST);

    /** No attribute bound. */
    public static final DynamicAttributes NONE = new DynamicAttributes(Map.of());

    /** One bound attribute: its entity, its name as first spelled, its values (possibly none). */
    public record Binding(String entity, String name, List<String> values) {
        public Binding {
            values = List.copyOf(values);
        }
    }

    /** By {@link #key}, in order of first binding. */
    private final Map<String, Binding> bindings;

    private DynamicAttributes(Map<String, Binding> bindings) {
        this.bindings = bindings;
    }

    /**
     * The dynamic attributes of a request.
     *
     * @param contextEntity what {@code Context} and bare names bind: {@link #PRODUCT}, {@link #DOCUMENT} or
     *                      {@link #CONTEXT}
     */
    static DynamicAttributes parse(KiboParams p, String contextEntity) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        Map<String, String[]> names = new LinkedHashMap<>();
        for (String param : p.names()) {
            int dot = param.indexOf('.');
            if (dot < 0) {
                continue;
            }
            if (dot == 0 || dot == param.length() - 1) {
                throw AnbefalException.badInput("the dynamic attribute '" + param
                        + "' needs an entity and an attribute name (Entity.attribute=value)");
            }
            String entity = entity(param.substring(0, dot), contextEntity);
            bind(values, names, entity, param.substring(dot + 1), p.all(param));
        }
        Set<String> explicit = Set.copyOf(values.keySet());
        for (String param : p.names()) {
            if (param.indexOf('.') >= 0 || RESERVED.contains(param.toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (String entity : List.of(contextEntity, REQUEST)) {
                if (!explicit.contains(key(entity, param))) {
                    bind(values, names, entity, param, p.all(param));
                }
            }
        }
        Map<String, Binding> bindings = new LinkedHashMap<>();
        values.forEach((k, v) -> bindings.put(k, new Binding(names.get(k)[0], names.get(k)[1], v)));
        return new DynamicAttributes(bindings);
    }

    private static void bind(Map<String, List<String>> values, Map<String, String[]> names, String entity,
                             String name, List<String> raw) {
        String k = key(entity, name);
        names.putIfAbsent(k, new String[]{entity, name});
        List<String> bound = values.computeIfAbsent(k, x -> new ArrayList<>());
        Set<String> all = new LinkedHashSet<>(bound);
        for (String v : raw) {
            all.addAll(KiboRequest.Csv.split(v));
        }
        bound.clear();
        bound.addAll(all);
    }

    private static String entity(String given, String contextEntity) {
        if (given.equalsIgnoreCase(CONTEXT)) {
            return contextEntity;
        }
        for (String known : KNOWN) {
            if (known.equalsIgnoreCase(given)) {
                return known;
            }
        }
        return given;
    }

    private static String key(String entity, String name) {
        return entity.toLowerCase(Locale.ROOT) + "." + name.toLowerCase(Locale.ROOT);
    }

    /** The values bound to {@code entity.name} (names in any case), or null when the request binds none. */
    public List<String> values(String entity, String name) {
        Binding b = bindings.get(key(entity, name));
        return b == null ? null : b.values();
    }

    /** Every binding, in order of first appearance. */
    public List<Binding> bindings() {
        return List.copyOf(bindings.values());
    }

    /** The bindings of one entity (name in any case), in order. */
    public List<Binding> of(String entity) {
        return bindings.values().stream().filter(b -> b.entity().equalsIgnoreCase(entity)).toList();
    }

    public boolean isEmpty() {
        return bindings.isEmpty();
    }
}
