package io.anbefal.engine.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One attribute's index over dense item ids: which items have it, each text value's items (a bitset, in a sorted
 * map so that text ranges work too), and the numeric values (numbers, ISO dates as epoch ms) as a column sorted
 * by value, rebuilt when read after a change. A restrictive comparison thus costs the items it selects.
 */
final class AttributeColumn {

    final BitSet present = new BitSet();
    private final NavigableMap<String, BitSet> terms = new TreeMap<>();
    /** Numeric values by item (unsorted, as written); null where none. */
    private final List<double[]> numbers = new ArrayList<>();
    private boolean dirty;
    private double[] sortedValues = new double[0];
    private int[] sortedItems = new int[0];

    void add(int item, List<Object> values) {
        present.set(item);
        double[] nums = new double[values.size()];
        int k = 0;
        for (Object v : values) {
            terms.computeIfAbsent(Values.text(v), t -> new BitSet()).set(item);
            Double d = Values.number(v);
            if (d != null) {
                nums[k++] = d;
            }
        }
        while (numbers.size() <= item) {
            numbers.add(null);
        }
        numbers.set(item, k == 0 ? null : Arrays.copyOf(nums, k));
        dirty = true;
    }

    void remove(int item, List<Object> values) {
        present.clear(item);
        for (Object v : values) {
            String t = Values.text(v);
            BitSet b = terms.get(t);
            if (b != null) {
                b.clear(item);
                if (b.isEmpty()) {
                    terms.remove(t);
                }
            }
        }
        if (item < numbers.size() && numbers.get(item) != null) {
            numbers.set(item, null);
            dirty = true;
        }
    }

    /** Items with exactly this text value. */
    BitSet term(String text) {
        BitSet b = terms.get(text);
        return b == null ? new BitSet() : (BitSet) b.clone();
    }

    /** Items with a text value in the range (either end null: open). */
    BitSet textRange(String low, boolean lowIn, String high, boolean highIn) {
        NavigableMap<String, BitSet> range = terms;
        if (low != null) {
            range = range.tailMap(low, lowIn);
        }
        if (high != null) {
            range = range.headMap(high, highIn);
        }
        BitSet out = new BitSet();
        for (Map.Entry<String, BitSet> e : range.entrySet()) {
            out.or(e.getValue());
        }
        return out;
    }

    /** Items with a numeric value in the range; infinite ends are open. */
    BitSet numberRange(double low, boolean lowIn, double high, boolean highIn) {
        sort();
        int from = lowIn ? lowerBound(low) : upperBound(low);
        int to = highIn ? upperBound(high) : lowerBound(high);
        BitSet out = new BitSet();
        for (int k = from; k < to; k++) {
            out.set(sortedItems[k]);
        }
        return out;
    }

    /** The first index whose value is at least {@code v}. */
    private int lowerBound(double v) {
        int lo = 0;
        int hi = sortedValues.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedValues[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The first index whose value is above {@code v}. */
    private int upperBound(double v) {
        int lo = 0;
        int hi = sortedValues.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedValues[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void sort() {
        if (!dirty) {
            return;
        }
        int n = 0;
        for (double[] v : numbers) {
            n += v == null ? 0 : v.length;
        }
        double[] vals = new double[n];
        int[] items = new int[n];
        int k = 0;
        for (int item = 0; item < numbers.size(); item++) {
            double[] v = numbers.get(item);
            if (v != null) {
                for (double d : v) {
                    vals[k] = d;
                    items[k] = item;
                    k++;
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(vals[a], vals[b]));
        double[] sv = new double[n];
        int[] si = new int[n];
        for (int i = 0; i < n; i++) {
            sv[i] = vals[order[i]];
            si[i] = items[order[i]];
        }
        sortedValues = sv;
        sortedItems = si;
        dirty = false;
    }
}
