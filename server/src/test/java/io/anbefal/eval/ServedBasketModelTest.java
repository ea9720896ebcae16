package io.anbefal.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.anbefal.engine.Event;
import io.anbefal.engine.ScoringEngine;
import io.anbefal.http.Payloads;
import io.anbefal.http.HttpTarget;
import io.anbefal.http.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The served basket model is the evaluated one: the supermarket training baskets replayed through
 * {@code /recapi/1.0/update} of a running server, then {@code /recapi/1.0/recommend} of ShoppingBasketRecommender
 * per test basket, give exactly the HR@10 of the in-process evaluation (the logistic model is fitted on the first
 * basket request in both).
 */
class ServedBasketModelTest {

    @TempDir
    Path data;

    @Test
    void httpReplayGivesTheSameBasketFiguresAsTheEvalCommand() throws Exception {
        Path csv = SharedData.file("supermarket-baskets.csv");
        assumeTrue(Files.exists(csv), "no basket data at " + csv.toAbsolutePath());
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        List<Protocols.Line> inProcess = Protocols.baskets(Datasets.baskets(csv), false, 42,
                new EngineTarget(new ScoringEngine(), Map.of("recommender.ShoppingBasketRecommender.model", "logistic")), quiet);
        List<Protocols.Line> served;
        try (TestServer server = new TestServer(data, "shop")) {
            server.server().anbefal().configure(server.server().anbefal().service("shop"), "recommender.ShoppingBasketRecommender.model", "logistic");
            served = Protocols.baskets(Datasets.baskets(csv), false, 42, new HttpTarget(server, "shop"), quiet);
        }
        Protocols.Line expected = inProcess.getFirst();
        Protocols.Line actual = served.getFirst();
        assertEquals("ShoppingBasketRecommender", actual.name());
        assertEquals(expected.cases(), actual.cases());
        assertEquals(expected.hitRate(), actual.hitRate(), 1e-12, "in process " + expected + ", served " + actual);
        assertEquals(expected.ndcg(), actual.ndcg(), 1e-12);
        assertTrue(actual.hitRate() > inProcess.get(1).hitRate(), "beats the popularity baseline: " + served);
        assertTrue(actual.hitRate() >= 0.58, "the logistic model answers (co-occurrence measures 0.559): " + actual);
    }
}
