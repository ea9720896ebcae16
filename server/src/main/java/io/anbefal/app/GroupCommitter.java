package io.anbefal.app;

import io.anbefal.store.EventAppender;
import io.anbefal.store.StoredUpdate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiConsumer;

/**
 * Group commit: one writer thread takes every batch that is waiting, appends them all in one transaction, hands
 * the accepted updates to {@code afterCommit} in commit order, and only then completes each caller's future.
 * Many concurrent requests thus share one commit, and each is acknowledged only after its data is durable.
 * If a shared commit fails, each batch is retried alone so that one bad batch cannot fail its neighbours.
 */
final class GroupCommitter implements AutoCloseable {

    private static final int MAX_UPDATES_PER_COMMIT = 20_000;
    private static final System.Logger LOG = System.getLogger(GroupCommitter.class.getName());

    private record Pending(EventAppender.Batch batch, CompletableFuture<List<StoredUpdate>> done, Runnable task) {
        Pending(EventAppender.Batch batch, CompletableFuture<List<StoredUpdate>> done) {
            this(batch, done, null);
        }
    }

    private final EventAppender store;
    private final BiConsumer<EventAppender.Batch, List<StoredUpdate>> afterCommit;
    private final Telemetry telemetry;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;
    /** Run after every successful commit, before its batches are handed on and acknowledged; null for nothing. */
    private volatile Runnable afterEachCommit;

    GroupCommitter(EventAppender store, BiConsumer<EventAppender.Batch, List<StoredUpdate>> afterCommit,
                   Telemetry telemetry) {
        this.store = store;
        this.afterCommit = afterCommit;
        this.telemetry = telemetry;
        this.writer = Thread.ofPlatform().name("anbefal-group-commit").daemon().start(this::loop);
    }

    /**
     * Runs {@code task} on the writer thread after every successful commit, before {@code afterCommit} and the
     * acknowledgements (a node that follows the shared log reads its commit back from there, in the log's order).
     */
    void afterEachCommit(Runnable task) {
        this.afterEachCommit = task;
    }

    /** Queues a batch; the future completes with its new (not duplicate) updates once they are committed. */
    CompletableFuture<List<StoredUpdate>> submit(EventAppender.Batch batch) {
        CompletableFuture<List<StoredUpdate>> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("The store is closed"));
            return done;
        }
        queue.add(new Pending(batch, done));
        return done;
    }

    /**
     * Runs a task on the writer thread, between two group commits: what it commits and applies is ordered with
     * the updates exactly as in the log (a bulk load's publication).
     */
    <T> T run(java.util.function.Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!running) {
            throw new IllegalStateException("The store is closed");
        }
        queue.add(new Pending(null, null, () -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }));
        try {
            return result.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Queues a task for the writer thread, behind what is queued now, without waiting for it. */
    void later(Runnable task) {
        if (running) {
            queue.add(new Pending(null, null, task));
        }
    }

    private void loop() {
        List<Pending> group = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                if (first.task() != null) {
                    try {
                        first.task().run();
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.ERROR, "A task on the group-commit thread failed", e);
                    }
                    continue;
                }
                group.add(first);
                int size = first.batch().updates().size();
                Pending next;
                while (size < MAX_UPDATES_PER_COMMIT && (next = queue.peek()) != null && next.task() == null) {
                    group.add(queue.poll());
                    size += next.batch().updates().size();
                }
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                group.clear();
            }
        }
    }

    private void commit(List<Pending> group) {
        List<EventAppender.Batch> batches = new ArrayList<>(group.size());
        for (Pending p : group) {
            batches.add(p.batch());
        }
        List<List<StoredUpdate>> accepted;
        long t0 = System.nanoTime();
        try {
            accepted = store.append(batches);
            int updates = 0;
            for (EventAppender.Batch b : batches) {
                updates += b.updates().size();
            }
            telemetry.committed(batches.size(), updates, System.nanoTime() - t0);
        } catch (RuntimeException shared) {
            if (group.size() == 1) {
                group.getFirst().done().completeExceptionally(shared);
                return;
            }
            for (Pending p : group) {
                commit(List.of(p));
            }
            return;
        }
        Runnable after = afterEachCommit;
        if (after != null) {
            try {
                after.run(); // outside the commit's try: the commit is durable, whatever this does
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "A task after a group commit failed", e);
            }
        }
        for (int i = 0; i < group.size(); i++) {
            Pending p = group.get(i);
            try {
                afterCommit.accept(p.batch(), accepted.get(i));
                p.done().complete(accepted.get(i));
            } catch (RuntimeException e) {
                p.done().completeExceptionally(e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
