package io.anbefal.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.anbefal.store.Jdbc.prepare;

/** The {@link CatalogStore} over plain JDBC: tables {@code products} and {@code user_records}. */
final class JdbcCatalog implements CatalogStore {

    private final Jdbc jdbc;

    JdbcCatalog(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    // --- the product catalog ----------------------------------------------------------------------

    @Override
    public void putProducts(String service, Map<String, String> jsonByProductId) {
        putRecords("products", "product_id", service, jsonByProductId);
    }

    @Override
    public int deleteProducts(String service, List<String> productIds) {
        return deleteRecords("products", "product_id", service, productIds);
    }

    /** Product ids listed in a catalog change entry up to this much JSON; more: the entry names none. */
    private static final int LISTED_IDS_CHARS = Limits.ID_LIST_JSON / 2;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** For the products table: the catalog change entry of the log, first in the transaction. */
    private void logCatalogChange(java.sql.Connection c, String table, String service,
                                  java.util.Collection<String> ids) throws java.sql.SQLException {
        if (!"products".equals(table)) {
            return;
        }
        String listed;
        try {
            listed = JSON.writeValueAsString(List.copyOf(ids));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        LogClock.logChange(c, jdbc.dialect, service, "catalog", listed.length() <= LISTED_IDS_CHARS ? listed : null);
    }

    // --- user records -------------------------------------------------------------------------------

    @Override
    public void putUserRecords(String service, Map<String, String> jsonByUserId) {
        putRecords("user_records", "user_id", service, jsonByUserId);
    }

    @Override
    public int deleteUserRecords(String service, List<String> userIds) {
        return deleteRecords("user_records", "user_id", service, userIds);
    }

    @Override
    public Optional<String> userRecord(String service, String userId) {
        return jdbc.inTransaction(c -> {
            try (PreparedStatement p = prepare(c, "SELECT data FROM user_records WHERE service = ? AND user_id = ?",
                    service, userId); ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.<String>empty();
            }
        });
    }

    /** Records (JSON text by id) of a table of (service, id, data, updated_ms), each replacing its id's record. */
    private void putRecords(String table, String idColumn, String service, Map<String, String> jsonById) {
        long now = System.currentTimeMillis();
        synchronized (jdbc.writeLock) {
            jdbc.inTransaction(c -> {
                logCatalogChange(c, table, service, jsonById.keySet());
                // delete and insert rather than MERGE / ON CONFLICT, which databases spell differently
                try (PreparedStatement del = c.prepareStatement(
                        "DELETE FROM " + table + " WHERE service = ? AND " + idColumn + " = ?");
                     PreparedStatement ins = c.prepareStatement(
                             "INSERT INTO " + table + " (service, " + idColumn + ", data, updated_ms) VALUES (?, ?, ?, ?)")) {
                    for (Map.Entry<String, String> p : jsonById.entrySet()) {
                        del.setString(1, service);
                        del.setString(2, p.getKey());
                        del.addBatch();
                        ins.setString(1, service);
                        ins.setString(2, p.getKey());
                        ins.setString(3, p.getValue());
                        ins.setLong(4, now);
                        ins.addBatch();
                    }
                    del.executeBatch();
                    ins.executeBatch();
                }
                return null;
            });
        }
    }

    private int deleteRecords(String table, String idColumn, String service, List<String> ids) {
        synchronized (jdbc.writeLock) {
            return jdbc.inTransaction(c -> {
                logCatalogChange(c, table, service, new java.util.LinkedHashSet<>(ids));
                int n = 0;
                try (PreparedStatement del = c.prepareStatement(
                        "DELETE FROM " + table + " WHERE service = ? AND " + idColumn + " = ?")) {
                    for (String id : new java.util.LinkedHashSet<>(ids)) {
                        del.setString(1, service);
                        del.setString(2, id);
                        n += del.executeUpdate();
                    }
                }
                return n;
            });
        }
    }

    @Override
    public void products(ProductSink sink) {
        jdbc.inTransaction(c -> {
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT service, product_id, data FROM products ORDER BY service, product_id")) {
                while (r.next()) {
                    sink.product(r.getString(1), r.getString(2), r.getString(3));
                }
            }
            return null;
        });
    }

}
