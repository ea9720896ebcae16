package io.anbefal.dataset;

import io.anbefal.store.H2Store;
import io.anbefal.store.Store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import io.anbefal.store.StoredUpdate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The dataset import benchmark: generates a file of N events, then imports it exactly as {@code bin/anbefal import}
 * does (one pass that validates and stages chunks of blocks into a fresh H2 data directory, then the publication,
 * one durable commit) and prints events/s, CPU seconds and the heap in use (sampled every 50 ms, and with
 * {@code --heap-probes} after a full GC at 25/50/75/100 % of the file, which costs the import those four
 * collections). As baselines of the same run it then times a validation-only pass over the same
 * file (parse and schema, no store: the ceiling of a one-pass import), and with {@code --row-per-event} it also
 * loads the file the previous way (one {@code events} row per update through {@code Store.append}, 20,000 per
 * commit, after a validation pass). With {@code --warm} the measured import runs after a first import of the same
 * file into a throwaway directory, as in a server's long-running JVM (the HTTP import); without it, in a cold JVM
 * as {@code bin/anbefal import} runs.
 * <pre>java -Xmx256m -cp server/target/anbefal-server.jar io.anbefal.dataset.DatasetBench [events] [dir] [--warm] [--heap-probes] [--row-per-event]</pre>
 */
public final class DatasetBench {

    private DatasetBench() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("anbefal-dataset-bench");
        Files.createDirectories(dir);
        Path file = dir.resolve("generated-" + events + ".xml");
        Path data = dir.resolve("data");
        delete(data);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long g0 = System.nanoTime();
        if (!Files.exists(file)) {
            new DatasetGenerator(events > 1_000_000 ? 500_000 : 100_000, 50_000, 7).write(file, events);
        }
        System.out.printf("file: %s, %,d events, %.1f MB (generated in %.1f s)%n", file, events,
                Files.size(file) / 1048576.0, (System.nanoTime() - g0) / 1e9);
        System.out.printf("max heap: %d MB%n", Runtime.getRuntime().maxMemory() >> 20);

        long[] peak = {0};
        // (the sampler starts before a warm-up import, so its peak covers both)
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long fileSize = Files.size(file);
        boolean rowPerEvent = List.of(args).contains("--row-per-event");

