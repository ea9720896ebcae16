package io.anbefal.crec.core;

/** What was reported in this page view, so that each (item, recommender) is exposed once per page view. */
public final class Seen {

    private String[] keys = new String[16];
    private int size;

    /** True the first time this key is offered since the last {@link #clear()}. */
    public boolean first(String key) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                return false;
            }
        }
        if (size == keys.length) {
            String[] more = new String[size * 2];
            for (int i = 0; i < size; i++) {
                more[i] = keys[i];
            }
            keys = more;
        }
        keys[size++] = key;
        return true;
    }

    /** A new page view (a page restored from the back/forward cache is one). */
    public void clear() {
        size = 0;
    }
}
