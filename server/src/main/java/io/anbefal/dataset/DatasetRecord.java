package io.anbefal.dataset;

/** One record of a dataset file, in document order: an {@link DatasetUpdate}, a {@link DatasetItem} or a {@link DatasetLink}. */
public sealed interface DatasetRecord permits DatasetUpdate, DatasetItem, DatasetLink {
}
