package io.anbefal.engine;

import java.util.Arrays;

/** What one person did: the item sequence (with each entry's weight and time) and per-item sums. */
final class Person {
    int[] seq = new int[8];
    float[] seqWeight = new float[8];
    /** When each entry of {@link #seq} happened (its event's time), for merging linked histories. */
    long[] seqTime = new long[8];
    int length;
    /** Bumped by every change of this history (its events, a link into it), so that kept answers know they are stale. */
    int version;
    final IntFloatMap interacted;
    final IntFloatMap purchased;
    final IntFloatMap exposures;
    final IntFloatMap clicks;
    final IntFloatMap categories;

    Person() {
        this(new IntFloatMap(), new IntFloatMap(), new IntFloatMap(), new IntFloatMap(), new IntFloatMap());
    }

    Person(IntFloatMap interacted, IntFloatMap purchased, IntFloatMap exposures, IntFloatMap clicks,
           IntFloatMap categories) {
        this.interacted = interacted;
        this.purchased = purchased;
        this.exposures = exposures;
        this.clicks = clicks;
        this.categories = categories;
    }

    void append(int item, float weight, long time) {
        if (length == seq.length) {
            seq = Arrays.copyOf(seq, length * 2);
            seqWeight = Arrays.copyOf(seqWeight, length * 2);
            seqTime = Arrays.copyOf(seqTime, length * 2);
        }
        seq[length] = item;
        seqWeight[length] = weight;
        seqTime[length++] = time;
    }

    /** Takes {@code from}'s history into this one: one sequence in time order, and the sums added. */
    void absorb(Person from) {
        version++;
        from.version++;
        if (from.length > 0) {
            // one history in time order: typically a visitor's browsing just before signing in comes after the
            // customer's earlier visits, and is what the recent-items recommenders should weigh most
            int n = from.length + length;
            int[] merged = new int[n];
            float[] weights = new float[n];
            long[] times = new long[n];
            for (int i = 0, j = 0, k = 0; k < n; k++) {
                Person next = j >= length || (i < from.length && from.seqTime[i] < seqTime[j]) ? from : this;
                int at = next == from ? i++ : j++;
                merged[k] = next.seq[at];
                weights[k] = next.seqWeight[at];
                times[k] = next.seqTime[at];
            }
            seq = merged;
            seqWeight = weights;
            seqTime = times;
            length = n;
        }
        merge(from.interacted, interacted);
        merge(from.purchased, purchased);
        merge(from.exposures, exposures);
        merge(from.clicks, clicks);
        merge(from.categories, categories);
    }

    private static void merge(IntFloatMap from, IntFloatMap to) {
        for (int k = 0; k < from.size(); k++) {
            to.add(from.keys[k], from.values[k]);
        }
    }
}
