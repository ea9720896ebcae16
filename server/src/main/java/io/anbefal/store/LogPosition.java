package io.anbefal.store;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Where the log stands: what it holds (counts and highest sequence numbers of single updates, identity links and
 * published bulk loads), a hash of every service's settings, and the log's clock. A model snapshot taken at one
 * position describes the log up to there; the log is append-only, so a later log that still
 * {@linkplain Store#contains contains} the position is the snapshot plus what came
 * {@linkplain Store#replay(LogPosition, Store.ReplaySink) after it}.
 *
 * <p>Every entry appended since the log clock exists (schema version 2) takes its sequence number from that one
 * clock ({@code log_clock}), in commit order: when an entry numbered N is visible, every entry below N is
 * committed. {@code clock} is the highest number the clock had handed out at this position; the per-table
 * sequence numbers are at most that. Entries of older stores keep their per-table numbers, all below the clock's
 * first value.
 *
 * @param events     single updates stored
 * @param eventSeq   the highest sequence number among them (0: none)
 * @param links      identity links stored
 * @param linkSeq    the highest link sequence number (0: none)
 * @param loads      published bulk loads
 * @param loadSeq    the highest publication number among them (0: none)
 * @param loadEvents the updates those loads hold
 * @param settings   a hash of every service's settings
 * @param clock      the log clock's highest number handed out by the commits this position includes (0: none)
 */
public record LogPosition(long events, long eventSeq, long links, long linkSeq, long loads, long loadSeq,
                          long loadEvents, String settings, long clock) {

    /** The empty log: replaying after it replays everything. */
    public static final LogPosition START = new LogPosition(0, 0, 0, 0, 0, 0, 0, "", 0);

    /** A position of a log without a clock (clock 0). */
    public LogPosition(long events, long eventSeq, long links, long linkSeq, long loads, long loadSeq,
                       long loadEvents, String settings) {
        this(events, eventSeq, links, linkSeq, loads, loadSeq, loadEvents, settings, 0);
    }

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

    /** This position with other settings. */
    public LogPosition withSettings(String hash) {
        return new LogPosition(events, eventSeq, links, linkSeq, loads, loadSeq, loadEvents, hash, clock);
    }

    /** Writes the position: its eight fields of format 1, then the clock (snapshot format 4 and later). */
    public void writeTo(DataOutput out) throws IOException {
        for (long v : new long[] {events, eventSeq, links, linkSeq, loads, loadSeq, loadEvents}) {
            out.writeLong(v);
        }
        out.writeUTF(settings);
        out.writeLong(clock);
    }

    /** Reads what {@link #writeTo} wrote. */
    public static LogPosition readFrom(DataInput in) throws IOException {
        return new LogPosition(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readLong(), in.readLong(), in.readUTF(), in.readLong());
    }
}
