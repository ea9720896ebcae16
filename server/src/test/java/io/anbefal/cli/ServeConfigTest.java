package io.anbefal.cli;

import io.anbefal.AnbefalServer;
import io.anbefal.http.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** serve's one configuration: the YAML file, overridden by ANBEFAL_* environment variables, overridden by flags. */
class ServeConfigTest {

    @TempDir
    Path dir;

    private AnbefalServer.Settings serve(Map<String, String> env, String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command.settings(env);
    }

    @Test
    void defaultsAsDocumented() {
        AnbefalServer.Settings s = serve(Map.of());
        assertEquals("0.0.0.0", s.host());
        assertEquals(8080, s.port());
        assertEquals(8081, s.shopPort());
        assertEquals(Path.of("./data"), s.dataDir());
        assertEquals(1048576, s.maxBodyBytes());
        assertTrue(s.demo());
        assertEquals(AnbefalServer.Settings.SNAPSHOT_EVERY, s.snapshotEvery());
        assertFalse(s.accessLog());
        String doc;
        try {
            doc = Files.readString(docs().resolve("configuration.md"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ServeConfig.DEFAULTS.forEach((key, value) -> assertTrue(doc.contains("| `anbefal." + key + "` | `" + value + "` |")
                        && doc.contains("`" + ServeConfig.environmentName(key) + "`"),
                "docs/configuration.md documents anbefal." + key + " with its default " + value + " and its variable"));
    }

    private static Path docs() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/configuration.md"))) {
                return p.resolve("docs");
            }
        }
        throw new AssertionError("no docs/configuration.md above " + Path.of("").toAbsolutePath());
    }

    @Test
    void fileThenEnvironmentThenFlags() throws Exception {
        Path file = dir.resolve("anbefal.yaml");
        Files.writeString(file, """
                anbefal:
                  port: 9000
                  shop-port: 9001
                  data: /srv/anbefal
                  max-body: 2048
                  snapshot-every: 10
                  access-log: true
                """);
        AnbefalServer.Settings fromFile = serve(Map.of(), "--config", file.toString());
        assertEquals(9000, fromFile.port());
        assertEquals(9001, fromFile.shopPort());
        assertEquals(Path.of("/srv/anbefal"), fromFile.dataDir());
        assertEquals(2048, fromFile.maxBodyBytes());
        assertEquals(10, fromFile.snapshotEvery());
        assertTrue(fromFile.accessLog());
        assertEquals("0.0.0.0", fromFile.host(), "a key the file leaves out keeps its default");

        Map<String, String> env = Map.of("ANBEFAL_PORT", "9100", "ANBEFAL_SHOP_PORT", "9101", "ANBEFAL_MAX_BODY", "3072",
                "ANBEFAL_JAVA_OPTS", "-Xmx1g", "PATH", "/usr/bin");
        AnbefalServer.Settings fromEnv = serve(env, "--config", file.toString());
        assertEquals(9100, fromEnv.port());
        assertEquals(9101, fromEnv.shopPort());
        assertEquals(3072, fromEnv.maxBodyBytes());
        assertEquals(10, fromEnv.snapshotEvery());
        AnbefalServer.Settings noDemo = serve(Map.of("ANBEFAL_DEMO", "false"), "--config", file.toString());
        assertFalse(noDemo.demo());
        assertEquals(-1, noDemo.shopPort(), "no demo: no shop listener");

        AnbefalServer.Settings fromFlags = serve(env, "--config", file.toString(), "--port", "9200", "--max-body", "4096");
        assertEquals(9200, fromFlags.port());
        assertEquals(4096, fromFlags.maxBodyBytes());
        assertEquals(Path.of("/srv/anbefal"), fromFlags.dataDir());
    }

    @Test
    void unknownKeysAndMissingFilesAreErrors() throws Exception {
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, "anbefal:\n  prot: 9000\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> serve(Map.of(), "--config", file.toString()));
        assertTrue(e.getMessage().contains("anbefal.prot"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> serve(Map.of(), "--config", dir.resolve("none.yaml").toString()));
    }

    @Test
    void aServerRunsWithTheFilesSettings() throws Exception {
        Path file = dir.resolve("anbefal.yaml");
        Files.writeString(file, "anbefal:\n  host: 127.0.0.1\n  port: 0\n  demo: false\n  data: " + dir.resolve("data") + "\n");
        AnbefalServer.Settings s = serve(Map.of(), "--config", file.toString());
        try (TestServer server = new TestServer(s)) {
            assertEquals(200, server.send(server.request("/observe/health/ready").GET().build()).status());
            assertTrue(Files.isRegularFile(dir.resolve("data").resolve("anbefal.mv.db")));
        }
    }

    @Test
    void theDatabaseIsTheEmbeddedFileUnlessAPostgresqlUrlIsGiven() throws Exception {
        assertTrue(serve(Map.of()).database().embedded(), "no flag: H2 in the data directory, as always");
        Path password = dir.resolve("pw");
        Files.writeString(password, "secret\n");
        AnbefalServer.Settings s = serve(Map.of("ANBEFAL_DB_USER", "node"), "--database",
                "jdbc:postgresql://db.example/anbefal", "--db-password-file", password.toString());
        assertEquals(new io.anbefal.store.Database("jdbc:postgresql://db.example/anbefal", "node", password),
                s.database());
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "anbefal:\n  database: jdbc:postgresql://other/db\n  db-user: u\n");
        assertEquals(new io.anbefal.store.Database("jdbc:postgresql://other/db", "u", null),
                serve(Map.of(), "--config", file.toString()).database());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> serve(Map.of(), "--database", "jdbc:mysql://x/y"));
        assertTrue(e.getMessage().contains("jdbc:postgresql://HOST/DB"), e.getMessage());
    }
}
