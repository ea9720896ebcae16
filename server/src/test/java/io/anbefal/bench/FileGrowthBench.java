package io.anbefal.bench;

import io.anbefal.engine.Event;
import io.anbefal.store.H2Store;
import io.anbefal.store.JdbcStore;
import io.anbefal.store.Store;
import io.anbefal.store.StoredUpdate;
import org.h2.jdbcx.JdbcConnectionPool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How the H2 file of a running node grows under steady single-update commits: {@link H2Store} (with its
 * housekeeping) against the same H2 settings without it, the baseline, committed to alternately in the same run.
 * Prints both file sizes every 15 s and after closing. Arguments: commits per second per store (default 20) and
 * seconds (default 180; H2 reuses a dead chunk's space only after its 45 s retention time).
 */
public final class FileGrowthBench {

    private FileGrowthBench() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 180;
        Path kept = Files.createTempDirectory("growth-kept");
        Path plain = Files.createTempDirectory("growth-plain");
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + plain.toAbsolutePath().resolve(H2Store.DATABASE)
                + ";WRITE_DELAY=0", "sa", "");
        Path keptFile = kept.resolve(H2Store.DATABASE + ".mv.db");
        Path plainFile = plain.resolve(H2Store.DATABASE + ".mv.db");
        try (Store a = H2Store.open(kept); Store b = new JdbcStore(pool, pool::dispose, "BINARY VARYING(1000000000)")) {
            for (Store s : List.of(a, b)) {
                s.putService("g", List.of());
            }
            long start = System.currentTimeMillis();
            for (int n = 1; System.currentTimeMillis() - start < seconds * 1000L; n++) {
                for (Store s : List.of(a, b)) {
                    s.append(List.of(new Store.Batch("g", List.of(new StoredUpdate(new Event("p" + n % 1000,
                            List.of("i" + n % 500), "BROWSE", "web", null, List.of(), System.currentTimeMillis(), null,
                            null), null)), List.of())));
                }
                if (n % (rate * 15) == 0) {
                    System.out.printf("t=%3d s, %,6d commits each: with housekeeping %6.1f MB, without %6.1f MB%n",
                            (System.currentTimeMillis() - start) / 1000, n, Files.size(keptFile) / 1e6,
                            Files.size(plainFile) / 1e6);
                }
                long due = start + n * 1000L / rate;
                long now = System.currentTimeMillis();
                if (due > now) {
                    Thread.sleep(due - now);
                }
            }
        }
        System.out.printf("after close: with housekeeping (and SHUTDOWN COMPACT) %.1f MB, without %.1f MB%n",
                Files.size(keptFile) / 1e6, Files.size(plainFile) / 1e6);
    }
}
