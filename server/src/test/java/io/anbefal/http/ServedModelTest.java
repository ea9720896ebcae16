package io.anbefal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.anbefal.engine.Event;
import io.anbefal.engine.ScoringEngine;
import io.anbefal.eval.Datasets;
import io.anbefal.eval.EngineTarget;
import io.anbefal.eval.Protocols;
import io.anbefal.eval.Target;
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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The served model is the evaluated model: the MovieLens training data replayed as updates through
 * {@code /recapi/1.0/update} of a running server, then {@code /recapi/1.0/recommend} per user, give exactly the
 * HR@10 and NDCG@10 of the in-process evaluation.
 */
class ServedModelTest {

    @TempDir
    Path data;

    @Test
    void httpReplayGivesTheSameFiguresAsTheEvalCommand() throws Exception {
        Path csv = io.anbefal.eval.SharedData.file("movielens-latest-small-2016.csv");
        assumeTrue(Files.exists(csv), "no MovieLens data at " + csv.toAbsolutePath());
        var users = Datasets.movieLens(csv);
        List<String> recommenders = List.of("ProductForCustomerRecommender");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        List<Protocols.Line> inProcess = Protocols.movieLens(users, 1,
                new EngineTarget(new ScoringEngine(), Map.of()), recommenders, quiet);
        List<Protocols.Line> served;
        try (TestServer server = new TestServer(data, "movielens")) {
            served = Protocols.movieLens(users, 1, new HttpTarget(server, "movielens"), recommenders, quiet);
        }
        assertEquals(inProcess.getFirst().cases(), served.getFirst().cases());
        assertEquals(inProcess.getFirst().hitRate(), served.getFirst().hitRate(), 1e-12,
                "HR@10 in process " + inProcess.getFirst() + ", served " + served.getFirst());
        assertEquals(inProcess.getFirst().ndcg(), served.getFirst().ndcg(), 1e-12);
    }
}
