package io.anbefal.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Set;

/** {@link EventLog#erase} over plain JDBC: a person's updates, links and user record leave the store. */
final class JdbcErasure {

    private JdbcErasure() {
    }

    static EventLog.Erased erase(Jdbc jdbc, String service, java.util.Collection<String> userIds,
                                 java.util.Collection<String> anonymousIds) {
        synchronized (jdbc.writeLock) {
            return jdbc.inTransaction(c -> {
                // first: the log clock (the erasure is an entry of the log, so that every node that tails it erases)
                long seq = jdbc.reserve(c, 1);
                Set<String> persons = new java.util.LinkedHashSet<>(userIds);
                persons.addAll(anonymousIds);
                // every id linked to one of them (a visitor signed in as the customer, an old merged id), transitively
                java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(persons);
                try (PreparedStatement linked = c.prepareStatement(
                        "SELECT alias FROM links WHERE service = ? AND person = ?");
                     PreparedStatement staged = c.prepareStatement("""
                             SELECT l.alias FROM staged_links l JOIN imports i ON i.id = l.import_id
                             WHERE i.service = ? AND l.person = ?""")) {
                    while (!todo.isEmpty()) {
                        String person = todo.pop();
                        for (PreparedStatement p : List.of(linked, staged)) {
                            p.setString(1, service);
                            p.setString(2, person);
                            try (ResultSet r = p.executeQuery()) {
                                while (r.next()) {
                                    if (persons.add(r.getString(1))) {
                                        todo.push(r.getString(1));
                                    }
                                }
                            }
                        }
                    }
                }
                long updates = 0;
                long links = 0;
                try (PreparedStatement events = c.prepareStatement("DELETE FROM events WHERE service = ? AND person = ?");
                     PreparedStatement link = c.prepareStatement(
                             "DELETE FROM links WHERE service = ? AND (alias = ? OR person = ?)");
                     PreparedStatement staged = c.prepareStatement("""
                             DELETE FROM staged_links WHERE (alias = ? OR person = ?)
                               AND import_id IN (SELECT id FROM imports WHERE service = ?)""");
                     PreparedStatement user = c.prepareStatement(
                             "DELETE FROM user_records WHERE service = ? AND user_id = ?")) {
                    for (String person : persons) {
                        events.setString(1, service);
                        events.setString(2, person);
                        updates += events.executeUpdate();
                        link.setString(1, service);
                        link.setString(2, person);
                        link.setString(3, person);
                        links += link.executeUpdate();
                        staged.setString(1, person);
                        staged.setString(2, person);
                        staged.setString(3, service);
                        staged.executeUpdate();
                        user.setString(1, service);
                        user.setString(2, person);
                        user.executeUpdate();
                    }
                }
                updates += JdbcBlocks.eraseFromBlocks(c, service, persons);
                // who was erased is not written: the log keeps nothing of them
                LogClock.change(c, seq, service, "erased", null);
                return new EventLog.Erased(new EventLog.Erasure(Set.copyOf(persons), updates, links), seq);
            });
        }
    }
}
