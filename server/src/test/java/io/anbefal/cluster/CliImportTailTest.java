package io.anbefal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.http.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/anbefal import --data DIR} in another process, into the data directory of a server that runs: the
 * server's tailer sees the published load in the shared H2 file (AUTO_SERVER) and its API answers from it, without
 * a restart.
 */
class CliImportTailTest {

    @TempDir
    Path data;

    @Test
    void aCliImportIntoARunningServerIsVisibleThroughItsApi() throws Exception {
        try (TestServer server = new TestServer(data, "shop")) {
            server.update("shop", "zed", "BROWSE", "sku-9");
            assertEquals(1, numUpdates(server));
            JsonNode before = server.get("/recapi/1.0/recommend/shop/ItemToItemRecommender/sku-1001/5").json();
            assertTrue(!ids(before).contains("sku-2001"), before.toString());

            Path file = Path.of("../docs/dataset-example.xml").toAbsolutePath();
            assertTrue(Files.isRegularFile(file), file.toString());
            Process cli = Nodes.javaMain("import", file.toString(), "--service", "shop", "--data", data.toString())
                    .redirectErrorStream(true).start();
            String out = new String(cli.getInputStream().readAllBytes());
            assertTrue(cli.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, cli.exitValue(), out);

            // the example holds 5 updates and 3 catalog items (each item one catalog update): 8 more
            long expected = 1 + 8;
            Nodes.await(() -> numUpdates(server) == expected, "the server learns the CLI's import");
            assertEquals(expected, numUpdates(server));
            // alice bought sku-1001 with sku-2001: the running server's ItemToItem knows it now
            JsonNode after = server.get("/recapi/1.0/recommend/shop/ItemToItemRecommender/sku-1001/5").json();
            assertTrue(ids(after).contains("sku-2001"), after.toString());
            // and what the server takes next comes after the import in its model as in the log
            server.update("shop", "zed", "BROWSE", "sku-1001");
            assertEquals(expected + 1, numUpdates(server));
        }
    }

    private static long numUpdates(TestServer server) {
        return server.get("/recapi/1.0/servicestatus/shop").json().get("numUpdates").asLong();
    }

    static List<String> ids(JsonNode recommendation) {
        List<String> ids = new ArrayList<>();
        recommendation.path("result").forEach(r -> ids.add(r.path("id").asText(r.asText())));
        return ids;
    }
}
