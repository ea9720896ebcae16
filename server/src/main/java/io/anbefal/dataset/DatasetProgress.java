package io.anbefal.dataset;

import io.anbefal.eval.ProgressBar;

import java.io.PrintStream;

/**
 * The loader's progress on the project's one console bar ({@link ProgressBar}): per pass, kilobytes of the file
 * done of its size, their rate and the time left, followed by the records done and records per second.
 */
public final class DatasetProgress implements DatasetLoader.Progress {

    private final PrintStream out;
    private final String file;
    private ProgressBar bar;
    private long kilobytes;
    private long start;

    public DatasetProgress(PrintStream out, String file) {
        this.out = out;
        this.file = file;
    }

    /** On stderr, so that the command's own output stays clean. */
    public static DatasetProgress stderr(String file) {
        return new DatasetProgress(System.err, file);
    }

    @Override
    public void start(String pass, long totalBytes) {
        bar = new ProgressBar(pass + " " + file, Math.max(1, totalBytes >> 10), "KB", out);
        kilobytes = 0;
        start = System.nanoTime();
    }

    @Override
    public void advance(long bytes, long records) {
        long kb = bytes >> 10;
        double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        bar.step(kb - kilobytes, String.format("%,d records, %,.0f records/s", records, records / seconds));
        kilobytes = kb;
    }

    @Override
    public void finish() {
        bar.close();
    }
}
