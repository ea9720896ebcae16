package io.anbefal.bench;

import io.anbefal.AnbefalServer;

import java.nio.file.Path;

/**
 * Started in a child JVM by {@code bin/anbefal bench-engine}: opens a data directory, brings the engine up to date
 * (replaying the log, or from the model snapshot a clean close wrote), and prints how long it took until the server
 * answered and how much heap the model holds; then closes, which writes the snapshot.
 */
public final class RestartProbe {

    private RestartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        AnbefalServer server = AnbefalServer.start(AnbefalServer.Settings.forTest(Path.of(args[0])));
        long ready = System.nanoTime() - t0;
        var status = server.anbefal().status(server.anbefal().service(args[1]));
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        System.out.printf("restart (%s): %d updates, %d persons, %d entities; serving after %.2f s; heap in use %d MB (max %d MB)%n",
                server.restoredFromSnapshot() ? "from the model snapshot and the log after it" : "replaying the log",
                status.updates(), status.customers(), status.entities(), ready / 1e9, used >> 20, rt.maxMemory() >> 20);
        long t1 = System.nanoTime();
        server.close();
        // the close writes the model snapshot (and compacts the database): as long as updates wait for a
        // snapshot written while running
        System.out.printf("restart probe closed in %.2f s (model snapshot written, database compacted)%n",
                (System.nanoTime() - t1) / 1e9);
    }
}
