package io.anbefal.store;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Where the log stands: what it holds (counts and highest sequence numbers of single updates, identity links and
 * published bulk loads) and a hash of every service's settings. A model snapshot taken at one position describes
 * the log up to there; the log is append-only, so a later log that still {@linkplain Store#contains contains} the
 * position is the snapshot plus what came {@linkplain Store#replay(LogPosition, Store.ReplaySink) after it}.
 *
 * @param events     single updates stored
 * @param eventSeq   the highest sequence number among them (0: none)
 * @param links      identity links stored
 * @param linkSeq    the highest link sequence number (0: none)
 * @param loads      published bulk loads
 * @param loadSeq    the highest publication number among them (0: none)
 * @param loadEvents the updates those loads hold
 * @param settings   a hash of every service's settings
 */
public record LogPosition(long events, long eventSeq, long links, long linkSeq, long loads, long loadSeq,
                          long loadEvents, String settings) {

    /** The empty log: replaying after it replays everything. */
    public static final LogPosition START = new LogPosition(0, 0, 0, 0, 0, 0, 0, "");

    /** Every service's updates: single ones and those of published loads. */
    public long updates() {
        return events + loadEvents;
    }

    /** Whether {@code later} holds exactly the same log entries (counts and sequence numbers): settings aside. */
    public boolean sameLog(LogPosition later) {
        return events == later.events && eventSeq == later.eventSeq && links == later.links
                && linkSeq == later.linkSeq && loads == later.loads && loadSeq == later.loadSeq
                && loadEvents == later.loadEvents;
    }

    public void writeTo(DataOutput out) throws IOException {
        for (long v : new long[] {events, eventSeq, links, linkSeq, loads, loadSeq, loadEvents}) {
            out.writeLong(v);
        }
        out.writeUTF(settings);
    }

    public static LogPosition readFrom(DataInput in) throws IOException {
        return new LogPosition(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readLong(), in.readLong(), in.readUTF());
    }
}
