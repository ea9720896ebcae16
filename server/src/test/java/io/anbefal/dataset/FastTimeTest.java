package io.anbefal.dataset;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The allocation-free time parser gives exactly what {@link Instant#parse} gives, or leaves the text alone. */
class FastTimeTest {

    @Test
    void agreesWithInstantParseOnRandomTimesOffsetsAndFractions() {
        SplittableRandom random = new SplittableRandom(11);
        DateTimeFormatter base = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
        for (int i = 0; i < 200_000; i++) {
            LocalDate date = LocalDate.ofEpochDay(random.nextLong(LocalDate.of(1, 1, 1).toEpochDay(),
                    LocalDate.of(9999, 12, 31).toEpochDay()));
            OffsetDateTime t = OffsetDateTime.of(date.atTime(random.nextInt(24), random.nextInt(60),
                    random.nextInt(60)), ZoneOffset.ofTotalSeconds(60 * random.nextInt(-14 * 60, 14 * 60 + 1)));
            StringBuilder text = new StringBuilder(base.format(t));
            int fraction = random.nextInt(8);
            if (fraction > 0) {
                text.append('.');
                for (int k = 0; k < fraction; k++) {
                    text.append((char) ('0' + random.nextInt(10)));
                }
            }
            text.append(t.getOffset().getTotalSeconds() == 0 && random.nextBoolean() ? "Z" : t.getOffset().getId());
            String s = text.toString().replace("+00:00Z", "Z");
            long expected;
            try {
                expected = Instant.parse(s).toEpochMilli();
            } catch (RuntimeException e) {
                continue;
            }
            assertEquals(expected, FastTime.parse(s), s);
        }
    }

    @Test
    void leavesTheUncommonFormsToTheGeneralParsers() {
        for (String s : new String[] {"2026-11-22T24:00:00Z", "12026-11-22T10:00:00Z", "-0001-11-22T10:00:00Z",
                "2026-02-29T10:00:00Z", "2026-11-22T10:00:00", "2026-11-22T10:00:00.Z", "2026-13-01T10:00:00Z",
                "2026-11-22T10:00:60Z", "2026-11-22T10:00:00+1:00", "2026-11-22 10:00:00Z"}) {
            assertEquals(FastTime.UNPARSED, FastTime.parse(s), s);
        }
        assertEquals(Instant.parse("2024-02-29T23:59:59.999Z").toEpochMilli(), FastTime.parse("2024-02-29T23:59:59.999Z"));
        assertEquals(Instant.parse("1969-12-31T23:59:59.5Z").toEpochMilli(), FastTime.parse("1969-12-31T23:59:59.5Z"));
    }

    @Test
    void theReaderStillParsesTheRareFormsTheSchemaAllows() {
        assertEquals(Instant.parse("2026-11-23T00:00:00Z").toEpochMilli(), DatasetReader.parseTime("2026-11-22T24:00:00Z"));
    }
}
