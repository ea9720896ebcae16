package io.anbefal.miso;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Miso interaction types and the {@code what} each is stored and learnt as. A service may map a type to another
 * {@code what} with the setting {@code miso.what.TYPE=WHAT} (say {@code miso.what.impression=RECEXPOSURE}).
 */
public final class InteractionTypes {

    /** Every type a record may have, with its default {@code what}. */
    private static final Map<String, String> WHAT = new LinkedHashMap<>();

    static {
        for (String type : new String[] {"product_detail_page_view", "home_page_view", "category_page_view",
            "promo_page_view", "product_image_view", "search", "impression", "viewable_impression", "click",
            "add_to_cart", "remove_from_cart", "checkout", "refund", "subscribe", "unsubscribe", "add_to_collection",
            "remove_from_collection", "read", "watch", "listen", "like", "dislike", "share", "rate", "bookmark",
            "complete", "custom"}) {
            WHAT.put(type, type.toUpperCase(Locale.ROOT));
        }
        WHAT.put("product_detail_page_view", "BROWSE");
        WHAT.put("viewable_impression", "RECEXPOSURE");
        WHAT.put("click", "RECCLICK");
        WHAT.put("add_to_cart", "ADD_TO_CART");
        WHAT.put("checkout", "PURCHASE");
    }

    /** The prefix of the setting that maps a type to another {@code what}: {@code miso.what.TYPE}. */
    static final String SETTING = "miso.what.";

    /** The {@code what} of a custom record: this prefix and its {@code custom_action_name}. */
    public static final String CUSTOM_PREFIX = "CUSTOM:";

    private InteractionTypes() {
    }

    public static Set<String> types() {
        return WHAT.keySet();
    }

    public static boolean known(String type) {
        return WHAT.containsKey(type);
    }

    /** The {@code what} a record of this (known) type is stored as, under the service's settings. */
    public static String what(String type, String customAction, Map<String, String> settings) {
        String configured = settings.get(SETTING + type);
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        if ("custom".equals(type)) {
            return CUSTOM_PREFIX + customAction;
        }
        return WHAT.get(type);
    }
}
