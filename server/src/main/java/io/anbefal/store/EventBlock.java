package io.anbefal.store;

import io.anbefal.engine.Event;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The binary form of a block of one service's updates, as bulk loads store them in {@code event_blocks.data}:
 * one row per few thousand updates instead of one per update (see ARCHITECTURE.md, "Bulk loads").
 * <p>
 * Layout (format 1): the format byte, the update count, then per update: person, what, where, origin (the last
 * three through a dictionary that grows as the block is written: 0 = null, k = the k-th string, k = size + 1 =
 * a new string follows), the time as a zig-zag delta from the previous update's, a flag byte (boost, number,
 * eventId, tags present), the entity ids, then the tags (dictionary), the boost (8 bytes), the number (zig-zag)
 * and the eventId as flagged. Strings are UTF-8 with a varint length. Nothing here depends on the database.
 *
 * @param data       the encoded updates
 * @param count      how many updates
 * @param minTime    the earliest update time (unix ms)
 * @param maxTime    the latest update time (unix ms)
 * @param counts     entity-events per (what, origin), for {@link Store#stats} without decoding the block
 */
record EventBlock(byte[] data, int count, long minTime, long maxTime, Map<WhatOrigin, Long> counts) {

    /** The format byte written first. */
    static final byte FORMAT = 1;

    private static final int BOOST = 1;
    private static final int NUMBER = 2;
    private static final int EVENT_ID = 4;
    private static final int TAGS = 8;

    /** A key of the per-block counts. */
    record WhatOrigin(String what, String origin) {
    }

    /** Encodes updates (at least one) in their order. */
    static EventBlock encode(List<StoredUpdate> updates) {
        Out out = new Out(updates.size() * 48 + 16);
        out.writeByte(FORMAT);
        out.writeVarLong(updates.size());
        Map<String, Integer> dictionary = new HashMap<>();
        Map<WhatOrigin, long[]> counts = new LinkedHashMap<>();
        long previous = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (StoredUpdate u : updates) {
            Event e = u.event();
            out.writeString(e.person());
            out.writeWord(dictionary, e.what());
            out.writeWord(dictionary, e.where());
            out.writeWord(dictionary, e.origin());
            out.writeVarLong(zigzag(e.timeMillis() - previous));
            previous = e.timeMillis();
            min = Math.min(min, previous);
            max = Math.max(max, previous);
            int flags = (e.boost() != null ? BOOST : 0) | (e.number() != null ? NUMBER : 0)
                    | (u.eventId() != null ? EVENT_ID : 0) | (e.tags().isEmpty() ? 0 : TAGS);
            out.writeByte(flags);
            out.writeVarLong(e.entities().size());
            for (String entity : e.entities()) {
                out.writeString(entity);
            }
            if ((flags & TAGS) != 0) {
                out.writeVarLong(e.tags().size());
                for (String tag : e.tags()) {
                    out.writeWord(dictionary, tag);
                }
            }
            if ((flags & BOOST) != 0) {
                out.writeLong(Double.doubleToRawLongBits(e.boost()));
            }
            if ((flags & NUMBER) != 0) {
                out.writeVarLong(zigzag(e.number()));
            }
            if ((flags & EVENT_ID) != 0) {
                out.writeString(u.eventId());
            }
            counts.computeIfAbsent(new WhatOrigin(e.what(), e.origin()), k -> new long[1])[0] += e.entities().size();
        }
        Map<WhatOrigin, Long> totals = new LinkedHashMap<>();
        counts.forEach((k, v) -> totals.put(k, v[0]));
        return new EventBlock(out.bytes(), updates.size(), min, max, totals);
    }

    /** Decodes a block into its updates, in order. */
    static void decode(byte[] data, Consumer<StoredUpdate> sink) {
        In in = new In(data);
        int format = in.readByte();
        if (format != FORMAT) {
            throw new StoreException("An event block of unknown format " + format + " in the event log", null);
        }
        long n = in.readVarLong();
        List<String> dictionary = new ArrayList<>();
        long time = 0;
        for (long i = 0; i < n; i++) {
            String person = in.readString();
            String what = in.readWord(dictionary);
            String where = in.readWord(dictionary);
            String origin = in.readWord(dictionary);
            time += unzigzag(in.readVarLong());
            int flags = in.readByte();
            String[] entities = new String[(int) in.readVarLong()];
            for (int k = 0; k < entities.length; k++) {
                entities[k] = in.readString();
            }
            List<String> tags = List.of();
            if ((flags & TAGS) != 0) {
                String[] t = new String[(int) in.readVarLong()];
                for (int k = 0; k < t.length; k++) {
                    t[k] = in.readWord(dictionary);
                }
                tags = List.of(t);
            }
            Double boost = (flags & BOOST) != 0 ? Double.longBitsToDouble(in.readLong()) : null;
            Integer number = (flags & NUMBER) != 0 ? (int) unzigzag(in.readVarLong()) : null;
            String eventId = (flags & EVENT_ID) != 0 ? in.readString() : null;
            sink.accept(new StoredUpdate(new Event(person, List.of(entities), what, where, origin, tags, time,
                    boost, number), eventId));
        }
    }

    /** The updates of a block, in order. */
    static List<StoredUpdate> decode(byte[] data) {
        List<StoredUpdate> updates = new ArrayList<>();
        decode(data, updates::add);
        return updates;
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** A growable byte buffer. */
    private static final class Out {
        private byte[] buf;
        private int size;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        void writeByte(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        void writeVarLong(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
        }

        void writeLong(long v) {
            ensure(8);
            for (int i = 56; i >= 0; i -= 8) {
                buf[size++] = (byte) (v >>> i);
            }
        }

        void writeString(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            writeVarLong(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
        }

        void writeWord(Map<String, Integer> dictionary, String s) {
            if (s == null) {
                writeVarLong(0);
                return;
            }
            Integer known = dictionary.get(s);
            if (known != null) {
                writeVarLong(known);
                return;
            }
            int code = dictionary.size() + 1;
            dictionary.put(s, code);
            writeVarLong(code);
            writeString(s);
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, size);
        }
    }

    /** Reads what {@link Out} wrote. */
    private static final class In {
        private final byte[] buf;
        private int pos;

        In(byte[] buf) {
            this.buf = buf;
        }

        int readByte() {
            return buf[pos++] & 0xFF;
        }

        long readVarLong() {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = buf[pos++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
        }

        long readLong() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (buf[pos++] & 0xFF);
            }
            return v;
        }

        String readString() {
            int n = (int) readVarLong();
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        String readWord(List<String> dictionary) {
            int code = (int) readVarLong();
            if (code == 0) {
                return null;
            }
            if (code <= dictionary.size()) {
                return dictionary.get(code - 1);
            }
            String s = readString();
            dictionary.add(s);
            return s;
        }
    }
}
