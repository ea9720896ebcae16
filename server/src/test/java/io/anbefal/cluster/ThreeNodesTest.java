package io.anbefal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.anbefal.AnbefalServer;
import io.anbefal.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three nodes on one PostgreSQL, with writes (updates, links, product records, a setting) spread over all three by
 * concurrent clients: once quiet, every node holds what the database holds and answers every recommendation the
 * same, as each learnt the one log in its one order.
 */
class ThreeNodesTest {

    @TempDir
    Path dir;

    @Test
    void writesSpreadOverThreeNodesGiveIdenticalRecommendationsOnceQuiet() throws Exception {
        try (PgNodes db = new PgNodes("three")) {
            List<String> nodes = new ArrayList<>();
            List<AnbefalServer> servers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                AnbefalServer node = db.node(dir.resolve("node" + i), 0);
                servers.add(node);
                nodes.add(PgNodes.base(node));
            }
            ExecutorService clients = Executors.newFixedThreadPool(6);
            List<Future<Integer>> sent = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                sent.add(clients.submit(() -> {
                    int acked = 0;
                    for (int i = 0; i < 150; i++) {
                        String node = nodes.get((thread + i) % 3); // each client's requests go round the nodes
                        String customer = "c" + (i * 7 + thread) % 40;
                        String what = i % 5 == 0 ? "PURCHASE" : "BROWSE";
                        if (db.update(node, customer, what, "t" + thread + "-" + i, "p" + (i * 13 + thread) % 60,
                                "p" + (i * 5 + thread * 3) % 60)) {
                            acked++;
                        }
                        if (i % 50 == 7) {
                            // a visitor who signs in: a link, on whichever node the client is at
                            assertEquals(200, db.post(node, "/recapi/1.0/update", "{\"service\":\"three\",\"updates\":[{"
                                    + "\"customer\":\"" + customer + "\",\"entityIDs\":[\"p1\"],\"what\":\"BROWSE\","
                                    + "\"ssasid\":\"visitor-" + thread + "-" + i + "\"}]}").statusCode());
                        }
                    }
                    return acked;
                }));
            }
            // meanwhile on one node: product records (with categories: a catalog fact in the log), and a setting
            servers.get(1).anbefal().putProducts(servers.get(1).anbefal().service("three"), List.of(
                    java.util.Map.of("product_id", "p3", "title", "Boots", "categories", List.of("cat-boots")),
                    java.util.Map.of("product_id", "p4", "title", "Socks")));
            servers.get(2).anbefal().configure(servers.get(2).anbefal().service("three"), "cluster.test", "set on node 2");
            servers.get(1).anbefal().deleteProducts(servers.get(1).anbefal().service("three"), List.of("p4"));
            int acked = 0;
            for (Future<Integer> f : sent) {
                acked += f.get(5, TimeUnit.MINUTES);
            }
            clients.shutdown();
            assertEquals(6 * 150, acked, "every update acknowledged");

            Store store = db.store();
            long stored = db.storedUpdates(store);
            assertTrue(stored >= acked, stored + " stored");
            for (String node : nodes) {
                Nodes.await(() -> db.numUpdates(node) == stored, node + " learns all " + stored + " updates");
            }
            for (AnbefalServer node : servers) {
                Nodes.await(() -> node.anbefal().catalog().product("three", "p3").isPresent()
                        && node.anbefal().catalog().product("three", "p4").isEmpty(), "the catalog on every node");
                assertEquals("Boots", node.anbefal().catalog().product("three", "p3").orElseThrow().get("title"));
                assertEquals("set on node 2", node.anbefal().service("three").settings().get("cluster.test"));
            }
            // once quiet: the same answers everywhere, for items and for persons (their links included)
            List<String> paths = new ArrayList<>();
            for (int p = 0; p < 60; p += 7) {
                paths.add("/recapi/1.0/recommend/three/ItemToItemRecommender/p" + p + "/10");
            }
            for (String node : nodes) {
                JsonNode status = db.get(node, "/recapi/1.0/servicestatus/three");
                JsonNode first = db.get(nodes.getFirst(), "/recapi/1.0/servicestatus/three");
                assertEquals(first.get("numPersons"), status.get("numPersons"), node);
                assertEquals(first.get("numEntities"), status.get("numEntities"), node);
            }
            int compared = 0;
            for (String path : paths) {
                JsonNode expected = db.get(nodes.getFirst(), path);
                for (String node : nodes.subList(1, 3)) {
                    assertEquals(expected, db.get(node, path), node + path);
                }
                compared += expected.get("result").size();
            }
            for (int c = 0; c < 40; c += 3) {
                String body = "{\"service\":\"three\",\"recommender\":\"ProductForCustomerRecommender\","
                        + "\"externalIds\":[\"c" + c + "\"],\"num\":10}";
                JsonNode expected = PgNodes.json(db.post(nodes.getFirst(), "/recapi/1.0/recommend", body).body());
                for (String node : nodes.subList(1, 3)) {
                    assertEquals(expected, PgNodes.json(db.post(node, "/recapi/1.0/recommend", body).body()), node + " c" + c);
                }
                compared += expected.get("result").size();
            }
            assertTrue(compared > 50, "the answers compared are not empty: " + compared + " items");
        }
    }
}
