package io.anbefal.eval;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the evaluation data sets are (they are not committed: their terms allow evaluation use only): the
 * directory named by the {@code anbefal.data} system property or the {@code ANBEFAL_DATA} environment variable,
 * else the first {@code shared/data} found beside the project or any folder above it (the layout this repository
 * is developed in: {@code ../shared/data}). Tests that need a file skip when it is in none of these.
 */
public final class SharedData {

    private SharedData() {
    }

    /** The data file of that name; a path that does not exist when it was not found. */
    public static Path file(String name) {
        String configured = System.getProperty("anbefal.data", System.getenv("ANBEFAL_DATA"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).resolve(name);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return Path.of("../../shared/data").resolve(name);
    }
}
