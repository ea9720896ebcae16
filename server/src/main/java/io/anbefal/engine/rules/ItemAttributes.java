package io.anbefal.engine.rules;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One service's item attributes (from the catalog's product records and item facts), on dense ids of their own,
 * indexed per attribute ({@link AttributeColumn}) so that an expression compiles to a bitset of the items it
 * selects ({@link #select}). A record's nested objects are flattened to dotted names
 * ({@code custom_attributes.color}); a list is a multi-valued attribute. Thread-safe (one monitor: writes are
 * rare, a selection costs microseconds).
 */
public final class ItemAttributes {

    /** Dense ids to item ids. */
    interface Names {
        String name(int id);
    }

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    /** Flattened attributes by dense id; null for a removed item. */
    private final List<Map<String, List<Object>>> records = new ArrayList<>();
    private final Map<String, AttributeColumn> columns = new HashMap<>();
    /** The dense ids with attributes. */
    private final BitSet live = new BitSet();
    private long version;

    /** The catalog's record of each item (JSON-like values), as given. */
    private final Map<String, Map<String, ?>> catalog = new HashMap<>();
    /** The item facts of updates and datasets, per item: attribute to value, the most recent fact's. */
    private final Map<String, Map<String, Object>> facts = new HashMap<>();

    /**
     * Sets an item's catalog record ({@code record}: JSON-like values), replacing the record it had. An item's
     * attributes are its item facts ({@link #merge}) with its record over them: the catalog record wins where both
     * name an attribute, whatever came first (so every node and every restart agree).
     */
    public synchronized void put(String item, Map<String, ?> record) {
        catalog.put(item, record);
        index(item);
    }

    /**
     * Adds an item fact (of an update or a dataset item, {@code itemcat} with {@code attr:NAME=VALUE} tags): these
     * attributes replace the same attributes of the item's earlier facts and keep its others; a catalog record's
     * attributes still win ({@link #put}).
     */
    public synchronized void merge(String item, Map<String, ?> attributes) {
        facts.computeIfAbsent(item, k -> new LinkedHashMap<>()).putAll(attributes);
        index(item);
    }

    /** Forgets an item's catalog record (its product was deleted); its item facts stay. */
    public synchronized void remove(String item) {
        if (catalog.remove(item) != null) {
            index(item);
        }
    }

    /** Every item's facts (for a model snapshot). */
    public synchronized Map<String, Map<String, Object>> facts() {
        Map<String, Map<String, Object>> copy = new HashMap<>();
        facts.forEach((item, f) -> copy.put(item, new LinkedHashMap<>(f)));
        return copy;
    }

    /** Indexes an item's attributes anew: its facts with its record over them. */
    private void index(String item) {
        int id = ids.computeIfAbsent(item, k -> {
            names.add(k);
            records.add(null);
            return names.size() - 1;
        });
        drop(id);
        Map<String, List<Object>> flat = new LinkedHashMap<>();
        Map<String, Object> fact = facts.get(item);
        Map<String, ?> record = catalog.get(item);
        if (fact != null) {
            flatten("", fact, flat);
        }
        if (record != null) {
            flatten("", record, flat);
        }
        if (fact != null || record != null) {
            records.set(id, flat);
            live.set(id);
            flat.forEach((name, values) -> columns.computeIfAbsent(name, n -> new AttributeColumn()).add(id, values));
        }
        version++;
    }

    private void drop(int id) {
        Map<String, List<Object>> old = records.get(id);
        if (old != null) {
            old.forEach((name, values) -> columns.get(name).remove(id, values));
            records.set(id, null);
            live.clear(id);
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, ?> record, Map<String, List<Object>> out) {
        record.forEach((k, v) -> {
            String name = prefix + k;
            if (v instanceof Map<?, ?> m) {
                flatten(name + ".", (Map<String, ?>) m, out);
            } else if (v instanceof List<?> list) {
                List<Object> values = new ArrayList<>();
                for (Object e : list) {
                    if (e instanceof List<?> inner) {
                        values.addAll(inner.stream().filter(x -> x != null).toList()); // category paths
                    } else if (e != null && !(e instanceof Map)) {
                        values.add(e);
                    }
                }
                if (!values.isEmpty()) {
                    out.put(name, List.copyOf(values));
                }
            } else if (v != null) {
                out.put(name, List.of(v));
            }
        });
    }

    /** An item's values of an attribute (empty when it has none). */
    public synchronized List<Object> values(String item, String attribute) {
        Integer id = ids.get(item);
        Map<String, List<Object>> r = id == null ? null : records.get(id);
        return r == null ? List.of() : r.getOrDefault(attribute, List.of());
    }

    /** Whether the item has any attributes. */
    public synchronized boolean knows(String item) {
        Integer id = ids.get(item);
        return id != null && records.get(id) != null;
    }

    /** How many items have attributes. */
    public synchronized int size() {
        return live.cardinality();
    }

    /** Grows with every change: a compiled selection is valid while the version is the same. */
    public synchronized long version() {
        return version;
    }

    /**
     * The items the expression selects, in this request's context ({@code context}; a {@code Product.} attribute
     * the context does not give is read from the stored attributes of {@code contextItems}, the items asked about).
     */
    public synchronized Selection select(Expr expr, RuleContext context, List<String> contextItems) {
        int size = names.size();
        BitSet universe = (BitSet) live.clone();
        universe.set(size); // the unknown item
        BitSet bits = new Evaluator(this, context, contextItems, universe, size).eval(expr);
        bits.and(universe);
        return new Selection(bits, size, names::get);
    }

    /** Which of {@code items} the expression selects (an item without attributes as {@link Selection#selectsUnknown}). */
    public synchronized java.util.Set<String> matching(Expr expr, RuleContext context, java.util.Collection<String> items) {
        Selection s = select(expr, context, List.of());
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (String item : items) {
            Integer id = ids.get(item);
            if (id == null || records.get(id) == null ? s.selectsUnknown() : s.selects(id)) {
                out.add(item);
            }
        }
        return out;
    }

    AttributeColumn column(String name) {
        return columns.get(name);
    }

    /** A context attribute's values: the request's, else (for {@code Product.}) the asked items' stored ones. */
    List<String> contextValues(Ref ref, RuleContext context, List<String> contextItems) {
        List<String> given = context.get(ref);
        if (given != null) {
            return given;
        }
        if (!ref.entity().equals("Product")) {
            return List.of();
        }
        if (ref.name().equalsIgnoreCase("id")) {
            return contextItems;
        }
        List<String> out = new ArrayList<>();
        for (String item : contextItems) {
            Integer id = ids.get(item);
            Map<String, List<Object>> r = id == null ? null : records.get(id);
            if (r != null) {
                r.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(ref.name()))
                        .forEach(e -> e.getValue().forEach(v -> out.add(Values.text(v))));
            }
        }
        return out;
    }
}
