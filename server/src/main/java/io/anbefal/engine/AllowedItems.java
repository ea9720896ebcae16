package io.anbefal.engine;

import java.util.BitSet;

/**
 * A compiled filter that allows a known set of items (the few a restrictive filter passes, blacklist removed):
 * a bitset to test a candidate, and its members in id order. A step over a long sorted list may visit the list's
 * allowed entries instead of walking the list ({@link Scorer#firstOfVisit}): they are found once per list and
 * filter ({@link #visit}) and kept with the list.
 */
final class AllowedItems implements CandidateFilter {

    final BitSet bits;
    final int[] members;

    AllowedItems(BitSet bits) {
        this.bits = bits;
        this.members = bits.stream().toArray();
    }

    @Override
    public boolean allows(int item) {
        return bits.get(item);
    }

    /**
     * The entries of one sorted list that this filter allows and that are of the kind (items, or categories),
     * in list order: their indices in the list, and per index how many entries before it are not of the kind. A
     * function of the list (immutable), this filter (immutable) and which entities are categories (changed only
     * with the model's {@link ServiceModel#structure}), so it is kept with the list under those three (the
     * last {@value #VISITS} filters' per list).
     */
    record Visit(AllowedItems filter, long structure, boolean categories, int[] at, int[] othersBefore) {
    }

    /** How many filters' visits a list keeps (a few widgets' filters over the same lists share them). */
    static final int VISITS = 4;

    /** The list's {@link Visit} under this filter: one kept with the list when it is this one's, else found now. */
    Visit visit(NeighbourLists.Sorted sorted, ServiceModel model, boolean categories) {
        Visit[] kept = sorted.visits;
        if (kept != null) {
            for (Visit v : kept) {
                if (v.filter() == this && v.structure() == model.structure && v.categories() == categories) {
                    return v;
                }
            }
        }
        int[] items = sorted.items;
        int[] at = new int[Math.min(items.length, members.length)];
        int[] others = new int[at.length];
        int size = 0;
        int notOfKind = 0;
        for (int k = 0; k < items.length && size < at.length; k++) {
            int item = items[k];
            if (model.isCategory(item) != categories) {
                notOfKind++;
            } else if (bits.get(item)) {
                at[size] = k;
                others[size++] = notOfKind;
            }
        }
        Visit v = new Visit(this, model.structure, categories, java.util.Arrays.copyOf(at, size),
                java.util.Arrays.copyOf(others, size));
        // the newest first, the oldest dropped; copied, never changed in place (racing readers each keep a correct one)
        Visit[] visits = new Visit[kept == null ? 1 : Math.min(VISITS, kept.length + 1)];
        visits[0] = v;
        if (kept != null) {
            System.arraycopy(kept, 0, visits, 1, visits.length - 1);
        }
        sorted.visits = visits;
        return v;
    }
}
