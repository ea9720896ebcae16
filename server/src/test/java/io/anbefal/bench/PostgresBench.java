package io.anbefal.bench;

import io.anbefal.cli.BenchCommand;
import io.anbefal.store.Database;
import io.anbefal.store.PostgresCluster;
import picocli.CommandLine;

import java.util.List;

/**
 * {@code bin/anbefal bench}'s scenarios on H2 and then on PostgreSQL (a cluster of {@link PostgresCluster}, default
 * settings: fsync and synchronous commit on), in one run, with the ratio PostgreSQL / H2 per scenario. Prints;
 * asserts nothing. Run from the repository root after a build:
 * {@code java -cp "server/target/classes:server/target/test-classes:server/target/libs/*" io.anbefal.bench.PostgresBench [SECONDS] [WARMUP]}.
 */
public final class PostgresBench {

    private PostgresBench() {
    }

    public static void main(String[] args) throws Exception {
        String seconds = args.length > 0 ? args[0] : "5";
        String warmup = args.length > 1 ? args[1] : "2";
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs("--seconds", seconds, "--warmup", warmup);
        try (PostgresCluster pg = PostgresCluster.start()) {
            List<LoadGenerator.Result> h2 = bench.run(Database.EMBEDDED);
            List<LoadGenerator.Result> postgres = bench.run(new Database(pg.createDatabase(), pg.user(), null));
            System.out.println("\n== H2 (embedded file)");
            BenchCommand.print(h2);
            System.out.println("\n== PostgreSQL " + pg.url(""));
            BenchCommand.print(postgres);
            System.out.printf("%n%-40s %12s %12s %9s%n", "scenario", "H2 req/s", "PG req/s", "PG / H2");
            for (int i = 0; i < h2.size(); i++) {
                System.out.printf("%-40s %12.0f %12.0f %9.2f%n", h2.get(i).name(), h2.get(i).perSecond(),
                        postgres.get(i).perSecond(), postgres.get(i).perSecond() / h2.get(i).perSecond());
            }
        }
        System.exit(0);
    }
}
