package io.anbefal.store;

import io.anbefal.engine.Event;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What several nodes on one database need of the store, held by the database and not by a node's memory: a
 * client's retry on another node is stored once (eventId), and one bulk load per service at a time.
 */
class AcrossNodesTest {

    private static final int ROUNDS = 30;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anEventIdSentToTwoNodesAtOnceIsStoredOnce(Backend backend) throws Exception {
        Backend.Database db = backend.create(dir);
        try (JdbcStore a = db.open(); JdbcStore b = db.open()) {
            a.putService("s", List.of());
            CyclicBarrier together = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<Integer>> accepted = new ArrayList<>();
            for (JdbcStore node : List.of(a, b)) {
                accepted.add(pool.submit(() -> {
                    int stored = 0;
                    for (int round = 0; round < ROUNDS; round++) {
                        together.await();
                        StoredUpdate u = new StoredUpdate(new Event("p", List.of("i" + round), "BROWSE", null, null,
                                List.of(), round, null, null), "retry-" + round);
                        stored += node.append(List.of(new Store.Batch("s", List.of(u), List.of()))).getFirst().size();
                    }
                    return stored;
                }));
            }
            int total = accepted.get(0).get() + accepted.get(1).get();
            pool.shutdown();
            assertEquals(ROUNDS, total, "each eventId accepted by exactly one node, the other told it is a duplicate");
            assertEquals(Map.of("s", (long) ROUNDS), a.updateCounts());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void oneBulkLoadPerServiceAcrossNodes(Backend backend) throws Exception {
        Backend.Database db = backend.create(dir);
        try (JdbcStore a = db.open(); JdbcStore b = db.open()) {
            for (int round = 0; round < 10; round++) {
                // the service row may not exist yet (the command line creates it once the file proved valid)
                String service = "s" + round;
                CyclicBarrier together = new CyclicBarrier(2);
                ExecutorService pool = Executors.newFixedThreadPool(2);
                List<Future<Store.BulkLoad>> started = new ArrayList<>();
                for (JdbcStore node : List.of(a, b)) {
                    started.add(pool.submit(() -> {
                        together.await();
                        try {
                            return node.bulkLoad(service);
                        } catch (StoreException.Busy busy) {
                            return null;
                        }
                    }));
                }
                List<Store.BulkLoad> loads = new ArrayList<>();
                for (Future<Store.BulkLoad> f : started) {
                    if (f.get() != null) {
                        loads.add(f.get());
                    }
                }
                pool.shutdown();
                assertEquals(1, loads.size(), "exactly one node began a load into " + service);
                assertThrows(StoreException.Busy.class, () -> b.bulkLoad(service));
                loads.getFirst().publish(null);
                loads.getFirst().close();
                b.bulkLoad(service).close(); // once published, the next may begin
            }
        }
    }
}
