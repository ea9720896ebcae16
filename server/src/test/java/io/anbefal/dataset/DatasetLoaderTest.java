package io.anbefal.dataset;

import io.anbefal.store.Backend;
import io.anbefal.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loader on real files and a real store (H2 and PostgreSQL): all or nothing, gzip, bounded memory. */
class DatasetLoaderTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aValidFileIsLoadedIntoTheStoreWhole(Backend backend) throws Exception {
        Path file = dir.resolve("example.xml");
        Files.copy(DatasetReaderTest.DOCS.resolve("dataset-example.xml"), file);
        try (Store store = backend.create(dir.resolve("data")).open()) {
            store.putService("shop", List.of());
            DatasetLoader.Summary s = new DatasetLoader().load(file, DatasetTargets.store(store, "shop"),
                    DatasetLoader.Progress.NONE);
            assertEquals(5, s.updates());
            assertEquals(3, s.items());
            assertEquals(1, s.links());
            assertEquals(8L, store.updateCounts().get("shop"));
            // loading the same file again adds only the records without an eventId
            new DatasetLoader().load(file, DatasetTargets.store(store, "shop"), DatasetLoader.Progress.NONE);
            assertEquals(15L, store.updateCounts().get("shop"));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anInvalidFileLoadsNothingEvenWhenTheErrorIsAtTheVeryEnd(Backend backend) throws Exception {
        Path file = dir.resolve("bad.xml");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DatasetGenerator(100, 50, 1).write(out, 3 * DatasetLoader.CHUNK);
        String xml = out.toString(StandardCharsets.UTF_8);
        // break the last update: a bad time in the final record of a file several chunks long
        int last = xml.lastIndexOf("time=\"");
        xml = xml.substring(0, last) + "time=\"not a time\"" + xml.substring(xml.indexOf('"', last + 6) + 1);
        Files.writeString(file, xml);
        List<String> calls = new ArrayList<>();
        DatasetException e = assertThrows(DatasetException.class, () -> new DatasetLoader().load(file,
                new DatasetLoader.Target() {
                    @Override
                    public void load(List<DatasetRecord> chunk) {
                        calls.add("stage");
                    }

                    @Override
                    public void publish() {
                        calls.add("publish");
                    }

                    @Override
                    public void close() {
                        calls.add("close");
                    }
                }, DatasetLoader.Progress.NONE));
        assertEquals("close", calls.getLast(), "what was staged is dropped");
        assertTrue(!calls.contains("publish"), "nothing may be published");
        assertEquals(xml.substring(0, last).split("\n", -1).length, e.line());
        try (Store store = backend.create(dir.resolve("data")).open()) {
            store.putService("shop", List.of());
            assertThrows(DatasetException.class, () -> new DatasetLoader().load(file,
                    DatasetTargets.store(store, "shop"), DatasetLoader.Progress.NONE));
            assertEquals(null, store.updateCounts().get("shop"));
            assertEquals(java.util.Map.of(), store.stats("shop", Long.MIN_VALUE, Long.MAX_VALUE).perWhat());
            // the dropped staging leaves nothing in the way: the valid part of the file loads afterwards
            Path valid = dir.resolve("valid.xml");
            new DatasetGenerator(100, 50, 1).write(valid, 3 * DatasetLoader.CHUNK);
            new DatasetLoader().load(valid, DatasetTargets.store(store, "shop"), DatasetLoader.Progress.NONE);
            assertEquals(3L * DatasetLoader.CHUNK, store.updateCounts().get("shop"));
        }
    }

    @Test
    void aGzippedFileIsReadTransparently() throws Exception {
        Path file = dir.resolve("example.xml.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(Files.readAllBytes(DatasetReaderTest.DOCS.resolve("dataset-example.xml")));
        }
        List<DatasetRecord> records = new ArrayList<>();
        DatasetLoader.Summary s = new DatasetLoader().load(file, records::addAll, DatasetLoader.Progress.NONE);
        assertEquals(9, records.size());
        assertEquals(8, s.events());
    }

    @Test
    void theProgressSeesEveryByteAndRecordOfTheOnePass() throws Exception {
        Path file = dir.resolve("gen.xml");
        new DatasetGenerator(1000, 500, 3).write(file, 50_000);
        List<String> passes = new ArrayList<>();
        long[] last = new long[2];
        new DatasetLoader().load(file, chunk -> { }, new DatasetLoader.Progress() {
            @Override
            public void start(String pass, long totalBytes) {
                passes.add(pass);
                assertEquals(file.toFile().length(), totalBytes);
            }

            @Override
            public void advance(long bytes, long records) {
                last[0] = bytes;
                last[1] = records;
            }

            @Override
            public void finish() {
                assertEquals(file.toFile().length(), last[0]);
            }
        });
        assertEquals(List.of("load"), passes);
        assertTrue(last[1] >= 50_000, "records " + last[1]);
    }

    /**
     * A file of 1,000,000 events (about 125 MB) streams through the validating reader while the heap after a full
     * GC stays flat: what is retained at the end differs from what was retained early by less than 16 MB.
     */
    @Test
    void aLargeGeneratedFileStreamsInBoundedMemory() throws Exception {
        Path file = dir.resolve("large.xml");
        long events = 1_000_000;
        new DatasetGenerator(100_000, 50_000, 11).write(file, events);
        assertTrue(Files.size(file) > 100L << 20, "the file is " + Files.size(file) + " bytes");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long[] heap = new long[2];
        long[] n = {0};
        new DatasetLoader().validate(file, new DatasetLoader.Progress() {
            @Override
            public void start(String pass, long totalBytes) {
            }

            @Override
            public void advance(long bytes, long records) {
                n[0] = records;
                if (heap[0] == 0 && records >= 100_000) {
                    heap[0] = usedAfterGc(memory);
                }
            }

            @Override
            public void finish() {
                heap[1] = usedAfterGc(memory);
            }
        });
        assertTrue(n[0] >= events, "records " + n[0]);
        long growth = heap[1] - heap[0];
        System.out.printf("large file: %,d records, %.0f MB; heap after GC at 10%%: %d MB, at the end: %d MB%n",
                n[0], Files.size(file) / 1048576.0, heap[0] >> 20, heap[1] >> 20);
        assertTrue(growth < 16L << 20, "heap grew by " + (growth >> 20) + " MB");
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
