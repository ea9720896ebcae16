package io.anbefal.engine;

import io.anbefal.engine.rules.RuleContext;
import io.anbefal.engine.rules.Rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One service's compiled rules, so that a request whose rules were compiled before pays a look-up instead of a
 * selection over the attribute index: keyed by the rules and by what of the request they read (the context when
 * they name a context entity, the asked items when they name {@code Product.}), valid while neither the
 * attributes ({@link io.anbefal.engine.rules.ItemAttributes#version}) nor the model's items changed. At most
 * {@value #MAX} entries, the least recently used dropped. Thread-safe.
 */
final class RuleCache {

    static final int MAX = 256;

    /** What a compiled filter depends on. */
    record Key(Rules rules, RuleContext context, List<String> items) {
    }

    /**
     * The compiled filters of one key.
     *
     * @param filter     the filters and the blacklist
     * @param pinFilters per filter pin (in order), its filter and the request's
     * @param version    the attributes' version when compiled
     * @param items      how many items the model had
     */
    record Compiled(CandidateFilter filter, List<CandidateFilter> pinFilters, long version, int items) {
    }

    private final Map<Key, Compiled> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Compiled> eldest) {
            return size() > MAX;
        }
    };

    /** The key of a request's rules: only what they read of the request. */
    static Key key(Rules rules, RuleContext context, List<String> contextItems) {
        java.util.Set<String> entities = rules.contextEntities();
        return new Key(rules, entities.isEmpty() ? RuleContext.EMPTY : context,
                entities.contains("Product") ? contextItems : List.of());
    }

    synchronized Compiled get(Key key, long version, int items) {
        Compiled c = entries.get(key);
        return c != null && c.version() == version && c.items() == items ? c : null;
    }

    synchronized void put(Key key, Compiled compiled) {
        entries.put(key, compiled);
    }
}
