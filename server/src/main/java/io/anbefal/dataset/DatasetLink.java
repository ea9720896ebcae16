package io.anbefal.dataset;

/**
 * A {@code <link>}: from then on {@code alias} (a visitor id or a merged old id) is the same person as {@code person}.
 *
 * @param alias      the visitor id or old id
 * @param person     the person it now stands for
 * @param timeMillis when the link was made, unix milliseconds
 */
public record DatasetLink(String alias, String person, long timeMillis) implements DatasetRecord {
}
