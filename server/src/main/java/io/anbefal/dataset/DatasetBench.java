package io.anbefal.dataset;

import io.anbefal.store.H2Store;
import io.anbefal.store.Store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The dataset import benchmark: generates a file of N events, then imports it exactly as {@code bin/anbefal import}
 * does (validation pass, then load pass into a fresh H2 data directory, one durable commit per chunk) and prints
 * events/s of each pass and the heap in use (sampled every 50 ms, and after a full GC at 25/50/75/100 % of the load).
 * <pre>java -Xmx256m -cp server/target/anbefal-server.jar io.anbefal.dataset.DatasetBench [events] [dir]</pre>
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
        long[] afterGc = new long[4];
        try (Store store = H2Store.open(data)) {
            store.putService("bench", List.of());
            DatasetLoader.Target target = DatasetTargets.store(store, "bench");
            DatasetLoader.Progress progress = new DatasetLoader.Progress() {
                final DatasetProgress bar = DatasetProgress.stderr(file.getFileName().toString());
                String pass;
                int quarter;

                @Override
                public void start(String pass, long totalBytes) {
                    this.pass = pass;
                    bar.start(pass, totalBytes);
                }

                @Override
                public void advance(long bytes, long records) {
                    bar.advance(bytes, records);
                    if ("load".equals(pass) && quarter < 4 && bytes >= fileSize * (quarter + 1) / 4 - 1) {
                        System.gc();
                        afterGc[quarter++] = memory.getHeapMemoryUsage().getUsed();
                    }
                }

                @Override
                public void finish() {
                    bar.finish();
                }
            };
            DatasetLoader.Summary s = new DatasetLoader().load(file, target, progress);
            sampler.interrupt();
            System.out.printf("validate pass: %,.0f events/s (%.1f s, %.1f MB/s)%n",
                    s.events() / (s.validateNanos() / 1e9), s.validateNanos() / 1e9,
                    s.bytes() / 1048576.0 / (s.validateNanos() / 1e9));
            System.out.printf("load pass to durable commits: %,.0f events/s (%.1f s)%n",
                    s.events() / (s.loadNanos() / 1e9), s.loadNanos() / 1e9);
            System.out.printf("whole import (both passes): %,.0f events/s%n",
                    s.events() / ((s.validateNanos() + s.loadNanos()) / 1e9));
            System.out.printf("events stored: %,d%n", store.updateCounts().getOrDefault("bench", 0L));
            System.out.printf("heap used, peak sample: %d MB; after full GC at 25/50/75/100%% of the load: %d/%d/%d/%d MB%n",
                    peak[0] >> 20, afterGc[0] >> 20, afterGc[1] >> 20, afterGc[2] >> 20, afterGc[3] >> 20);
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
