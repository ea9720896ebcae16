package io.anbefal.store;

import java.util.List;
import java.util.Map;

/**
 * The longest value of each string the store keeps, in characters: the column sizes of {@link JdbcStore}'s schema,
 * which is written with these constants, so the two cannot drift apart. Every API checks its fields against them
 * before anything reaches the store (docs/api.md, "Limits"); a value over its limit is a 4xx naming the field.
 */
public final class Limits {

    /** A service name ({@code services.name} and every {@code service} column). */
    public static final int SERVICE = 200;
    /** A person: a customer id, a visitor id (ssasid), either side of a link ({@code events.person}, {@code links}). */
    public static final int PERSON = 1000;
    /** One entity id (an item, a product id, a category id) and one tag, within their JSON columns. */
    public static final int ENTITY = 1000;
    /** A product id ({@code products.product_id}). */
    public static final int PRODUCT_ID = 1000;
    /** {@code what}. */
    public static final int WHAT = 100;
    /** {@code where}, the channel ({@code events.channel}). */
    public static final int CHANNEL = 200;
    /** {@code origin}, the recommender instance that produced an entity. */
    public static final int ORIGIN = 200;
    /** {@code eventId}. */
    public static final int EVENT_ID = 200;
    /** A recommender name (not stored, but checked with the same rule). */
    public static final int RECOMMENDER = 200;
    /** The JSON text of one update's entity ids, and of its tags ({@code events.entities}, {@code events.tags}). */
    public static final int ID_LIST_JSON = 1_000_000;
    /** The JSON text of one product record ({@code products.data}). */
    public static final int PRODUCT_JSON = 1_000_000;
    /** A user id and the JSON text of one user record ({@code user_records}). */
    public static final int USER_ID = 1000;
    public static final int USER_JSON = 1_000_000;
    /** A browser origin a service allows ({@code service_origins.origin}). */
    public static final int SERVICE_ORIGIN = 500;
    /** A setting's key and value ({@code service_settings}). */
    public static final int SETTING_KEY = 500;
    public static final int SETTING_VALUE = 10_000;
    /** A user name of a service ({@code service_users.username}). */
    public static final int USER = 200;
    /** A stored credential hash. */
    public static final int HASH = 500;

    private Limits() {
    }

    /** The DDL with each {@code %NAME%} replaced by the limit of that name. */
    static String ddl(String text) {
        Map<String, Integer> sizes = Map.ofEntries(Map.entry("SERVICE", SERVICE), Map.entry("PERSON", PERSON),
                Map.entry("PRODUCT_ID", PRODUCT_ID), Map.entry("WHAT", WHAT), Map.entry("CHANNEL", CHANNEL),
                Map.entry("ORIGIN", ORIGIN), Map.entry("EVENT_ID", EVENT_ID), Map.entry("ID_LIST_JSON", ID_LIST_JSON),
                Map.entry("PRODUCT_JSON", PRODUCT_JSON),
                Map.entry("USER_ID", USER_ID), Map.entry("USER_JSON", USER_JSON), Map.entry("SERVICE_ORIGIN", SERVICE_ORIGIN),
                Map.entry("SETTING_KEY", SETTING_KEY), Map.entry("SETTING_VALUE", SETTING_VALUE),
                Map.entry("USER", USER), Map.entry("HASH", HASH));
        for (Map.Entry<String, Integer> e : sizes.entrySet()) {
            text = text.replace("%" + e.getKey() + "%", Integer.toString(e.getValue()));
        }
        return text;
    }

    /** Whether a string fits a limit; null fits. */
    public static boolean fits(String value, int limit) {
        return value == null || value.length() <= limit;
    }

    /**
     * The length of the JSON array text the store writes for a list of ids (Jackson's default escaping: {@code "}
     * and {@code \} and the short control escapes take two characters, other control characters six).
     */
    public static long jsonLength(List<String> values) {
        long n = 2 + Math.max(0, values.size() - 1);
        for (String v : values) {
            n += 2 + v.length();
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
                    n += 1;
                } else if (c < 0x20) {
                    n += 5;
                }
            }
        }
        return n;
    }
}
