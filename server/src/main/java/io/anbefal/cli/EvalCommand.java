package io.anbefal.cli;

import io.anbefal.engine.ScoringEngine;
import io.anbefal.eval.Datasets;
import io.anbefal.eval.EngineTarget;
import io.anbefal.eval.Protocols;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code anbefal eval}: the offline evaluation protocols of shared/data/README.md on the engine that serves. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Measure recommendation quality (HR@10, NDCG@10) with the standard protocols, next to a popularity baseline.")
public final class EvalCommand implements Callable<Integer> {

    static final class Data {
        @Option(names = "--movielens", paramLabel = "FILE", required = true,
                description = "MovieLens ratings CSV (movieId,title,year,genres,userId,rating,timestamp): leave-last-out.")
        Path movieLens;

        @Option(names = "--baskets", paramLabel = "FILE", required = true,
                description = "Basket CSV (basket,department): basket completion.")
        Path baskets;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Data data;

    @Option(names = "--validation", description = "Hold out the validation item (second to last; for tuning) instead of the test item.")
    boolean validation;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the basket split and hidden items (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Engine setting, as for a service (repeatable).")
    Map<String, String> settings = Map.of();

    @Override
    public Integer call() throws Exception {
        EngineTarget target = new EngineTarget(new ScoringEngine(), settings);
        List<Protocols.Line> lines;
        String title;
        if (data.movieLens != null) {
            var users = Datasets.movieLens(data.movieLens);
            title = "MovieLens leave-last-out, " + (validation ? "validation" : "test") + " item, " + users.size() + " users";
            lines = Protocols.movieLens(users, validation ? 2 : 1, target,
                    List.of("ProductForCustomerRecommender", "ItemToItemRecommender", "PopularRecommender"), System.err);
        } else {
            var baskets = Datasets.baskets(data.baskets);
            title = "Basket completion, " + (validation ? "validation" : "test") + " split, seed " + seed + ", "
                    + baskets.size() + " baskets";
            lines = Protocols.baskets(baskets, validation, seed, target, System.err);
        }
        System.out.println(title);
        System.out.printf("%-36s %8s %8s %7s%n", "recommender", "HR@10", "NDCG@10", "cases");
        for (Protocols.Line l : lines) {
            System.out.printf("%-36s %8.4f %8.4f %7d%n", l.name(), l.hitRate(), l.ndcg(), l.cases());
        }
        return 0;
    }
}