        boolean warm = List.of(args).contains("--warm");
        boolean probes = List.of(args).contains("--heap-probes");
        if (warm) {
            // a server's JVM is warm when it imports over HTTP: one import first, into a throwaway directory
            Path warmup = dir.resolve("data-warmup");
            delete(warmup);
            try (Store store = H2Store.open(warmup)) {
                store.putService("bench", List.of());
                new DatasetLoader().load(file, DatasetTargets.store(store, "bench"), DatasetLoader.Progress.NONE);
            }
            delete(warmup);
            System.gc();
        }
        long[] afterGc = new long[4];
        double importRate;
        try (Store store = H2Store.open(data)) {
            store.putService("bench", List.of());
            DatasetLoader.Target stored = DatasetTargets.store(store, "bench");
            long[] storeCpu = {0};
            DatasetLoader.Target target = new DatasetLoader.Target() {
                @Override
                public void load(List<DatasetRecord> chunk) {
                    long c0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                    stored.load(chunk);
                    storeCpu[0] += ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - c0;
                }

                @Override
                public void publish() {
                    stored.publish();
                }

                @Override
                public void close() {
                    stored.close();
                }
            };
            DatasetLoader.Progress progress = new DatasetLoader.Progress() {
                final DatasetProgress bar = DatasetProgress.stderr(file.getFileName().toString());
                int quarter;

                @Override
                public void start(String pass, long totalBytes) {
                    bar.start(pass, totalBytes);
                }

                @Override
                public void advance(long bytes, long records) {
                    bar.advance(bytes, records);
                    if (probes && quarter < 4 && bytes >= fileSize * (quarter + 1) / 4 - 1) {
                        System.gc();
                        afterGc[quarter++] = memory.getHeapMemoryUsage().getUsed();
                    }
                }

                @Override
                public void finish() {
                    bar.finish();
                }
            };
            Cpu cpu = new Cpu();
            DatasetLoader.Summary s = new DatasetLoader().load(file, target, progress);
            sampler.interrupt();
            importRate = s.events() / (s.nanos() / 1e9);
            System.out.printf("import (%s JVM), one pass (validate + stage blocks) and publish: %,.0f events/s to the durable"
                            + " commit (%.1f s: read, validated and staged in %.1f s, published in %.2f s; %s,"
                            + " storing thread %.1f s%s)%n",
                    warm ? "warm" : "cold", importRate, s.nanos() / 1e9, s.readNanos() / 1e9, s.publishNanos() / 1e9, cpu.since(),
                    storeCpu[0] / 1e9, probes ? "; the four full GCs of the heap probes included" : "");
            System.out.printf("events stored: %,d%n", store.updateCounts().getOrDefault("bench", 0L));
            System.out.printf("heap used, peak sample: %d MB%s%n", peak[0] >> 20, !probes ? "" : String.format(
                    "; after full GC at 25/50/75/100%% of the file: %d/%d/%d/%d MB", afterGc[0] >> 20,
                    afterGc[1] >> 20, afterGc[2] >> 20, afterGc[3] >> 20));
            long r0 = System.nanoTime();
            long[] replayed = {0};
            store.replay(new Store.ReplaySink() {
                @Override
                public void link(String service, io.anbefal.store.Link link) {
                }

                @Override
                public void update(String service, io.anbefal.store.StoredUpdate update) {
                    replayed[0]++;
                }
            });
            double replaySeconds = (System.nanoTime() - r0) / 1e9;
            System.out.printf("replay of the store (decode only, no engine): %,d updates, %,.0f updates/s%n",
                    replayed[0], replayed[0] / replaySeconds);
        }
        // the baseline after the import, so that the import runs in a cold JVM as bin/anbefal import does
        Cpu cpu = new Cpu();
        long v0 = System.nanoTime();
        long records = new DatasetLoader().validate(file, DatasetLoader.Progress.NONE);
        double validateSeconds = (System.nanoTime() - v0) / 1e9;
        System.out.printf("baseline, validation only (parse + schema, no store, warm JVM): %,.0f records/s (%.1f s;"
                + " %s)%n", records / validateSeconds, validateSeconds, cpu.since());
        System.out.printf("import / validation only: %.2f%n", importRate / (records / validateSeconds));
        if (rowPerEvent) {
            Path rows = dir.resolve("data-rows");
            delete(rows);
            try (Store store = H2Store.open(rows)) {
                store.putService("bench", List.of());
                long t0 = System.nanoTime();
                new DatasetLoader().validate(file, DatasetLoader.Progress.NONE);
                long[] loaded = {0};
                List<StoredUpdate> updates = new ArrayList<>();
                List<io.anbefal.store.Link> links = new ArrayList<>();
                Runnable flush = () -> {
                    store.append(List.of(new Store.Batch("bench", updates, links)));
                    updates.clear();
                    links.clear();
                };
                try (var in = DatasetLoader.decompressed(Files.newInputStream(file))) {
                    new DatasetReader(false).read(in, r -> {
                        switch (r) {
                            case DatasetUpdate u -> updates.add(DatasetTargets.stored(u));
                            case DatasetItem i -> updates.add(DatasetTargets.stored(i.toUpdate()));
                            case DatasetLink l -> links.add(new io.anbefal.store.Link(l.alias(), l.person(),
                                    l.timeMillis()));
                        }
                        if (!(r instanceof DatasetLink)) {
                            loaded[0]++;
                        }
                        if (updates.size() + links.size() == DatasetLoader.CHUNK) {
                            flush.run();
                        }
                    });
                }
                flush.run();
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("previous layout, a row per event (validate, then Store.append 20,000 per commit,"
                        + " one thread): %,.0f events/s (%.1f s); the import is %.1fx that%n",
                        loaded[0] / seconds, seconds, importRate / (loaded[0] / seconds));
            }
        }
    }

    /** CPU seconds of the process and of the calling thread, and GC time, since it was made. */
    private static final class Cpu {
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final long process = os.getProcessCpuTime();
        private final long thread = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        private final long gc = gcMillis();

        private static long gcMillis() {
            long total = 0;
            for (var bean : ManagementFactory.getGarbageCollectorMXBeans()) {
                total += Math.max(0, bean.getCollectionTime());
            }
            return total;
        }

        String since() {
            return String.format("CPU: process %.1f s, reading thread %.1f s; GC %.1f s",
                    (os.getProcessCpuTime() - process) / 1e9,
                    (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - thread) / 1e9,
                    (gcMillis() - gc) / 1e3);
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
