package io.anbefal.dataset;

/** Receives the records of a dataset, in document order, as the reader validates them. */
@FunctionalInterface
public interface DatasetSink {

    /** Takes one record. May throw to stop reading. */
    void accept(DatasetRecord record);

    /** Called once after the last record of a document that is valid to its end. */
    default void end() {
    }
}
