package io.anbefal.engine;

import io.anbefal.engine.EngineSettings.Spec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * The basket models of one service's {@code ShoppingBasketRecommender} instances, by instance name: fitted on
 * the first request, refitted in the background, immutable once built so that readers share them without locks.
 * {@link SlimItemModel} (non-negative SLIM with basket-size priors, the default; EASE where SLIM would cost too
 * much), {@link EaseItemModel} or {@link LogisticItemModel}; none in a service with more than
 * {@code model-max-items} entities or fewer than {@code model-min-persons} persons.
 */
final class BasketModels {

    /** No basket model is fitted when it costs more multiply-adds than this (some 10-20 s of one core). */
    private static final double MAX_MODEL_COST = 3e10;

    /** One instance's model: the current one, and when the service was last checked for a build. */
    private static final class Slot {
        volatile BasketModel model;
        volatile long checkedEvents = -1;
        volatile long checkedNanos;
        final AtomicBoolean building = new AtomicBoolean();
    }

    private final ReadWriteLock lock;
    private final ServiceModel service;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    /** The models of {@code service}, which {@code lock} guards. */
    BasketModels(ReadWriteLock lock, ServiceModel service) {
        this.lock = lock;
        this.service = service;
    }

    /** The fitted model of an instance, or null. */
    BasketModel model(String recommender) {
        Slot slot = slots.get(recommender);
        return slot == null ? null : slot.model;
    }

    /** Forgets every model (new settings). */
    void clear() {
        slots.clear();
    }

    /**
     * Keeps an instance's model current: the first request builds it (so that the first answer already comes
     * from it); later, when events came in and the model is older than its refresh interval (and than ten times
     * its fitting time, so that refits take at most a tenth of a core), it is rebuilt on {@code background} while
     * the old one keeps answering. Called before the request takes the read lock.
     */
    void maintain(Spec spec, Executor background) {
        Slot slot = slots.computeIfAbsent(spec.name(), n -> new Slot());
        long events;
        lock.readLock().lock();
        try {
            events = service.events;
        } finally {
            lock.readLock().unlock();
        }
        long refresh = (long) (spec.modelRefreshSeconds() * 1e9);
        BasketModel model = slot.model;
        if (model == null && slot.checkedEvents == -1) {
            synchronized (slot) {
                if (slot.checkedEvents == -1) {
                    build(spec, slot);
                }
            }
        } else if (model == null ? events != slot.checkedEvents && System.nanoTime() - slot.checkedNanos > refresh
                : events != model.events() && System.nanoTime() - model.builtNanos() > Math.max(refresh, 10 * model.fitNanos())) {
            if (slot.building.compareAndSet(false, true)) {
                background.execute(() -> {
                    try {
                        synchronized (slot) {
                            build(spec, slot);
                        }
                    } finally {
                        slot.building.set(false);
                    }
                });
            }
        }
    }

    /** Takes every person's items under the read lock, then fits outside it, if the service is small enough. */
    private void build(Spec spec, Slot slot) {
        int n;
        long events;
        int[][] rows;
        long nonZeros = 0;
        lock.readLock().lock();
        try {
            n = service.items.size();
            events = service.events;
            rows = n > spec.modelMaxItems() ? new int[0][] : service.persons.itemSets();
        } finally {
            lock.readLock().unlock();
        }
        for (int[] row : rows) {
            nonZeros += row.length;
        }
        if (rows.length >= spec.modelMinPersons()) {
            if ("logistic".equals(spec.model())) {
                if (LogisticItemModel.cost(n, nonZeros, spec.iterations()) <= MAX_MODEL_COST) {
                    slot.model = LogisticItemModel.fit(n, rows, spec.l2(), spec.iterations(), spec.learningRate(),
                            events);
                }
            } else if ("slim".equals(spec.model()) && SlimItemModel.cost(n, rows) <= MAX_MODEL_COST) {
                slot.model = SlimItemModel.fit(n, rows, spec.l1(), spec.lambda(), spec.sizeLambda(), events);
            } else if (EaseItemModel.cost(n, rows) <= MAX_MODEL_COST) { // also SLIM's stand-in where SLIM costs too much
                slot.model = EaseItemModel.fit(n, rows, spec.lambda(), spec.sizeLambda(), events);
            }
        }
        slot.checkedEvents = events;
        slot.checkedNanos = System.nanoTime();
    }
}
