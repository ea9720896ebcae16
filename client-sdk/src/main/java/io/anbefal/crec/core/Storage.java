package io.anbefal.crec.core;

/** The delivery's port to the page's storage ({@code localStorage} in the script, a map in tests). */
public interface Storage {

    /** The stored value, or null when there is none or storage is blocked. */
    String get(String key);

    /** Stores the value, or removes the key for null; does nothing (and never throws) when storage is blocked. */
    void set(String key, String value);
}
