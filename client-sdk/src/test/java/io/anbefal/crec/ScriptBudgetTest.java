package io.anbefal.crec;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prints the compiled script's size, min+gzip at the best level, and fails above the budget. */
class ScriptBudgetTest {

    @Test
    void theScriptFitsTheBudget() throws Exception {
        Path script = Path.of(System.getProperty("crec.script", "target/classes/io/anbefal/crec/crec.js"));
        long budget = Long.parseLong(System.getProperty("crec.budget", "5120"));
        byte[] raw = Files.readAllBytes(script);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(raw);
        }
        System.out.printf("crec.js: %,d bytes minified, %,d bytes min+gzip (budget %,d)%n", raw.length, out.size(), budget);
        assertTrue(out.size() <= budget, "crec.js is " + out.size() + " bytes gzipped, over the budget of " + budget);
        assertTrue(new String(raw).contains("sannsyn"), "the compiled script is the crec client");
    }
}
