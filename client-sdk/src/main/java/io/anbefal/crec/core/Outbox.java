package io.anbefal.crec.core;

/**
 * The queue of updates waiting to be sent: bounded (the oldest go first when it is full), saved as one string
 * (one JSON update a line) so that it survives a navigation or a crash, and cut into batches that stay under a
 * byte budget (the browser's keep-alive requests share about 64 KB).
 */
public final class Outbox {

    private final Text text;
    private final String[] items;
    private int size;

    public Outbox(Text text, int capacity) {
        this.text = text;
        this.items = new String[capacity];
    }

    public int size() {
        return size;
    }

    /** Adds one update (a JSON object without line breaks). */
    public void add(String json) {
        if (size == items.length) {
            drop(1);
        }
        items[size++] = json;
    }

    /** Removes the first {@code n}, the ones a batch carried. */
    public void drop(int n) {
        int k = n < size ? n : size;
        for (int i = k; i < size; i++) {
            items[i - k] = items[i];
        }
        for (int i = size - k; i < size; i++) {
            items[i] = null;
        }
        size -= k;
    }

    /** How many of the first updates fit in one body of at most {@code max} characters (at least one). */
    public int fitting(String envelope, int max) {
        int used = envelope.length() + 2;
        int n = 0;
        while (n < size && used + items[n].length() + 1 <= max) {
            used += items[n].length() + 1;
            n++;
        }
        return n == 0 && size > 0 ? 1 : n;
    }

    /** The request body for the first {@code n} updates. */
    public String body(String envelope, int n) {
        return text.join(envelope, items, n, ",", "]}");
    }

    /**
     * Adds the updates of a saved queue ({@link #save()}'s form: one a line; null or empty for none), as the
     * script does after a reload.
     */
    public void load(String saved) {
        String[] lines = text.split(saved, "\n");
        for (int i = 0; i < lines.length; i++) {
            add(lines[i]);
        }
    }

    /** The queue as one string, for storage. */
    public String save() {
        return text.join("", items, size, "\n", "");
    }
}
