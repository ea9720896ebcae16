package io.anbefal.engine;

import java.util.Arrays;

/**
 * A map from int keys to float values without boxing: an open-addressing table of slots pointing into dense
 * key and value arrays, so that iterating visits exactly {@link #size()} entries in insertion order.
 * Iterate with {@code for (int k = 0; k < map.size(); k++) use(map.keys[k], map.values[k]);}.
 */
final class IntFloatMap {

    /** Slot table: 0 is empty, otherwise the index of the entry plus one. */
    private int[] slots;
    int[] keys;
    float[] values;
    private int size;
    /** Counts every change, so that derived structures know when they are stale. */
    int changes;

    IntFloatMap() {
        this(4);
    }

    IntFloatMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        slots = new int[capacity];
        keys = new int[Math.max(2, expected)];
        values = new float[keys.length];
    }

    /** Bytes of the map: its three arrays and itself. */
    long bytes() {
        return 32 + ModelSize.array(slots.length, 4) + ModelSize.array(keys.length, 4) + ModelSize.array(values.length, 4);
    }

    int size() {
        return size;
    }

    float get(int key) {
        int mask = slots.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == 0) {
                return 0f;
            }
            if (keys[s - 1] == key) {
                return values[s - 1];
            }
        }
    }

    void add(int key, float delta) {
        changes++;
        int mask = slots.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == 0) {
                if (size == keys.length) {
                    keys = Arrays.copyOf(keys, size * 2);
                    values = Arrays.copyOf(values, size * 2);
                }
                keys[size] = key;
                values[size] = delta;
                slots[i] = ++size;
                if (size * 4 > slots.length * 3) {
                    rehash();
                }
                return;
            }
            if (keys[s - 1] == key) {
                values[s - 1] += delta;
                return;
            }
        }
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        int mask = slots.length - 1;
        for (int e = 0; e < size; e++) {
            int i = mix(keys[e]) & mask;
            while (slots[i] != 0) {
                i = (i + 1) & mask;
            }
            slots[i] = e + 1;
        }
    }

    private static int mix(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
