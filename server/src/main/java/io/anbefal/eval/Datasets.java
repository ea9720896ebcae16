package io.anbefal.eval;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the evaluation data sets of {@code shared/data} (see its README for the protocol). */
public final class Datasets {

    private Datasets() {
    }

    /** One rating as an implicit interaction. */
    public record Rating(String user, String movie, long time, int row) {
    }

    /** Each user's ratings ordered by timestamp, ties by row order; users in order of first appearance. */
    public static Map<String, List<Rating>> movieLens(Path csv) throws IOException {
        Map<String, List<Rating>> users = new LinkedHashMap<>();
        int row = 0;
        for (Map<String, String> r : rows(csv)) {
            String user = r.get("userId");
            users.computeIfAbsent(user, u -> new ArrayList<>())
                    .add(new Rating(user, r.get("movieId"), Long.parseLong(r.get("timestamp")), row++));
        }
        for (List<Rating> ratings : users.values()) {
            ratings.sort(Comparator.comparingLong(Rating::time).thenComparingInt(Rating::row));
        }
        return users;
    }

    /** Baskets by id, in order of first appearance, each department once. */
    public static Map<String, List<String>> baskets(Path csv) throws IOException {
        Map<String, List<String>> baskets = new LinkedHashMap<>();
        for (Map<String, String> r : rows(csv)) {
            List<String> basket = baskets.computeIfAbsent(r.get("basket"), b -> new ArrayList<>());
            if (!basket.contains(r.get("department"))) {
                basket.add(r.get("department"));
            }
        }
        return baskets;
    }

    private static List<Map<String, String>> rows(Path csv) throws IOException {
        CsvMapper mapper = new CsvMapper();
        try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv.toFile())) {
            return it.readAll();
        }
    }
}
