package io.anbefal.engine;

/**
 * Sizes of one service's model.
 *
 * @param persons  distinct persons (customers and anonymous visitors, linked ones counted once)
 * @param entities distinct entities
 * @param events   events applied
 */
public record ServiceCounts(long persons, long entities, long events) {
}
