package io.anbefal.engine;

import java.util.Arrays;

/** An open-addressing hash map from non-negative int keys to float values: no boxing in the hot paths. */
final class IntFloatMap {

    private static final int EMPTY = -1;

    int[] keys;
    float[] values;
    private int size;

    IntFloatMap() {
        this(4);
    }

    IntFloatMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new int[capacity];
        Arrays.fill(keys, EMPTY);
        values = new float[capacity];
    }

    int size() {
        return size;
    }

    float get(int key) {
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == EMPTY) {
                return 0f;
            }
        }
    }

    void add(int key, float delta) {
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == key) {
                values[i] += delta;
                return;
            }
            if (k == EMPTY) {
                keys[i] = key;
                values[i] = delta;
                if (++size * 4 > keys.length * 3) {
                    grow();
                }
                return;
            }
        }
    }

    private void grow() {
        int[] oldKeys = keys;
        float[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        values = new float[oldValues.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                add(oldKeys[i], oldValues[i]);
            }
        }
    }

    /** Whether slot {@code i} of {@link #keys} holds an entry. */
    static boolean used(int key) {
        return key != EMPTY;
    }

    private static int mix(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
