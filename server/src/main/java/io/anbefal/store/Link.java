package io.anbefal.store;

/**
 * An identity link: {@code alias} (an anonymous visitor id, or a merged old id) is the same person as {@code person}.
 *
 * @param alias      the id whose history moves
 * @param person     the id it now belongs to
 * @param timeMillis when the link was made
 */
public record Link(String alias, String person, long timeMillis) {
}
