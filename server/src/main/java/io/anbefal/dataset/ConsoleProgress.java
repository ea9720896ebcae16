package io.anbefal.dataset;

import java.io.PrintStream;

/**
 * A one-line progress bar on stderr: pass, bytes done of total, records done, rate and time left. Redraws in
 * place at most five times a second on a terminal; elsewhere (a log, a pipe) prints a line every ten percent.
 */
public final class ConsoleProgress implements DatasetLoader.Progress {

    private final PrintStream out;
    private final boolean terminal;
    private String pass;
    private long total;
    private long start;
    private long lastDraw;
    private long bytes;
    private long records;
    private int lastDecile;

    public ConsoleProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** On {@code System.err}, redrawing in place when there is a console. */
    public static ConsoleProgress stderr() {
        return new ConsoleProgress(System.err, System.console() != null);
    }

    @Override
    public void start(String pass, long totalBytes) {
        this.pass = pass;
        this.total = Math.max(1, totalBytes);
        this.start = System.nanoTime();
        this.lastDraw = 0;
        this.bytes = 0;
        this.records = 0;
        this.lastDecile = -1;
    }

    @Override
    public void advance(long bytes, long records) {
        this.bytes = bytes;
        this.records = records;
        long now = System.nanoTime();
        int decile = (int) (bytes * 10 / total);
        if (terminal ? now - lastDraw > 200_000_000L : decile != lastDecile) {
            lastDraw = now;
            lastDecile = decile;
            draw(now);
        }
    }

    @Override
    public void finish() {
        draw(System.nanoTime());
        if (terminal) {
            out.println();
        }
    }

    private void draw(long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double byteRate = bytes / seconds;
        long left = byteRate > 0 ? (long) ((total - Math.min(total, bytes)) / byteRate) : 0;
        int width = 24;
        int filled = (int) Math.min(width, width * bytes / total);
        String line = pass + " [" + "#".repeat(filled) + "-".repeat(width - filled) + "] "
                + Math.min(100, bytes * 100 / total) + "% " + mb(bytes) + "/" + mb(total) + " MB, "
                + grouped(records) + " records, " + grouped((long) (records / seconds)) + " records/s, "
                + mb((long) byteRate) + " MB/s, " + left / 60 + ":" + two(left % 60) + " left";
        out.print(terminal ? "\r" + line + "   " : line + System.lineSeparator());
        out.flush();
    }

    private static String mb(long bytes) {
        long tenths = bytes * 10 / (1024 * 1024);
        return tenths / 10 + "." + tenths % 10;
    }

    private static String two(long n) {
        return n < 10 ? "0" + n : String.valueOf(n);
    }

    static String grouped(long n) {
        return String.format("%,d", n);
    }
}
