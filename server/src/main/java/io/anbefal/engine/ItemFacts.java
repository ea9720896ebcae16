package io.anbefal.engine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Item facts: attributes that updates and datasets carry, by the Sannsyn convention of a catalog fact (an update
 * tagged with the service's {@code category-tag}, {@code itemcat} by default, whose customer is the item) with one
 * {@code attr:NAME=VALUE} tag per attribute, as a dataset's {@code <item>} becomes (docs/dataset.md). The engine
 * learns them from the log, so they hold on every node and after a replay; a model snapshot keeps them too.
 */
final class ItemFacts {

    static final String ATTRIBUTE_TAG = "attr:";

    private ItemFacts() {
    }

    /** The attributes an event states of its item (the event's person), or an empty map when it is no item fact. */
    static Map<String, String> of(Event e, String categoryTag) {
        if (!e.tags().contains(categoryTag)) {
            return Map.of();
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String tag : e.tags()) {
            int eq = tag.indexOf('=');
            if (tag.startsWith(ATTRIBUTE_TAG) && eq > ATTRIBUTE_TAG.length()) {
                attributes.put(tag.substring(ATTRIBUTE_TAG.length(), eq), tag.substring(eq + 1));
            }
        }
        return attributes;
    }

    static void write(Map<String, Map<String, Object>> facts, DataOutput out) throws IOException {
        out.writeInt(facts.size());
        for (Map.Entry<String, Map<String, Object>> item : facts.entrySet()) {
            out.writeUTF(item.getKey());
            out.writeInt(item.getValue().size());
            for (Map.Entry<String, Object> a : item.getValue().entrySet()) {
                out.writeUTF(a.getKey());
                out.writeUTF(String.valueOf(a.getValue()));
            }
        }
    }

    static Map<String, Map<String, String>> read(DataInput in) throws IOException {
        Map<String, Map<String, String>> facts = new HashMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            String item = in.readUTF();
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int k = in.readInt(); k > 0; k--) {
                attributes.put(in.readUTF(), in.readUTF());
            }
            facts.put(item, attributes);
        }
        return facts;
    }
}
