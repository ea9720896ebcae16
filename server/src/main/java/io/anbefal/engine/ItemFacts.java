package io.anbefal.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Item facts: attributes that updates and datasets carry, by the Sannsyn convention of a catalog fact (an update
 * tagged with the service's {@code category-tag}, {@code itemcat} by default, whose customer is the item) with one
 * {@code attr:NAME=VALUE} tag per attribute, as a dataset's {@code <item>} becomes (docs/dataset.md). The engine
 * learns them from the log, so they hold on every node and after a replay; a model snapshot keeps them too
 * ({@link SnapshotCodec#writeFacts}).
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

    /** Adds the event's item fact, if it is one, to the service's item attributes. */
    static void learn(Event e, String categoryTag, java.util.function.Supplier<io.anbefal.engine.rules.ItemAttributes> to) {
        Map<String, String> facts = of(e, categoryTag);
        if (!facts.isEmpty()) {
            to.get().merge(e.person(), facts);
        }
    }
}
