package io.anbefal.kibo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anbefal.kibo.KiboResult.Attr;
import io.anbefal.kibo.KiboResult.Entity;
import io.anbefal.kibo.KiboResult.Explanation;
import io.anbefal.kibo.KiboResult.SlotResult;
import io.anbefal.kibo.KiboResult.WidgetResult;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a {@link KiboResult} as JSON (Jackson, the records' component order) or as XML (StAX, which escapes) in
 * the shape of Kibo's documented {@code <recResult>}; the XML validates against {@link #schema()}.
 */
public final class KiboWriters {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    private static final String SCHEMA = "kibo-recs-1.xsd";
    /** The entity types the schema declares. */
    private static final java.util.Set<String> ENTITY_TYPES = java.util.Set.of("Product", "Document", "User",
            "Request");

    private KiboWriters() {
    }

    public static byte[] json(KiboResult result) {
        try {
            return JSON.writeValueAsBytes(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] xml(KiboResult r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try {
            XMLStreamWriter x = XML.createXMLStreamWriter(bytes, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeStartElement("recResult");
            x.writeNamespace("xsi", XSI);
            text(x, "responseId", r.responseId());
            text(x, "merchModel", r.merchModel());
            text(x, "trackingData", r.trackingData());
            text(x, "type", r.type());
            text(x, "id", r.id());
            for (WidgetResult w : r.widgetResults()) {
                x.writeStartElement("widgetResults");
                text(x, "id", w.id());
                text(x, "displayName", w.displayName());
                text(x, "placeholderName", w.placeholderName());
                text(x, "algoName", w.algoName());
                for (SlotResult s : w.slotResults()) {
                    slot(x, s);
                }
                x.writeEndElement();
            }
            abTests(x, r);
            if (!r.context().isEmpty()) {
                x.writeStartElement("context");
                for (Entity e : r.context()) {
                    entity(x, e);
                }
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** Kibo's {@code <abTest>}, once per experiment that answered (merchLabel, testName, variantName). */
    private static void abTests(XMLStreamWriter x, KiboResult r) throws XMLStreamException {
        for (KiboResult.AbTest t : r.abTest()) {
            x.writeStartElement("abTest");
            text(x, "merchLabel", t.merchLabel());
            text(x, "testName", t.testName());
            text(x, "variantName", t.variantName());
            x.writeEndElement();
        }
    }

    /** A slot: its number, rank and scanTime, the item, its attrs, and the Explanations of a pin (else empty). */
    private static void slot(XMLStreamWriter x, SlotResult s) throws XMLStreamException {
        x.writeStartElement("slotResults");
        x.writeAttribute("slot", Integer.toString(s.slot()));
        x.writeAttribute("rank", Integer.toString(s.rank()));
        x.writeAttribute("scanTime", Long.toString(s.scanTime()));
        text(x, "url", s.url());
        attrs(x, s.attrs());
        x.writeStartElement("Explanations");
        for (Explanation e : s.explanations()) {
            text(x, e.type(), e.rule());
        }
        x.writeEndElement();
        x.writeEndElement();
    }

    /**
     * A context entity: {@code xsi:type} its type when the schema has it (Product, Document, User,
     * Request), else the base {@code Entity} with the entity's name in a {@code name} attribute.
     */
    private static void entity(XMLStreamWriter x, Entity e) throws XMLStreamException {
        x.writeStartElement("Entity");
        if (ENTITY_TYPES.contains(e.type())) {
            x.writeAttribute("xsi", XSI, "type", e.type());
        } else {
            x.writeAttribute("xsi", XSI, "type", "Entity");
            x.writeAttribute("name", xmlChars(e.type()));
        }
        attrs(x, e.attrs());
        x.writeEndElement();
    }

    private static void attrs(XMLStreamWriter x, List<Attr> attrs) throws XMLStreamException {
        for (Attr a : attrs) {
            x.writeStartElement("attrs");
            text(x, "name", a.name());
            for (String v : a.values()) {
                text(x, "values", v);
            }
            x.writeEndElement();
        }
    }

    private static void text(XMLStreamWriter x, String element, String value) throws XMLStreamException {
        x.writeStartElement(element);
        x.writeCharacters(xmlChars(value == null ? "" : value));
        x.writeEndElement();
    }

    /** StAX escapes markup but passes characters XML 1.0 cannot carry (most controls, lone surrogates): U+FFFD. */
    static String xmlChars(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean changed = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
            if (ok) {
                out.appendCodePoint(cp);
            } else {
                out.append('\uFFFD');
                changed = true;
            }
            i += Character.charCount(cp);
        }
        return changed ? out.toString() : s;
    }

    /** The XSD of the XML answer ({@code GET /recs/1/schema}). */
    public static byte[] schema() {
        try (InputStream in = KiboWriters.class.getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
