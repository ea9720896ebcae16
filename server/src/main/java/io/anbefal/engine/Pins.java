package io.anbefal.engine;

import io.anbefal.engine.rules.Rule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Places a request's pins after top-N: each pinned item into its 1-based slot (the first pin of a slot wins; a
 * slot past {@code num} is ignored), the ranked items in their order into the slots left, without the pinned
 * ones; when too few ranked items remain, the later pins close up. Item and pair pins are placed whatever the
 * filters say (a merchandiser's choice), but never an item the request asks about; filter pins were found under
 * the filters ({@link BoundRules}).
 */
final class Pins {

    private Pins() {
    }

    static Recommendation place(Recommendation r, BoundRules rules, int num, List<String> asked, String origin) {
        TreeMap<Integer, Recommendation.ScoredItem> slots = new TreeMap<>();
        Set<String> askedIds = new HashSet<>(asked);
        Set<String> pinned = new HashSet<>();
        for (Rule.ItemPin p : rules.itemPins) {
            put(slots, pinned, askedIds, num, p.slot(),
                    new Recommendation.ScoredItem(p.item(), 0, 0, Recommendation.Placement.ITEM_PIN, origin));
        }
        for (BoundRules.FilterPin p : rules.filterPins) {
            if (p.found != null) {
                put(slots, pinned, askedIds, num, p.slot, p.found);
            }
        }
        for (Rule.PairPin p : rules.pairPins) {
            put(slots, pinned, askedIds, num, p.slot(),
                    new Recommendation.ScoredItem(p.item(), 0, 0, Recommendation.Placement.PAIR_PIN, origin));
        }
        if (slots.isEmpty()) {
            return r;
        }
        List<Recommendation.ScoredItem> ranked = new ArrayList<>();
        for (Recommendation.ScoredItem i : r.items()) {
            if (!pinned.contains(i.id())) {
                ranked.add(i);
            }
        }
        List<Recommendation.ScoredItem> out = new ArrayList<>(num);
        int next = 0;
        for (int slot = 1; slot <= num && (next < ranked.size() || !slots.tailMap(slot).isEmpty()); slot++) {
            Recommendation.ScoredItem pin = slots.get(slot);
            if (pin != null) {
                out.add(pin);
            } else if (next < ranked.size()) {
                out.add(ranked.get(next++));
            }
        }
        return new Recommendation(out, r.origin(), r.scored());
    }

    private static void put(TreeMap<Integer, Recommendation.ScoredItem> slots, Set<String> pinned, Set<String> asked,
                            int num, int slot, Recommendation.ScoredItem item) {
        if (slot <= num && !slots.containsKey(slot) && !pinned.contains(item.id()) && !asked.contains(item.id())) {
            slots.put(slot, item);
            pinned.add(item.id());
        }
    }
}
