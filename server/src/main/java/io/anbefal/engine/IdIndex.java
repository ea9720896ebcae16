package io.anbefal.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** External string ids to dense ints and back, so the engine's hot loops work on int indices (as RankSys' FastIndex). */
final class IdIndex {

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    /** The dense id, created if new. */
    int intern(String id) {
        Integer known = ids.get(id);
        if (known != null) {
            return known;
        }
        int next = names.size();
        ids.put(id, next);
        names.add(id);
        return next;
    }

    /** The dense id, or -1 if unknown. */
    int find(String id) {
        Integer known = ids.get(id);
        return known == null ? -1 : known;
    }

    String name(int id) {
        return names.get(id);
    }

    /** Bytes of the index: each id's string, its hash-map entry and boxed int, and the list of names. */
    long bytes() {
        long bytes = ModelSize.array(names.size(), ModelSize.REF) + ModelSize.array(ids.size() * 4 / 3 + 1, ModelSize.REF);
        for (String name : names) {
            bytes += ModelSize.string(name) + ModelSize.MAP_ENTRY + 16;
        }
        return bytes;
    }

    int size() {
        return names.size();
    }
}
