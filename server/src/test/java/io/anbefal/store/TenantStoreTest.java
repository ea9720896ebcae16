package io.anbefal.store;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tenant store on a real H2 file and a real PostgreSQL: services, origins, settings and users as written, after
 * a reopen (another node), with every write a settings entry of the log that other nodes tail.
 */
class TenantStoreTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void servicesOriginsAndSettingsAreKeptAsWritten(Backend backend) {
        Backend.Database db = backend.create(dir);
        String longValue = "v".repeat(Limits.SETTING_VALUE - 2) + "æ☃";
        LogPosition start;
        try (Store store = db.open()) {
            start = store.position();
            store.putService("shop", List.of("https://a.example"));
            // again: the origin is added once, the new one too; the creation time stays
            ServiceAccount again = store.putService("shop", List.of("https://a.example", "https://b.example"));
            assertEquals(List.of("https://a.example", "https://b.example"), again.origins().stream().sorted().toList());
            store.putSetting("shop", "recommender.X.type", "ItemToItemRecommender");
            store.putSetting("shop", "recommender.X.type", "PopularRecommender"); // replaces
            store.putSetting("shop", "crec.secret", longValue);
            store.putSetting("shop", "gone", "soon");
            store.putSetting("shop", "gone", null); // removes
            store.putService("other", List.of());
        }
        try (Store store = db.open()) {
            ServiceAccount shop = store.service("shop").orElseThrow();
            assertEquals(Map.of("recommender.X.type", "PopularRecommender", "crec.secret", longValue), shop.settings());
            assertEquals(List.of("https://a.example", "https://b.example"), shop.origins().stream().sorted().toList());
            assertEquals(Optional.empty(), store.service("none"));
            assertEquals(List.of("other", "shop"), store.services().stream().map(ServiceAccount::name).sorted().toList());
            assertEquals(Map.of(), store.service("other").orElseThrow().settings());
            // every write is a settings entry, in commit order: a tailing node reloads the account each time
            assertEquals(List.of("settings shop", "settings shop", "settings shop", "settings shop", "settings shop",
                    "settings shop", "settings shop", "settings other"), Replayed.after(store, start).changes);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void usersAreFoundByServiceAndByNameAndKeysAreReplacedInOneGo(Backend backend) {
        Backend.Database db = backend.create(dir);
        try (Store store = db.open()) {
            store.putService("a", List.of());
            store.putService("b", List.of());
            store.putUser(new UserCredential("a", "alice", "hash-1"));
            store.putUser(new UserCredential("a", "alice", "hash-2")); // replaces the hash
            store.putUser(new UserCredential("b", "alice", "hash-b"));
            store.putUser(new UserCredential("a", "api-key:old1", "k-1"));
            store.putUser(new UserCredential("a", "api-key:old2", "k-2"));
            store.replaceUsers("a", "api-key:", new UserCredential("a", "api-key:new", "k-3"));
        }
        try (Store store = db.open()) {
            assertEquals(Optional.of(new UserCredential("a", "alice", "hash-2")), store.user("a", "alice"));
            assertEquals(Optional.empty(), store.user("a", "bob"));
            assertEquals(List.of(new UserCredential("a", "alice", "hash-2"), new UserCredential("b", "alice", "hash-b")),
                    store.usersNamed("alice").stream().sorted(java.util.Comparator.comparing(UserCredential::service))
                            .toList());
            assertTrue(store.usersNamed("api-key:old1").isEmpty() && store.usersNamed("api-key:old2").isEmpty(),
                    "the old keys are gone");
            assertEquals(List.of(new UserCredential("a", "api-key:new", "k-3")), store.usersNamed("api-key:new"));
            assertEquals(Optional.of(new UserCredential("b", "alice", "hash-b")), store.user("b", "alice"));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void productAndUserRecordsAreReplacedWholeAndEachProductWriteIsACatalogEntry(Backend backend) {
        Backend.Database db = backend.create(dir);
        LogPosition start;
        try (Store store = db.open()) {
            store.putService("s", List.of());
            store.putService("t", List.of());
            start = store.position();
            store.putProducts("s", Map.of("p1", "{\"price\":1}", "p2", "{\"title\":\"æøå ☃\"}"));
            store.putProducts("s", Map.of("p1", "{\"price\":2}"));
            store.putProducts("t", Map.of("p1", "{\"other\":true}"));
            assertEquals(1, store.deleteProducts("s", List.of("p2", "never")));
            store.putUserRecords("s", Map.of("u1", "{\"name\":\"Ann\"}", "u2", "{}"));
            store.putUserRecords("s", Map.of("u1", "{\"name\":\"Bo\"}"));
            assertEquals(1, store.deleteUserRecords("s", List.of("u2", "never")));
        }
        try (Store store = db.open()) {
            List<String> products = new java.util.ArrayList<>();
            store.products((service, id, json) -> products.add(service + "/" + id + "=" + json));
            assertEquals(List.of("s/p1={\"price\":2}", "t/p1={\"other\":true}"), products);
            assertEquals(Optional.of("{\"name\":\"Bo\"}"), store.userRecord("s", "u1"));
            assertEquals(Optional.empty(), store.userRecord("s", "u2"));
            assertEquals(Optional.empty(), store.userRecord("t", "u1"));
            // product writes are catalog entries naming the ids; user records are no entry of the log
            assertEquals(List.of("catalog s [p1, p2]", "catalog s [p1]", "catalog t [p1]", "catalog s [never, p2]"),
                    Replayed.after(store, start).changes);
        }
    }
}
