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
 * Loads a dataset file whole or not at all, in memory that does not grow with the file, in two passes:
 * <ol>
 * <li><b>validate</b>: the whole file is read against the schema and nothing is loaded; the first error rejects it
 *     (a {@link DatasetException} with line and column);</li>
 * <li><b>load</b>: the file is read again and handed to the {@link Target} in chunks of {@link #CHUNK} records,
 *     each chunk durable when the target returns.</li>
 * </ol>
 * The input must therefore be re-readable: a file (the HTTP endpoint spools its body to a temporary file first).
 * Only a failure of the store itself or of the disk between two chunks can leave part of a valid file loaded;
 * loading the same file again is then safe for records that carry an {@code eventId}.
 * A file that starts with the gzip magic number is decompressed on the fly.
 */
public final class DatasetLoader {

    /** Records per chunk handed to the target (one commit each). */
    public static final int CHUNK = Integer.getInteger("anbefal.dataset.chunk", 20_000);

    /** Where the records go; each call must be durable when it returns. */
    @FunctionalInterface
    public interface Target {
        void load(List<DatasetRecord> chunk);
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
     * @param updates         {@code <update>} records
     * @param items           {@code <item>} records
     * @param links           {@code <link>} records
     * @param bytes           the file's size
     * @param validateNanos   time of the validation pass
     * @param loadNanos       time of the load pass, up to the last durable commit
     */
    public record Summary(long updates, long items, long links, long bytes, long validateNanos, long loadNanos) {
        /** Updates and items: the events the service gains (before eventId de-duplication). */
        public long events() {
            return updates + items;
        }
    }

    private final DatasetReader validating = new DatasetReader(true);
    private final DatasetReader plain = new DatasetReader(false);

    /**
     * Validates the file, then loads it into the target. Nothing reaches the target if the file is invalid.
     * In the load pass the target runs on its own thread while the next chunk is parsed (at most two chunks
     * wait between them, so memory stays bounded).
     */
    public Summary load(Path file, Target target, Progress progress) {
        long size = size(file);
        long t0 = System.nanoTime();
        long[] counts = new long[3];
        pass(file, size, "validate", validating, progress, r -> {
        });
        long t1 = System.nanoTime();
        try (Pipeline pipeline = new Pipeline(target)) {
            var current = new Object() {
                List<DatasetRecord> chunk = new ArrayList<>(CHUNK);
            };
            pass(file, size, "load", plain, progress, r -> {
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
        }
        return new Summary(counts[0], counts[1], counts[2], size, t1 - t0, System.nanoTime() - t1);
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

        @Override
        public void close() {
            end();
        }
    }

    /** Only checks the file (the first pass); throws {@link DatasetException} at the first error. */
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
