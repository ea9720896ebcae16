package io.anbefal.store;

/**
 * Where the log stands: how many updates and identity links it holds, and a digest that changes whenever the
 * log or any service's settings change. A model snapshot taken at one position is valid only at that position.
 *
 * @param updates every service's stored updates (single rows and published bulk loads)
 * @param links   stored identity links
 * @param digest  the counts, the highest sequence numbers and a hash of every service's settings
 */
public record LogPosition(long updates, long links, String digest) {
}
