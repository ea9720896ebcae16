package io.anbefal.store;

import io.anbefal.dataset.DatasetGenerator;
import io.anbefal.dataset.DatasetLoader;
import io.anbefal.dataset.DatasetTargets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A child {@code anbefal import} (into the H2 file, or into PostgreSQL with {@code --database}) is killed with SIGKILL
 * while it stages a large file: nothing of the file is loaded after the restart, and the file loads whole afterwards.
 */
class ImportCrashTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anImportKilledWhileStagingLeavesNothingLoaded(Backend backend) throws Exception {
        Path file = dir.resolve("large.xml");
        long events = 300_000;
        new DatasetGenerator(10_000, 5_000, 3).write(file, events);
        Backend.Database db = backend.create(dir.resolve("data"));
        try (Store store = db.open()) {
            store.putService("s", List.of());
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.anbefal.Main", "import", file.toString(), "--service", "s"));
        command.addAll(db.flags());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        // the progress bar counts records read; the staging thread is at most two chunks behind
        Pattern progress = Pattern.compile("([0-9,]+) records");
        StringBuilder out = new StringBuilder();
        long read = 0;
        try (Reader in = new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)) {
            int ch;
            while (read < 8L * DatasetLoader.CHUNK && (ch = in.read()) >= 0) {
                out.append((char) ch);
                if (ch == '\r' || ch == '\n') {
                    Matcher m = progress.matcher(out);
                    while (m.find()) {
                        read = Math.max(read, Long.parseLong(m.group(1).replace(",", "")));
                    }
                    out.setLength(0);
                }
            }
            assertTrue(child.isAlive(), "the import ended before it could be killed: " + out);
            child.destroyForcibly().waitFor();
        }
        // what the killed process had staged is there, and invisible
        try (JdbcStore store = db.open(); Connection c = store.dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM event_blocks")) {
            r.next();
            assertTrue(r.getLong(1) > 0, "the import was killed before it staged anything (read " + read + ")");
        }
        try (JdbcStore store = db.open()) {
            assertEquals(Map.of(), store.updateCounts(), "nothing of the killed import is loaded");
            assertEquals(Map.of(), store.stats("s", Long.MIN_VALUE, Long.MAX_VALUE).perWhat());
            store.bulkStaleMillis = 0;   // instead of waiting out the 30 s after which a dead import is dropped
            DatasetLoader.Summary summary = new DatasetLoader().load(file, DatasetTargets.store(store, "s"),
                    DatasetLoader.Progress.NONE);
            assertEquals(events, summary.events());
            assertEquals(Map.of("s", events), store.updateCounts(), "the file loads whole, eventIds included");
        }
    }
}
