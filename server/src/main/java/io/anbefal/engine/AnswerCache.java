package io.anbefal.engine;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A service's recent answers, reused while nothing they were computed from has changed, so that a person asking
 * again (a page view after a page view) costs a look-up instead of summing hundreds of neighbour lists.
 * <p>
 * An answer is kept with everything it was computed from: the request (recommender, ids, tags, num), the persons
 * it resolved (the asked person and the tagged one, each with its {@link Person#version}, bumped by every event
 * of theirs and every link into them), the model's {@link ServiceModel#structure} (settings, entities, categories)
 * the {@link ReadSet} of lists and popularity powers its steps read, and under rules the version of the items'
 * attributes ({@link io.anbefal.engine.rules.ItemAttributes#version}, bumped by every catalog record and item
 * fact). It is answered again only when all of those are what a request now would use, so a reused answer is
 * always the one the steps would compute now; a person's own update changes their version and is reflected at
 * once, a price change every answer under rules. Only chains of types whose reads are all recorded are kept.
 * <p>
 * Bounded: a fixed number of slots in sets of {@value #WAYS}; each request and person has two sets (two hashes; a
 * new answer takes an empty slot of either, else the one kept longest ago of the two), so that a set's overflow has
 * somewhere else to go: with one set, persons asking in turn and hashed five to a set of four pushed each other
 * out every time (about 4% of the bench's requests). About a kilobyte an entry; setting
 * {@code answer-cache.entries} (0 turns it off). Reading threads fill it concurrently under the service's read
 * lock; entries are immutable.
 */
final class AnswerCache {

    private record Entry(RecommendRequest request, Person asked, int askedVersion, Person tagged, int taggedVersion,
                         long structure, long attributes, ReadSet.Frozen reads, Recommendation answer, long kept) {
    }

    /** Slots per set: a request's answer may be in any of its set's. */
    static final int WAYS = 4;

    private final AtomicReferenceArray<Entry> slots;
    private final int mask;
    private final java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();

    /** Room for about {@code entries} answers (rounded up to a power of two); none when 0. */
    AnswerCache(int entries) {
        int n = entries <= 0 ? 0 : Math.max(WAYS, Integer.highestOneBit(Math.max(1, entries - 1)) << 1);
        slots = n == 0 ? null : new AtomicReferenceArray<>(n);
        mask = (n - 1) & ~(WAYS - 1);
    }

    boolean enabled() {
        return slots != null;
    }

    /**
     * The kept answer of this request when it is current, else null; {@code attributes} is the attributes'
     * version the request reads under rules (0 without).
     */
    Recommendation find(Query q, Person asked, Person tagged, long attributes) {
        if (slots == null) {
            return null;
        }
        int h = hash(q.request(), asked, tagged);
        ServiceModel m = q.model();
        Entry e = same(first(h), q.request(), asked, tagged);
        if (e == null) {
            e = same(second(h), q.request(), asked, tagged);
        }
        if (e != null && e.structure == m.structure && e.attributes == attributes && (asked == null || e.askedVersion == asked.version)
                && (tagged == null || e.taggedVersion == tagged.version) && e.reads.current(m)) {
            hits.increment();
            return e.answer;
        }
        misses.increment();
        return null;
    }

    /** This request's entry in the set starting at {@code set}, or null. */
    private Entry same(int set, RecommendRequest request, Person asked, Person tagged) {
        for (int k = set; k < set + WAYS; k++) {
            Entry e = slots.get(k);
            if (e != null && e.asked == asked && e.tagged == tagged && e.request.equals(request)) {
                return e;
            }
        }
        return null;
    }

    /**
     * Keeps an answer just computed from the model as it is now, if all its reads were recorded; {@code attributes}
     * as for {@link #find}, read before the answer was computed.
     */
    void keep(Query q, Person asked, Person tagged, ReadSet reads, Recommendation answer, long attributes) {
        if (slots == null || !reads.complete()) {
            return;
        }
        Entry entry = new Entry(q.request(), asked, asked == null ? 0 : asked.version, tagged,
                tagged == null ? 0 : tagged.version, q.model().structure, attributes, reads.freeze(q.model()), answer,
                clock.incrementAndGet());
        int h = hash(q.request(), asked, tagged);
        int victim = -1;
        long oldest = Long.MAX_VALUE;
        // this request's stale answer if either set holds one, else an empty slot, else the one kept longest ago
        for (int set : new int[] {first(h), second(h)}) {
            for (int k = set; k < set + WAYS; k++) {
                Entry e = slots.get(k);
                if (e != null && e.asked == asked && e.tagged == tagged && e.request.equals(q.request())) {
                    slots.set(k, entry);
                    return;
                }
                long age = e == null ? Long.MIN_VALUE : e.kept;
                if (age < oldest) {
                    oldest = age;
                    victim = k;
                }
            }
        }
        slots.set(victim, entry);
    }

    /** The first of a request's two sets. */
    private int first(int h) {
        return (h ^ (h >>> 16)) & mask;
    }

    /** The second: other bits of the same hash, so that two requests sharing one set rarely share the other. */
    private int second(int h) {
        int g = Integer.reverse(h) * 0x85EBCA6B;
        return (g ^ (g >>> 15)) & mask;
    }

    private static int hash(RecommendRequest request, Person asked, Person tagged) {
        int h = request.hashCode() * 31 + System.identityHashCode(asked) * 17 + System.identityHashCode(tagged);
        return h * 0x9E3779B9;
    }
}
