package io.anbefal.store;

import io.anbefal.engine.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code WRITE_DELAY=0} every commit appends a chunk of some 16 KB to H2's file: 4,000 single-update commits
 * leave a file of some 60 MB while the store is open. Closing the store must compact it, and lose nothing.
 */
class H2StoreCompactionTest {

    @TempDir
    Path dir;

    @Test
    void closingCompactsTheFileOfManySmallCommits() {
        int commits = 4000;
        Path file = dir.resolve(H2Store.DATABASE + ".mv.db");
        long open;
        try (Store store = H2Store.open(dir)) {
            store.putService("shop", List.of());
            for (int i = 0; i < commits; i++) {
                store.append(List.of(new Store.Batch("shop", List.of(new StoredUpdate(new Event("p" + (i % 97),
                        List.of("i" + (i % 500)), "BROWSE", "web", null, List.of(), 1_700_000_000_000L + i, null, null),
                        "e" + i)), List.of())));
            }
            open = size(file);
        }
        long closed = size(file);
        assertTrue(closed <= 4 << 20 && closed < open / 4,
                "file of " + (open >> 20) + " MB while open, " + (closed >> 20) + " MB after closing");
        try (Store reopened = H2Store.open(dir)) {
            assertEquals(commits, reopened.updateCounts().get("shop"), "nothing lost by compacting");
            assertEquals(commits, Replayed.of(reopened).updates.size());
        }
    }

    @Test
    void aSecondStoreOnTheSameFileInOneProcessLeavesTheFirstOpen() {
        try (Store server = H2Store.open(dir)) {
            server.putService("shop", List.of());
            server.append(List.of(batch(0)));
            // the export command run in-process beside a server: H2 hands both the same database
            try (Store export = H2Store.open(dir)) {
                assertEquals(1, export.updateCounts().get("shop"));
            }
            server.append(List.of(batch(1)));
            assertEquals(2, server.updateCounts().get("shop"), "the first store still writes after the second closed");
            server.close(); // twice: the second close is a no-op
        }
        try (Store reopened = H2Store.open(dir)) {
            assertEquals(2, Replayed.of(reopened).updates.size());
        }
    }

    private static Store.Batch batch(int i) {
        return new Store.Batch("shop", List.of(new StoredUpdate(new Event("p" + i, List.of("i" + i), "BROWSE", "web",
                null, List.of(), 1_700_000_000_000L + i, null, null), "e" + i)), List.of());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
