package io.anbefal.eval;

import java.io.PrintStream;

/**
 * A one-line progress bar on a terminal stream: done of total, rate, time left. Redraws at most ten times a second;
 * when the stream is not a terminal it prints a line every ten percent instead.
 */
public final class ProgressBar implements AutoCloseable {

    private final String task;
    private final long total;
    private final String unit;
    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private final long start = System.nanoTime();
    private long done;
    private long lastDraw;
    private int lastDecile = -1;

    public ProgressBar(String task, long total, String unit, PrintStream out) {
        this.task = task;
        this.total = Math.max(1, total);
        this.unit = unit;
        this.out = out;
    }

    public void step(long n) {
        done += n;
        long now = System.nanoTime();
        if (terminal ? now - lastDraw > 100_000_000L || done >= total : decile() != lastDecile) {
            lastDraw = now;
            lastDecile = decile();
            draw(now);
        }
    }

    private int decile() {
        return (int) (done * 10 / total);
    }

    private void draw(long now) {
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        long left = rate > 0 ? (long) ((total - done) / rate) : 0;
        int width = 30;
        int filled = (int) (width * Math.min(1.0, (double) done / total));
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        String line = String.format("%-28s [%s] %3d%% %,d/%,d %s  %,.0f %s/s  %d:%02d left",
                task, bar, done * 100 / total, done, total, unit, rate, unit, left / 60, left % 60);
        out.print(terminal ? "\r" + line : line + System.lineSeparator());
        out.flush();
    }

    @Override
    public void close() {
        draw(System.nanoTime());
        if (terminal) {
            out.println();
        }
    }
}
