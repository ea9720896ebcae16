package io.anbefal.engine;

import io.anbefal.engine.rules.Expr;
import io.anbefal.engine.rules.ItemAttributes;
import io.anbefal.engine.rules.Rule;
import io.anbefal.engine.rules.RuleContext;
import io.anbefal.engine.rules.Rules;
import io.anbefal.engine.rules.Selection;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A request's rules bound to one service's model: the filters (and conditional filters, their antecedents
 * decided by the request context) and the blacklist compiled once to a {@link CandidateFilter} over the model's
 * dense ids (through the {@link ItemAttributes} index: a bitset of the few allowed, or of the few denied), the
 * filter pins likewise (kept in the service's {@link RuleCache}), and the pins that apply. Every instance of the fallback chain filters with the same
 * {@link #filter}; the pins are placed once, after the chain ({@link Pins}).
 */
final class BoundRules {

    static final BoundRules NONE = new BoundRules(CandidateFilter.ANY, List.of(), List.of(), List.of());

    /** A filter pin with its compiled filter (its own and the request's filters) and the candidate it found. */
    static final class FilterPin {
        final CandidateFilter filter;
        final int slot;
        Recommendation.ScoredItem found;

        FilterPin(CandidateFilter filter, int slot) {
            this.filter = filter;
            this.slot = slot;
        }
    }

    /** What the candidates must pass; {@link CandidateFilter#ANY} for no filter and no blacklist. */
    final CandidateFilter filter;
    final List<FilterPin> filterPins;
    final List<Rule.ItemPin> itemPins;
    /** The pair pins whose context item is in the request's context. */
    final List<Rule.PairPin> pairPins;

    private BoundRules(CandidateFilter filter, List<FilterPin> filterPins, List<Rule.ItemPin> itemPins,
                       List<Rule.PairPin> pairPins) {
        this.filter = filter;
        this.filterPins = filterPins;
        this.itemPins = itemPins;
        this.pairPins = pairPins;
    }

    /**
     * Binds rules to a model for one request, through the service's cache of compiled filters.
     *
     * @param contextItems the items the request is about (its asked ids and the context's {@code Product.id})
     */
    static BoundRules bind(ServiceModel model, ItemAttributes attributes, RuleCache cache, Rules rules,
                           RuleContext context, List<String> contextItems) {
        if (rules.isEmpty()) {
            return NONE;
        }
        RuleCache.Key key = RuleCache.key(rules, context, contextItems);
        long version = attributes.version(); // before compiling: a change meanwhile makes the entry stale, not wrong
        RuleCache.Compiled compiled = cache.get(key, version, model.items.size());
        if (compiled == null) {
            compiled = compile(model, attributes, rules, context, contextItems, version);
            cache.put(key, compiled);
        }
        List<FilterPin> filterPins = new ArrayList<>();
        List<Rule.FilterPin> pins = rules.of(Rule.FilterPin.class);
        for (int k = 0; k < pins.size(); k++) {
            filterPins.add(new FilterPin(compiled.pinFilters().get(k), pins.get(k).slot()));
        }
        Set<String> inContext = new HashSet<>(contextItems);
        List<Rule.PairPin> pairs = rules.of(Rule.PairPin.class).stream().filter(p -> inContext.contains(p.context()))
                .toList();
        return new BoundRules(compiled.filter(), filterPins, rules.of(Rule.ItemPin.class), pairs);
    }

    private static RuleCache.Compiled compile(ServiceModel model, ItemAttributes attributes, Rules rules,
                                              RuleContext context, List<String> contextItems, long version) {
        List<Expr> filters = new ArrayList<>();
        rules.of(Rule.Filter.class).forEach(f -> filters.add(f.expr()));
        BitSet blacklist = new BitSet();
        for (Rule.Exclude e : rules.of(Rule.Exclude.class)) {
            for (String id : e.items()) {
                int i = model.items.find(id);
                if (i >= 0) {
                    blacklist.set(i);
                }
            }
        }
        CandidateFilter filter = compile(model, attributes, filters, blacklist, context, contextItems);
        List<CandidateFilter> pinFilters = new ArrayList<>();
        for (Rule.FilterPin p : rules.of(Rule.FilterPin.class)) {
            List<Expr> both = new ArrayList<>(filters);
            both.add(p.expr());
            pinFilters.add(compile(model, attributes, both, blacklist, context, contextItems));
        }
        return new RuleCache.Compiled(filter, List.copyOf(pinFilters), version, model.items.size());
    }

    /** The filters and the blacklist as one filter over the model's dense ids. */
    private static CandidateFilter compile(ServiceModel model, ItemAttributes attributes, List<Expr> filters,
                                           BitSet blacklist, RuleContext context, List<String> contextItems) {
        if (filters.isEmpty()) {
            return blacklist.isEmpty() ? CandidateFilter.ANY : item -> !blacklist.get(item);
        }
        Expr all = filters.size() == 1 ? filters.getFirst() : new Expr.And(filters);
        Selection s = attributes.select(all, context, contextItems);
        BitSet bits = new BitSet();
        IdIndex items = model.items;
        if (s.selectsUnknown()) { // the few denied: those with attributes that fail, and the blacklist
            s.forEach(false, id -> {
                int i = items.find(id);
                if (i >= 0) {
                    bits.set(i);
                }
            });
            bits.or(blacklist);
            return bits.isEmpty() ? CandidateFilter.ANY : item -> !bits.get(item);
        }
        s.forEach(true, id -> { // the few allowed
            int i = items.find(id);
            if (i >= 0) {
                bits.set(i);
            }
        });
        bits.andNot(blacklist);
        return new AllowedItems(bits);
    }

    boolean hasPins() {
        return !filterPins.isEmpty() || !itemPins.isEmpty() || !pairPins.isEmpty();
    }
}
