package io.anbefal.engine;

import java.util.BitSet;

/**
 * A compiled filter that allows a known set of items (the few a restrictive filter passes, blacklist removed):
 * a bitset to test a candidate, and its members in id order, so that a step over a long sorted list may visit
 * the members instead of the list ({@link Scorer#firstOfAllowed}).
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
}
