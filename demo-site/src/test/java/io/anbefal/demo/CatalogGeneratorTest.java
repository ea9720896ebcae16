package io.anbefal.demo;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The committed catalog is exactly what the generator writes (run with -Danbefal.regenerate=true to rewrite it). */
class CatalogGeneratorTest {

    @Test
    void committedCatalogIsTheGeneratorsOutput() throws IOException {
        String generated = CatalogGenerator.generate();
        if (Boolean.getBoolean("anbefal.regenerate")) {
            Files.writeString(CatalogGenerator.OUTPUT, generated, StandardCharsets.UTF_8);
        }
        assertEquals(generated, CatalogGenerator.generate(), "the generator is deterministic");
        String committed = Files.readString(CatalogGenerator.OUTPUT, StandardCharsets.UTF_8);
        assertEquals(generated, committed, "catalog.json differs from the generator: regenerate it");
        try (InputStream in = Catalog.class.getResourceAsStream(Catalog.RESOURCE)) {
            assertNotNull(in, "catalog.json is on the class path");
        }
    }
}
