package io.anbefal.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code <item>}: a catalog fact. The engine learns it as the Sannsyn convention sends it, an update with
 * customer = the item, entities = its categories and the tag {@value #ITEMCAT}; see {@link #toUpdate()}.
 *
 * @param id         the item id
 * @param categories its categories, never empty
 * @param attributes its attributes, name to value, in document order
 * @param timeMillis since when the fact holds, unix milliseconds
 * @param eventId    the client's dedupe key, or null
 */
public record DatasetItem(String id, List<String> categories, Map<String, String> attributes, long timeMillis,
                          String eventId) implements DatasetRecord {

    /** The tag that marks an update as a catalog fact (the engine's default {@code category-tag}). */
    public static final String ITEMCAT = "itemcat";
    /** The {@code what} of an item fact seen as an update. */
    public static final String CATALOG = "CATALOG";
    /** The prefix of the tags that carry an item's attributes: {@code attr:NAME=VALUE}. */
    public static final String ATTRIBUTE_TAG = "attr:";

    public DatasetItem {
        categories = List.copyOf(categories);
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The fact as the update the engine and the store know: customer = item, entities = categories. */
    public DatasetUpdate toUpdate() {
        List<String> tags = new ArrayList<>(1 + attributes.size());
        tags.add(ITEMCAT);
        attributes.forEach((name, value) -> tags.add(ATTRIBUTE_TAG + name + "=" + value));
        return new DatasetUpdate(id, categories, CATALOG, null, null, tags, timeMillis, null, null, eventId);
    }

    /** The item an update stands for, if it has exactly the shape {@link #toUpdate()} gives; else null. */
    public static DatasetItem fromUpdate(DatasetUpdate u) {
        if (!CATALOG.equals(u.what()) || u.where() != null || u.origin() != null || u.boost() != null
                || u.number() != null || u.tags().isEmpty() || !ITEMCAT.equals(u.tags().getFirst())) {
            return null;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String tag : u.tags().subList(1, u.tags().size())) {
            int eq = tag.indexOf('=');
            if (!tag.startsWith(ATTRIBUTE_TAG) || eq <= ATTRIBUTE_TAG.length()
                    || attributes.put(tag.substring(ATTRIBUTE_TAG.length(), eq), tag.substring(eq + 1)) != null) {
                return null;
            }
        }
        return new DatasetItem(u.customer(), u.entities(), attributes, u.timeMillis(), u.eventId());
    }
}
