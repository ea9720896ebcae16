package io.anbefal.dataset;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reader against valid and invalid files, and the writer-to-reader round trip. */
class DatasetReaderTest {

    static final Path DOCS = Path.of("..", "docs");
    static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<dataset xmlns=\"" + DatasetSchema.NAMESPACE + "\" version=\"1.0\">\n";

    static List<DatasetRecord> read(byte[] bytes) {
        List<DatasetRecord> records = new ArrayList<>();
        new DatasetReader().read(new ByteArrayInputStream(bytes), records::add);
        return records;
    }

    static List<DatasetRecord> read(String xml) {
        return read(xml.getBytes(StandardCharsets.UTF_8));
    }

    static DatasetException invalid(String xml) {
        return invalid(xml.getBytes(StandardCharsets.UTF_8));
    }

    static DatasetException invalid(byte[] bytes) {
        return assertThrows(DatasetException.class, () -> read(bytes));
    }

    @Test
    void thePublishedCopyOfTheSchemaIsTheServedOne() throws Exception {
        assertArrayEquals(DatasetSchema.bytes(), Files.readAllBytes(DOCS.resolve("dataset.xsd")),
                "docs/dataset.xsd must be a copy of " + DatasetSchema.RESOURCE);
    }

    @Test
    void theExampleFileIsValidAndReadsAsDocumented() throws Exception {
        List<DatasetRecord> records = read(Files.readAllBytes(DOCS.resolve("dataset-example.xml")));
        assertEquals(9, records.size());
        DatasetItem first = assertInstanceOf(DatasetItem.class, records.getFirst());
        assertEquals("sku-1001", first.id());
        assertEquals(List.of("cat-shoes", "cat-running"), first.categories());
        assertEquals(Map.of("brand", "Fjellsko", "colour", "blue"), first.attributes());
        DatasetUpdate purchase = assertInstanceOf(DatasetUpdate.class, records.get(4));
        assertEquals("alice", purchase.customer());
        assertEquals("PURCHASE", purchase.what());
        assertEquals(List.of("sku-1001", "sku-2001"), purchase.entities());
        assertEquals(List.of("campaign:winter"), purchase.tags());
        assertEquals(Instant.parse("2026-11-20T08:21:30.250Z").toEpochMilli(), purchase.timeMillis(),
                "an offset time is the same instant in UTC");
        assertEquals(2, purchase.number());
        assertNull(purchase.boost());
        assertEquals("order-77-1", purchase.eventId());
        DatasetUpdate click = assertInstanceOf(DatasetUpdate.class, records.get(6));
        assertEquals(1.5, click.boost());
        assertEquals("ItemToItemRecommender", click.origin());
        assertEquals("app", click.where());
        assertEquals(new DatasetLink("visitor-3f9c", "carol", Instant.parse("2026-11-21T20:05:00Z").toEpochMilli()),
                records.getLast());
    }

    @Test
    void anItemIsLoadedAsTheSannsynCatalogConvention() {
        DatasetItem item = new DatasetItem("sku-1", List.of("c1", "c2"), Map.of("brand", "X"), 5, null);
        DatasetUpdate u = item.toUpdate();
        assertEquals("sku-1", u.customer());
        assertEquals(List.of("c1", "c2"), u.entities());
        assertEquals(List.of("itemcat", "attr:brand=X"), u.tags());
        assertEquals(item, DatasetItem.fromUpdate(u));
        DatasetUpdate browse = new DatasetUpdate("a", List.of("p"), "BROWSE", null, null, List.of("itemcat"), 1,
                null, null, null);
        assertNull(DatasetItem.fromUpdate(browse), "only updates of the item's exact shape are items");
    }

    @Test
    void anEmptyDatasetIsValid() {
        assertEquals(List.of(), read(HEAD + "</dataset>"));
    }

    @Test
    void anUnknownElementIsRejectedWithItsPositionAndWhatWasExpected() {
        DatasetException e = invalid(HEAD + "  <update customer=\"a\" what=\"BROWSE\" time=\"2026-01-01T00:00:00Z\">\n"
                + "    <entity>p1</entity>\n    <colour>red</colour>\n  </update>\n</dataset>");
        assertEquals(5, e.line());
        assertTrue(e.column() > 0);
        assertTrue(e.getMessage().contains("colour") && e.getMessage().contains("expected"), e.getMessage());
    }

