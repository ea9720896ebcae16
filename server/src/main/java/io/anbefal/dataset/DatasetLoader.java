package io.anbefal.dataset;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;

/**
 * Loads a dataset file whole or not at all, in memory that does not grow with the file, in one pass: the file is
 * validated against the schema as it streams, and every {@link #CHUNK} records are handed to the {@link Target},
 * which stages them (durable, but not yet loaded). Only when the file has proved valid to its end does the
 * target {@link Target#publish publish} what it staged, in one step; at the first error (a
 * {@link DatasetException} with line and column), or any other failure, the target is closed unpublished and
 * drops what it staged. A file that starts with the gzip magic number is decompressed on the fly.
 */
public final class DatasetLoader {

    /**
     * Records per chunk handed to the target. Small enough that the chunks in flight between the two threads stay
     * cheap for the young-generation collector (20,000 spent three times as long in GC pauses).
     */
    public static final int CHUNK = Integer.getInteger("anbefal.dataset.chunk", 5_000);

    /**
     * Where the records go. {@link #load} stages a chunk; nothing staged may count as loaded before
     * {@link #publish}, and {@link #close} drops whatever was staged and not published.
     */
    @FunctionalInterface
    public interface Target extends AutoCloseable {
        /** Stages a chunk (in document order). */
        void load(List<DatasetRecord> chunk);

        /** The file was valid to its end and every chunk is staged: load them all, at once. */
        default void publish() {
        }

        /** Drops what was staged unless it was published. */
        @Override
        default void close() {
        }
    }

    /** Hears how far the loader has got; the console bar is {@link DatasetProgress}. */
    public interface Progress {
        /** A pass begins over a file of {@code totalBytes} bytes (as stored, compressed or not). */
        void start(String pass, long totalBytes);

        /** So far in this pass: bytes of the file read and records read. */
        void advance(long bytes, long records);

        /** The pass is over (whether or not it succeeded). */
        void finish();

        /** Hears nothing. */
        Progress NONE = new Progress() {
            @Override
            public void start(String pass, long totalBytes) {
            }

            @Override
            public void advance(long bytes, long records) {
            }

            @Override
            public void finish() {
            }
        };
    }

    /**
     * What was loaded.
     *
     * @param updates      {@code <update>} records
     * @param items        {@code <item>} records
     * @param links        {@code <link>} records
     * @param bytes        the file's size
     * @param readNanos    time of the pass that read, validated and staged the file
     * @param publishNanos time of the publication after it
     */
    public record Summary(long updates, long items, long links, long bytes, long readNanos, long publishNanos) {
        /** Updates and items: the events the service gains (before eventId de-duplication). */
        public long events() {
            return updates + items;
        }

        /** The whole load, from the first byte read to the publication's commit. */
        public long nanos() {
            return readNanos + publishNanos;
        }
    }

    private final DatasetReader validating = new DatasetReader(true);

    /**
     * Reads, validates and stages the file in one pass, then publishes it; nothing is published if the file is
     * invalid. The target stages on its own thread while the next chunk is parsed (at most two chunks wait
     * between them, so memory stays bounded). The target is closed in every case.
     */
    public Summary load(Path file, Target target, Progress progress) {
        long size = size(file);
        long t0 = System.nanoTime();
        long[] counts = new long[3];
        try (target; Pipeline pipeline = new Pipeline(target)) {
            var current = new Object() {
                List<DatasetRecord> chunk = new ArrayList<>(CHUNK);
            };
            pass(file, size, "load", validating, progress, r -> {
                switch (r) {
                    case DatasetUpdate u -> counts[0]++;
                    case DatasetItem i -> counts[1]++;
                    case DatasetLink l -> counts[2]++;
                }
                current.chunk.add(r);
                if (current.chunk.size() == CHUNK) {
                    pipeline.put(current.chunk);
                    current.chunk = new ArrayList<>(CHUNK);
                }
            });
            if (!current.chunk.isEmpty()) {
                pipeline.put(current.chunk);
            }
            pipeline.finish();
            long t1 = System.nanoTime();
            target.publish();
            return new Summary(counts[0], counts[1], counts[2], size, t1 - t0, System.nanoTime() - t1);
        }
    }

    /** Hands chunks to the target on a second thread; the first failure of the target stops the load. */
    private static final class Pipeline implements AutoCloseable {
        private static final List<DatasetRecord> END = List.of();
        private final BlockingQueue<List<DatasetRecord>> queue = new ArrayBlockingQueue<>(2);
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        private final Thread writer;
        private boolean ended;

        Pipeline(Target target) {
            writer = Thread.ofPlatform().name("anbefal-dataset-load").start(() -> {
                try {
                    for (List<DatasetRecord> chunk = queue.take(); chunk != END; chunk = queue.take()) {
                        target.load(chunk);
                    }
                } catch (RuntimeException e) {
                    failure.set(e);
                    queue.clear();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        void put(List<DatasetRecord> chunk) {
            try {
                while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                    rethrow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while loading", e);
            }
            rethrow();
        }

        /** Waits until every chunk is loaded; throws the target's failure. */
        void finish() {
            end();
            rethrow();
        }

        private void end() {
            if (ended) {
                return;
            }
            ended = true;
            try {
                while (writer.isAlive() && !queue.offer(END, 100, TimeUnit.MILLISECONDS)) {
                    // the writer is still busy with earlier chunks
                }
                writer.join();
            } catch (InterruptedException e) {
                writer.interrupt();
                Thread.currentThread().interrupt();
            }
        }

        private void rethrow() {
            RuntimeException e = failure.get();
            if (e != null) {
                throw e;
            }
        }

        /** Without {@link #finish} first (the read failed): the chunks still waiting are not staged. */
        @Override
        public void close() {
            if (!ended) {
                queue.clear();
            }
            end();
        }
    }

    /** Only checks the file; throws {@link DatasetException} at the first error. */
    public long validate(Path file, Progress progress) {
        long[] n = {0};
        pass(file, size(file), "validate", validating, progress, r -> n[0]++);
        return n[0];
    }

    private static void pass(Path file, long size, String name, DatasetReader reader, Progress progress,
                             DatasetSink sink) {
        progress.start(name, size);
        try (CountingInputStream counted = new CountingInputStream(Files.newInputStream(file));
             InputStream in = decompressed(counted)) {
            long[] records = {0};
            reader.read(in, r -> {
                sink.accept(r);
                if ((++records[0] & 1023) == 0) {
                    progress.advance(counted.count(), records[0]);
                }
            });
            progress.advance(counted.count(), records[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } finally {
            progress.finish();
        }
    }

    /** The stream, gunzipped if it starts with the gzip magic number. */
    static InputStream decompressed(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return in;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** Counts the bytes read through it. */
    static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
