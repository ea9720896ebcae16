package io.anbefal.engine;

/**
 * An estimate of a service model's memory, for the operator (the {@code anbefal_engine_model_bytes} metric): the
 * lengths of its arrays times their element sizes, plus a fixed overhead per object as a 64-bit JVM with
 * compressed references lays them out (16-byte object and array headers, 4-byte references). It walks every item
 * and person once, under the service's read lock. Not counted: the basket models of {@code ShoppingBasketRecommender}
 * (built only for small services, at most {@code model-max-items} squared floats each), the answer cache (bounded by
 * {@code answer-cache.entries}, about a kilobyte an entry) and the JVM's own slack.
 */
final class ModelSize {

    static final int REF = 4;
    /** A {@code HashMap} node (header, hash, key, value, next). */
    static final int MAP_ENTRY = 32;
    /** A {@link NeighbourLists.Sorted} without its arrays. */
    static final int SORTED = 40;
    /** A {@link Person} without its arrays and maps. */
    private static final int PERSON = 40;

    private ModelSize() {
    }

    static long array(long length, int elementBytes) {
        return 16 + align(length * elementBytes);
    }

    /** A string of Latin-1 characters (as ids are, mostly): the object and its byte array. */
    static long string(String s) {
        return 24 + array(s.length(), 1);
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }

    static long of(ServiceModel m) {
        int capacity = m.popularity.length;
        long bytes = m.items.bytes() + m.persons.ids.bytes() + m.lists.bytes();
        // per-item arrays: popularity, trend, the category flags, the items' categories, the popularity powers
        bytes += array(capacity, 4) + array(capacity, 8) + array(capacity, 1) + array(capacity, REF);
        for (int[] cats : m.itemCategories) {
            bytes += cats == null ? 0 : array(cats.length, 4);
        }
        bytes += (long) m.exponentCount() * array(capacity, 4);
        bytes += array(m.cooccurrence.size(), REF);
        for (IntFloatMap row : m.cooccurrence) {
            bytes += row.bytes();
        }
        Persons persons = m.persons;
        bytes += array(persons.parent.length, 4) + array(persons.people.size(), REF);
        for (Person p : persons.people) {
            bytes += PERSON + array(p.seq.length, 4) + array(p.seqWeight.length, 4) + array(p.seqTime.length, 8)
                    + p.interacted.bytes() + p.purchased.bytes() + p.exposures.bytes() + p.clicks.bytes()
                    + p.categories.bytes();
        }
        return bytes;
    }
}