    @Test
    void anUnknownRecordElementIsRejected() {
        DatasetException e = invalid(HEAD + "  <purchase customer=\"a\"/>\n</dataset>");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("purchase") && e.getMessage().contains("update"), e.getMessage());
    }

    @Test
    void aMissingAttributeIsRejectedNamingIt() {
        DatasetException e = invalid(HEAD + "\n  <update customer=\"a\" what=\"BROWSE\">\n"
                + "    <entity>p1</entity>\n  </update>\n</dataset>");
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("'time'"), e.getMessage());
    }

    @Test
    void anUpdateWithoutEntitiesIsRejected() {
        DatasetException e = invalid(HEAD + "<update customer=\"a\" what=\"BROWSE\" time=\"2026-01-01T00:00:00Z\">"
                + "</update></dataset>");
        assertTrue(e.getMessage().contains("entity"), e.getMessage());
    }

    @Test
    void aBadTimeIsRejectedSayingWhatATimeLooksLike() {
        for (String bad : List.of("yesterday", "2026-13-01T00:00:00Z", "2026-11-22 10:00:00Z", "2026-11-22T10:00:00")) {
            DatasetException e = invalid(HEAD + "<update customer=\"a\" what=\"BROWSE\" time=\"" + bad + "\">"
                    + "<entity>p</entity></update></dataset>");
            assertEquals(3, e.line(), bad);
            assertTrue(e.getMessage().contains("2026-11-22T18:30:00Z"), e.getMessage());
        }
    }

    @Test
    void aBadNumberIsRejected() {
        DatasetException e = invalid(HEAD + "<update customer=\"a\" what=\"BUY\" time=\"2026-01-01T00:00:00Z\" number=\"two\">"
                + "<entity>p</entity></update></dataset>");
        assertTrue(e.getMessage().contains("two"), e.getMessage());
    }

    @Test
    void aTruncatedFileIsRejected() {
        String whole = HEAD + "  <update customer=\"a\" what=\"BROWSE\" time=\"2026-01-01T00:00:00Z\">\n"
                + "    <entity>p1</entity>\n  </update>\n  <update customer=\"b\" what=\"BROWSE\" time=\"2026-01-01T00:00:00Z\">\n"
                + "    <entity>p2</ent";
        DatasetException e = invalid(whole);
        assertEquals(7, e.line());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        DatasetException noEnd = invalid(HEAD + "<update customer=\"a\" what=\"BROWSE\" time=\"2026-01-01T00:00:00Z\">"
                + "<entity>p1</entity></update>\n");
        assertTrue(noEnd.getMessage().contains("truncated"), noEnd.getMessage());
    }

    @Test
    void bytesThatAreNotUtf8AreRejectedWithTheirLine() {
        byte[] latin1 = (HEAD + "<update customer=\"a\" what=\"BROWSE\" time=\"2026-01-01T00:00:00Z\">\n"
                + "<entity>caf\u00e9</entity></update></dataset>").getBytes(StandardCharsets.ISO_8859_1);
        DatasetException e = invalid(latin1);
        assertEquals(4, e.line(), e.describe());
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void aDeclaredEncodingOtherThanUtf8IsHonoured() {
        byte[] latin1 = (HEAD.replace("UTF-8", "ISO-8859-1") + "<update customer=\"a\" what=\"BROWSE\" "
                + "time=\"2026-01-01T00:00:00Z\"><entity>caf\u00e9</entity></update></dataset>")
                .getBytes(StandardCharsets.ISO_8859_1);
        DatasetUpdate u = assertInstanceOf(DatasetUpdate.class, read(latin1).getFirst());
        assertEquals(List.of("caf\u00e9"), u.entities());
    }

    @Test
    void theWrongNamespaceOrVersionIsRejected() {
        DatasetException ns = invalid("<dataset version=\"1.0\"></dataset>");
        assertTrue(ns.getMessage().contains(DatasetSchema.NAMESPACE), ns.getMessage());
        DatasetException version = invalid(HEAD.replace("version=\"1.0\"", "version=\"2.0\"") + "</dataset>");
        assertTrue(version.getMessage().contains("1.0"), version.getMessage());
    }

    @Test
    void aDoctypeIsRefused() {
        DatasetException e = invalid("<?xml version=\"1.0\"?><!DOCTYPE dataset [<!ENTITY x \"boom\">]>"
                + "<dataset xmlns=\"" + DatasetSchema.NAMESPACE + "\" version=\"1.0\"/>");
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void anonymousIsNotAPerson() {
        DatasetException e = invalid(HEAD + "<update customer=\"anonymous\" what=\"BROWSE\" time=\"2026-01-01T00:00:00Z\">"
                + "<entity>p</entity></update></dataset>");
        assertTrue(e.getMessage().contains("anonymous"), e.getMessage());
    }

    @Test
    void whatTheWriterWritesTheReaderReadsBackUnchanged() {
        Random random = new Random(42);
        List<DatasetRecord> records = new ArrayList<>();
        String[] awkward = {"p<1>", "a&b", "quote\"d", "apos'", "\u00e6\u00f8\u00e5", "\ud83d\ude00", "]]>", "x y"};
        for (int i = 0; i < 500; i++) {
            String id = awkward[random.nextInt(awkward.length)] + i;
            long time = 1_600_000_000_000L + random.nextInt(1_000_000_000);
            records.add(switch (i % 5) {
                case 0 -> {
                    Map<String, String> attributes = new LinkedHashMap<>();
                    attributes.put("brand", awkward[random.nextInt(awkward.length)]);
                    attributes.put("size", "line\nbreak");
                    yield new DatasetItem(id, List.of("c" + i % 7, "c&" + i % 3), attributes, time, null);
                }
                case 1 -> new DatasetLink("v" + id, "c" + i, time);
                case 2 -> new DatasetUpdate(id, List.of("p" + i, "p" + (i + 1)), "PURCHASE", "web", null,
                        List.of("t<" + i), time, 2.5, 3, "ev-" + i);
                default -> new DatasetUpdate(id, List.of("p" + i), "BROWSE", null, "Origin&" + i, List.of(), time,
                        null, null, null);
            });
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DatasetWriter writer = new DatasetWriter(out, "shop", Instant.now())) {
            records.forEach(writer::write);
            assertEquals(500, writer.written());
        }
        assertEquals(records, read(out.toByteArray()));
    }

    @Test
    void theWriterWritesUpdatesOfAnItemsShapeAsItems() {
        DatasetItem item = new DatasetItem("sku", List.of("c"), Map.of(), 1000, "e1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DatasetWriter writer = new DatasetWriter(out, null, null)) {
            writer.write(item.toUpdate());
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("<item id=\"sku\""), out.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(item), read(out.toByteArray()));
    }

    @Test
    void theWriterRefusesWhatXmlCannotCarry() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DatasetWriter writer = new DatasetWriter(out, null, null)) {
            assertThrows(IllegalArgumentException.class, () -> writer.write(
                    new DatasetLink("a\u0001", "b", 0)));
            assertThrows(IllegalArgumentException.class, () -> writer.write(
                    new DatasetLink("a\nb", "b", 0)));
        }
    }
}
