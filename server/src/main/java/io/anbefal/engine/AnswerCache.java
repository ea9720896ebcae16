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
 * and the {@link ReadSet} of lists and popularity powers its steps read. It is answered again only when all of
 * those are what a request now would use, so a reused answer is always the one the steps would compute now;
 * a person's own update changes their version and is reflected at once. Only chains of types whose reads are all
 * recorded, without business rules, are kept.
 * <p>
 * Bounded: a fixed number of slots in sets of {@value #WAYS} chosen by the request and person (a new answer takes
 * an empty slot of its set, else the one kept longest ago), about a kilobyte each; setting
 * {@code answer-cache.entries} (0 turns it off). Reading threads fill it concurrently under the service's read
 * lock; entries are immutable.
 */
final class AnswerCache {

    private record Entry(RecommendRequest request, Person asked, int askedVersion, Person tagged, int taggedVersion,
                         long structure, ReadSet.Frozen reads, Recommendation answer, long kept) {
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

    /** The kept answer of this request when it is current, else null. */
    Recommendation find(Query q, Person asked, Person tagged) {
        if (slots == null) {
            return null;
        }
        int set = set(q.request(), asked, tagged);
        ServiceModel m = q.model();
        for (int k = set; k < set + WAYS; k++) {
            Entry e = slots.get(k);
            if (e != null && e.asked == asked && e.tagged == tagged && e.request.equals(q.request())) {
                if (e.structure == m.structure && (asked == null || e.askedVersion == asked.version)
                        && (tagged == null || e.taggedVersion == tagged.version) && e.reads.current(m)) {
                    hits.increment();
                    return e.answer;
                }
                break;
            }
        }
        misses.increment();
        return null;
    }

    /** Keeps an answer just computed from the model as it is now, if all its reads were recorded. */
    void keep(Query q, Person asked, Person tagged, ReadSet reads, Recommendation answer) {
        if (slots == null || !reads.complete()) {
            return;
        }
        Entry entry = new Entry(q.request(), asked, asked == null ? 0 : asked.version, tagged,
                tagged == null ? 0 : tagged.version, q.model().structure, reads.freeze(), answer, clock.incrementAndGet());
        int set = set(q.request(), asked, tagged);
        int victim = set;
        for (int k = set; k < set + WAYS; k++) {
            Entry e = slots.get(k);
            if (e == null || e.asked == asked && e.tagged == tagged && e.request.equals(q.request())) {
                victim = k; // empty, or this request's stale answer
                break;
            }
            if (e.kept < slots.get(victim).kept) {
                victim = k;
            }
        }
        slots.set(victim, entry);
    }

    private int set(RecommendRequest request, Person asked, Person tagged) {
        int h = request.hashCode() * 31 + System.identityHashCode(asked) * 17 + System.identityHashCode(tagged);
        h *= 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
