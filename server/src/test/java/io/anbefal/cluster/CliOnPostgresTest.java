package io.anbefal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.AnbefalServer;
import io.anbefal.cli.Launcher;
import io.anbefal.http.TestServer;
import io.anbefal.store.H2Store;
import io.anbefal.store.PostgresCluster;
import io.anbefal.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI on a shared PostgreSQL ({@code --database URL --db-user U --db-password-file F}, or the same keys in
 * {@code --config}): what it commits goes through the log, and a node that runs on the database learns it without a
 * restart: a service added, a dataset imported (by {@code bin/anbefal import} in another process), persons erased.
 */
class CliOnPostgresTest {

    @TempDir
    Path dir;

    /** The database flags of this test's cluster, a password file included (the cluster trusts; it is read). */
    private List<String> databaseFlags(PgNodes db) throws Exception {
        Path password = dir.resolve("db-password");
        if (!Files.exists(password)) {
            Files.writeString(password, "unused (trust)\n");
        }
        return List.of("--database", db.url, "--db-user", PostgresCluster.shared().user(),
                "--db-password-file", password.toString(), "--data", dir.resolve("cli").toString());
    }

    private static int cli(List<String> flags, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(flags);
        return new CommandLine(new Launcher()).execute(all.toArray(String[]::new));
    }

    private static JsonNode get(PgNodes db, String base, String auth, String path) {
        HttpResponse<String> r = db.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
                .GET().build());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return PgNodes.json(r.body());
    }

    @Test
    void aServiceAddedAndImportedByTheCliIsServedByARunningNodeWithoutARestart() throws Exception {
        try (PgNodes db = new PgNodes("other")) {
            AnbefalServer node = db.node(dir.resolve("node"), 0);
            String base = PgNodes.base(node);
            List<String> flags = databaseFlags(db);
            String auth = TestServer.basic("shop-user", "shop-pass");
            HttpResponse<String> unknown = db.send(HttpRequest.newBuilder(URI.create(base
                    + "/recapi/1.0/servicestatus/shop")).header("Authorization", auth).GET().build());
            assertEquals(401, unknown.statusCode(), "no such service nor user yet: " + unknown.body());

            assertEquals(0, cli(flags, "service", "add", "shop", "--user", "shop-user", "--password", "shop-pass"));
            assertEquals(0, get(db, base, auth, "/recapi/1.0/servicestatus/shop").get("numUpdates").asLong());

            Path file = Path.of("../docs/dataset-example.xml").toAbsolutePath();
            List<String> args = new ArrayList<>(List.of("import", file.toString(), "--service", "shop"));
            args.addAll(flags);
            Process process = Nodes.javaMain(args.toArray(String[]::new)).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue(), out);

            // the example holds 5 updates and 3 catalog items (each item one catalog update)
            Nodes.await(() -> get(db, base, auth, "/recapi/1.0/servicestatus/shop").get("numUpdates").asLong() == 8,
                    "the running node learns the CLI's import");
            // alice bought sku-1001 with sku-2001: the node's ItemToItem knows it
            JsonNode pair = get(db, base, auth, "/recapi/1.0/recommend/shop/ItemToItemRecommender/sku-1001/5");
            assertTrue(CliImportTailTest.ids(pair).contains("sku-2001"), pair.toString());
            assertEquals(0, get(db, base, PgNodes.AUTH, "/recapi/1.0/servicestatus/other").get("numUpdates").asLong(),
                    "the other service is untouched");

            // a setting given by the CLI: a recommender instance the node did not have, served without a restart
            String bought = "/recapi/1.0/recommend/shop/AlsoBought/sku-1001/5";
            HttpResponse<String> none = db.send(HttpRequest.newBuilder(URI.create(base + bought))
                    .header("Authorization", auth).GET().build());
            assertTrue(none.statusCode() >= 400 && none.statusCode() < 500, "no such recommender yet: " + none.body());
            assertEquals(0, cli(flags, "service", "add", "shop", "--user", "shop-user", "--password", "shop-pass",
                    "--set", "recommender.AlsoBought.type=ItemToItemRecommender"));
            Nodes.await(() -> db.send(HttpRequest.newBuilder(URI.create(base + bought)).header("Authorization", auth)
                    .GET().build()).statusCode() == 200, "the running node learns the CLI's setting");
            assertTrue(CliImportTailTest.ids(get(db, base, auth, bought)).contains("sku-2001"));
        }
    }

    @Test
    void anErasureByTheCliOnPostgresqlHoldsOnARunningNode() throws Exception {
        try (PgNodes db = new PgNodes("gdpr")) {
            AnbefalServer node = db.node(dir.resolve("node"), 0);
            String base = PgNodes.base(node);
            // only carol viewed secret-1 with secret-2; others give the service some history
            assertTrue(db.update(base, "carol", "BROWSE", null, "secret-1", "secret-2"));
            for (int i = 0; i < 10; i++) {
                assertTrue(db.update(base, "p" + i % 3, "BROWSE", null, "x" + i % 4, "x" + (i + 1) % 4));
            }
            String pair = "/recapi/1.0/recommend/gdpr/ItemToItemRecommender/secret-1/5";
            assertTrue(CliImportTailTest.ids(db.get(base, pair)).contains("secret-2"));
            assertEquals(11, db.numUpdates(base));

            assertEquals(0, cli(databaseFlags(db), "erase", "--service", "gdpr", "--customer", "carol"));

            Nodes.await(() -> db.numUpdates(base) == 10, "the running node learns the service anew without carol");
            assertFalse(CliImportTailTest.ids(db.get(base, pair)).contains("secret-2"), "carol's pair is gone");
            assertEquals(10, db.storedUpdates(db.store()), "and from the database");
        }
    }

    @Test
    void exportFromPostgresqlWithTheDatabaseInTheConfigurationFile() throws Exception {
        try (PgNodes db = new PgNodes("shop")) {
            List<String> flags = databaseFlags(db);
            assertEquals(0, cli(flags, "import", Path.of("../docs/dataset-example.xml").toAbsolutePath().toString(),
                    "--service", "shop"));
            Path config = Files.writeString(dir.resolve("anbefal.yaml"), """
                    anbefal:
                      database: %s
                      db-user: %s
                      db-password-file: %s
                      data: %s
                      port: 9999
                    """.formatted(db.url, PostgresCluster.shared().user(), dir.resolve("db-password"), dir.resolve("cli")));
            Path exported = dir.resolve("shop.xml");
            assertEquals(0, new CommandLine(new Launcher()).execute("export", "--service", "shop", "--config",
                    config.toString(), "-o", exported.toString()));
            String xml = Files.readString(exported);
            assertTrue(xml.contains("order-77-1") && xml.contains("sku-2001"), xml);

            // the export is the database's history: imported into an empty H2 data directory, the same counts
            Path h2 = dir.resolve("h2");
            assertEquals(0, new CommandLine(new Launcher()).execute("import", exported.toString(), "--service", "shop",
                    "--data", h2.toString()));
            try (Store copy = H2Store.open(h2)) {
                assertEquals(db.store().updateCounts(), copy.updateCounts());
                assertEquals(8L, copy.updateCounts().get("shop"));
            }
            // a service the database does not hold is named with the database's URL
            assertEquals(2, new CommandLine(new Launcher()).execute("export", "--service", "none", "--config",
                    config.toString(), "-o", dir.resolve("none.xml").toString()));
        }
    }
}
