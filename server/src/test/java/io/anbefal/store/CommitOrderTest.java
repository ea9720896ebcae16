package io.anbefal.store;

import io.anbefal.engine.Event;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The log's commit order across nodes: writers on two stores (two data sources, as two nodes have) append
 * concurrently with random waits before each commit, while a third store tails the log as a node does. The
 * tailer must see every entry exactly once and in the database's order: its sequence of updates and links equals,
 * entry for entry, what the database holds ordered by sequence number. With an identity column instead of the log
 * clock, a transaction holding seq 41 that commits after 42 would be skipped forever by a tailer that read 42.
 */
class CommitOrderTest {

    private static final int WRITERS = 6;
    private static final int BATCHES_PER_WRITER = 40;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aTailerSeesEveryEntryOnceInTheDatabasesOrder(Backend backend) throws Exception {
        Backend.Database db = backend.create(dir);
        List<String> tailed = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        try (JdbcStore nodeA = db.open(ds -> SlowCommits.of(ds, 15));
             JdbcStore nodeB = db.open(ds -> SlowCommits.of(ds, 15));
             JdbcStore tailer = db.open(ds -> ds)) {
            nodeA.putService("s", List.of());
            LogPosition at = LogPosition.START;
            Store.ReplaySink sink = new Store.ReplaySink() {
                @Override
                public void at(long seq) {
                    seqs.add(seq);
                }

                @Override
                public void link(String service, Link link) {
                    tailed.add("link " + link.alias());
                }

                @Override
                public void update(String service, StoredUpdate update) {
                    tailed.add(update.eventId());
                }
            };
            at = tailer.tail(at, sink);
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                JdbcStore node = w % 2 == 0 ? nodeA : nodeB;
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int b = 0; b < BATCHES_PER_WRITER; b++) {
                        List<StoredUpdate> updates = new ArrayList<>();
                        int n = ThreadLocalRandom.current().nextInt(1, 4);
                        for (int k = 0; k < n; k++) {
                            String id = "w" + writer + "-" + b + "-" + k;
                            updates.add(new StoredUpdate(new Event("p" + writer, List.of("i" + k), "BROWSE", null,
                                    null, List.of(), b, null, null), id));
                        }
                        List<Link> links = b % 5 == 0 ? List.of(new Link("v" + writer + "-" + b, "p" + writer, b))
                                : List.of();
                        node.append(List.of(new Store.Batch("s", updates, links)));
                    }
                    return null;
                }));
            }
            AtomicBoolean done = new AtomicBoolean();
            Thread watcher = Thread.ofPlatform().start(() -> {
                for (Future<?> f : writers) {
                    try {
                        f.get();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                done.set(true);
            });
            try (LogSignal signal = tailer.signal()) {
                while (!done.get()) {
                    signal.awaitChange(Duration.ofMillis(50));
                    at = tailer.tail(at, sink);
                }
            }
            watcher.join();
            for (Future<?> f : writers) {
                f.get(); // a writer's failure fails the test
            }
            pool.shutdown();
            at = tailer.tail(at, sink);

            List<String> database = new ArrayList<>();
            List<Long> databaseSeqs = new ArrayList<>();
            try (Connection c = dbConnection(tailer); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("""
                         SELECT seq, event_id, NULL FROM events
                         UNION ALL SELECT seq, NULL, alias FROM links ORDER BY 1""")) {
                while (r.next()) {
                    databaseSeqs.add(r.getLong(1));
                    database.add(r.getString(2) != null ? r.getString(2) : "link " + r.getString(3));
                }
            }
            assertTrue(database.size() >= WRITERS * BATCHES_PER_WRITER * 6 / 5, "all written: " + database.size());
            assertEquals(database, tailed, "the tailer's sequence is the database's, entry for entry");
            // the settings entry of putService, then the entries
            assertEquals(databaseSeqs, seqs.subList(1, seqs.size()));
            assertEquals(tailer.position(), at, "the tail's position is the log's");
        }
    }

    private static Connection dbConnection(JdbcStore store) throws java.sql.SQLException {
        return store.dataSource().getConnection();
    }
}
