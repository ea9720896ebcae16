package io.anbefal.cluster;

import io.anbefal.store.Store;
import io.anbefal.store.StoredUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CrashTest's kill -9 with two nodes: two {@code serve --database} processes on one PostgreSQL take updates from
 * clients that spread their requests over both; one is killed with SIGKILL in the middle of the traffic, while it
 * writes model snapshots into the directory both share. Every update either node acknowledged is in the database
 * once, and the survivor, which kept serving, has learnt each of them.
 */
class TwoNodeCrashTest {

    @TempDir
    Path data;

    @Test
    void everyUpdateEitherNodeAcknowledgedIsOnTheSurvivorAfterAKill9() throws Exception {
        try (PgNodes db = new PgNodes("crash2")) {
            // one data directory for both: the visitor key and the model snapshots (every 300 updates) are shared
            Nodes.Child doomed = db.child(data, "--snapshot-every", "300");
            Nodes.Child survivor = db.child(data, "--snapshot-every", "300");
            List<String> nodes = List.of(doomed.url(""), survivor.url(""));

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            Set<String> ackedBySurvivorAfterKill = ConcurrentHashMap.newKeySet();
            AtomicBoolean killed = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(6);
            for (int t = 0; t < 6; t++) {
                int thread = t;
                clients.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String id = "t" + thread + "-" + i;
                        int n = (thread + i) % 2;
                        try {
                            if (db.update(nodes.get(n), "c" + thread, "BROWSE", id, "e" + i)) {
                                acknowledged.add(id);
                                if (n == 1 && killed.get()) {
                                    ackedBySurvivorAfterKill.add(id);
                                }
                            }
                        } catch (RuntimeException e) {
                            // the killed node: the client goes on with the other
                        }
                    }
                });
            }
            long since = System.nanoTime();
            while (acknowledged.size() < 1000 || System.nanoTime() - since < 4_000_000_000L) {
                Thread.sleep(5);
            }
            doomed.kill(); // SIGKILL: no shutdown hook, no close
            killed.set(true);
            while (ackedBySurvivorAfterKill.size() < 200) {
                Thread.sleep(5); // the survivor keeps serving
            }
            stop.set(true);
            clients.shutdown();
            assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS));

            Set<String> stored = new HashSet<>();
            List<String> duplicates = new ArrayList<>();
            Store store = db.store();
            store.replay(new Store.ReplaySink() {
                @Override
                public void link(String service, io.anbefal.store.Link link) {
                }

                @Override
                public void update(String service, StoredUpdate update) {
                    if (!stored.add(update.eventId())) {
                        duplicates.add(update.eventId());
                    }
                }
            });
            Set<String> lost = new HashSet<>(acknowledged);
            lost.removeAll(stored);
            assertEquals(Set.of(), lost, "acknowledged but lost, of " + acknowledged.size());
            assertEquals(List.of(), duplicates);
            String s = survivor.url("");
            Nodes.await(() -> db.numUpdates(s) == stored.size(), "the survivor learns every stored update");
            assertEquals(stored.size(), db.numUpdates(s));
        }
    }
}
