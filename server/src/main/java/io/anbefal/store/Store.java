package io.anbefal.store;

/**
 * Durable state of Anbefal: services and their users ({@link TenantStore}), product and user records
 * ({@link CatalogStore}), and per service an append-only log of updates and identity links ({@link EventLog}).
 * Every method that writes returns only after its data is committed.
 * Implementations speak plain JDBC and standard SQL so that a shared PostgreSQL can later serve several nodes.
 */
public interface Store extends TenantStore, CatalogStore, EventLog, AutoCloseable {

    @Override
    void close();
}
