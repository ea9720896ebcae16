package io.anbefal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import static io.anbefal.store.Jdbc.exists;
import static io.anbefal.store.Jdbc.prepare;
import static io.anbefal.store.Jdbc.update;

/** The {@link TenantStore} over plain JDBC: tables {@code services}, {@code service_origins}, {@code service_settings}, {@code service_users}. */
final class JdbcTenants implements TenantStore {

    private final Jdbc jdbc;

    JdbcTenants(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public ServiceAccount putService(String name, List<String> origins) {
        synchronized (jdbc.writeLock) {
            jdbc.inTransaction(c -> {
                LogClock.logChange(c, jdbc.dialect, name, "settings", null);
                if (!exists(c, "SELECT 1 FROM services WHERE name = ?", name)) {
                    update(c, "INSERT INTO services (name, created_ms) VALUES (?, ?)", name, System.currentTimeMillis());
                }
                for (String origin : origins) {
                    if (!exists(c, "SELECT 1 FROM service_origins WHERE service = ? AND origin = ?", name, origin)) {
                        update(c, "INSERT INTO service_origins (service, origin) VALUES (?, ?)", name, origin);
                    }
                }
                return null;
            });
        }
        return service(name).orElseThrow();
    }

    @Override
    public void putSettings(String service, Map<String, String> changes, Consumer<Map<String, String>> check) {
        synchronized (jdbc.writeLock) {
            jdbc.inTransaction(c -> {
                LogClock.logChange(c, jdbc.dialect, service, "settings", null);
                check.accept(settings(c, service));
                for (Map.Entry<String, String> e : changes.entrySet()) {
                    update(c, "DELETE FROM service_settings WHERE service = ? AND skey = ?", service, e.getKey());
                    if (e.getValue() != null) {
                        update(c, "INSERT INTO service_settings (service, skey, svalue) VALUES (?, ?, ?)", service,
                                e.getKey(), e.getValue());
                    }
                }
                return null;
            });
        }
    }

    @Override
    public Optional<ServiceAccount> service(String name) {
        return jdbc.inTransaction(c -> {
            Long created = null;
            try (PreparedStatement p = c.prepareStatement("SELECT created_ms FROM services WHERE name = ?")) {
                p.setString(1, name);
                try (ResultSet r = p.executeQuery()) {
                    if (r.next()) {
                        created = r.getLong(1);
                    }
                }
            }
            return created == null ? Optional.<ServiceAccount>empty() : Optional.of(account(c, name, created));
        });
    }

    @Override
    public List<ServiceAccount> services() {
        return jdbc.inTransaction(c -> {
            Map<String, Long> names = new LinkedHashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT name, created_ms FROM services ORDER BY name")) {
                while (r.next()) {
                    names.put(r.getString(1), r.getLong(2));
                }
            }
            List<ServiceAccount> result = new ArrayList<>();
            for (var e : names.entrySet()) {
                result.add(account(c, e.getKey(), e.getValue()));
            }
            return result;
        });
    }

    private ServiceAccount account(Connection c, String name, long created) throws SQLException {
        List<String> origins = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT origin FROM service_origins WHERE service = ? ORDER BY origin")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    origins.add(r.getString(1));
                }
            }
        }
        return new ServiceAccount(name, Instant.ofEpochMilli(created), origins, settings(c, name));
    }

    private static Map<String, String> settings(Connection c, String service) throws SQLException {
        Map<String, String> settings = new TreeMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT skey, svalue FROM service_settings WHERE service = ?")) {
            p.setString(1, service);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    settings.put(r.getString(1), r.getString(2));
                }
            }
        }
        return settings;
    }

    @Override
    public void putUser(UserCredential credential) {
        synchronized (jdbc.writeLock) {
            jdbc.inTransaction(c -> {
                LogClock.logChange(c, jdbc.dialect, credential.service(), "settings", null);
                update(c, "DELETE FROM service_users WHERE service = ? AND username = ?",
                        credential.service(), credential.user());
                update(c, "INSERT INTO service_users (service, username, hash) VALUES (?, ?, ?)",
                        credential.service(), credential.user(), credential.hash());
                return null;
            });
        }
    }

    @Override
    public Optional<UserCredential> user(String service, String user) {
        return jdbc.inTransaction(c -> users(c, "SELECT service, username, hash FROM service_users WHERE service = ? AND username = ?",
                service, user).stream().findFirst());
    }

    @Override
    public List<UserCredential> usersNamed(String user) {
        return jdbc.inTransaction(c -> users(c, "SELECT service, username, hash FROM service_users WHERE username = ? ORDER BY service",
                user));
    }

    @Override
    public void replaceUsers(String service, String namePrefix, UserCredential credential) {
        synchronized (jdbc.writeLock) {
            jdbc.inTransaction(c -> {
                LogClock.logChange(c, jdbc.dialect, service, "settings", null);
                List<UserCredential> old = users(c, "SELECT service, username, hash FROM service_users WHERE service = ?",
                        service);
                for (UserCredential u : old) {
                    if (u.user().startsWith(namePrefix) || u.user().equals(credential.user())) {
                        update(c, "DELETE FROM service_users WHERE service = ? AND username = ?", service, u.user());
                    }
                }
                update(c, "INSERT INTO service_users (service, username, hash) VALUES (?, ?, ?)",
                        service, credential.user(), credential.hash());
                return null;
            });
        }
    }

    private static List<UserCredential> users(Connection c, String sql, Object... args) throws SQLException {
        List<UserCredential> result = new ArrayList<>();
        try (PreparedStatement p = prepare(c, sql, args); ResultSet r = p.executeQuery()) {
            while (r.next()) {
                result.add(new UserCredential(r.getString(1), r.getString(2), r.getString(3)));
            }
        }
        return result;
    }
}
