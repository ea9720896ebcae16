package io.anbefal.dataset;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;

/**
 * Writes records in the dataset format, one per line, streaming: nothing is held but the current record.
 * Call {@link #close()} to end the document (the stream itself is flushed, not closed).
 * <pre>{@code
 * try (DatasetWriter w = new DatasetWriter(out, "shop", Instant.now())) {
 *     w.write(record);
 * }
 * }</pre>
 */
public final class DatasetWriter implements AutoCloseable {

    private static final XMLOutputFactory OUTPUTS = XMLOutputFactory.newInstance();
    private static final String NL = "\n";

    private final XMLStreamWriter xml;
    private long written;

    /**
     * Starts a document.
     *
     * @param out      where to write (UTF-8)
     * @param service  the service name for the root's {@code service} attribute, or null
     * @param exported the time for the root's {@code exported} attribute, or null
     */
    public DatasetWriter(OutputStream out, String service, Instant exported) {
        try {
            xml = OUTPUTS.createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters(NL);
            xml.setDefaultNamespace(DatasetSchema.NAMESPACE);
            xml.writeStartElement(DatasetSchema.NAMESPACE, "dataset");
            xml.writeDefaultNamespace(DatasetSchema.NAMESPACE);
            xml.writeAttribute("version", DatasetSchema.VERSION);
            if (service != null) {
                attribute("service", service);
            }
            if (exported != null) {
                xml.writeAttribute("exported", exported.toString());
            }
        } catch (XMLStreamException e) {
            throw failure(e);
        }
    }

    /** Writes one record. An update of an item fact's shape is written as an {@code <item>}. */
    public void write(DatasetRecord record) {
        try {
            xml.writeCharacters(NL + "  ");
            switch (record) {
                case DatasetUpdate u -> {
                    DatasetItem item = DatasetItem.fromUpdate(u);
                    if (item != null) {
                        item(item);
                    } else {
                        update(u);
                    }
                }
                case DatasetItem i -> item(i);
                case DatasetLink l -> {
                    xml.writeEmptyElement(DatasetSchema.NAMESPACE, "link");
                    attribute("alias", l.alias());
                    attribute("person", l.person());
                    xml.writeAttribute("time", time(l.timeMillis()));
                }
            }
            written++;
        } catch (XMLStreamException e) {
            throw failure(e);
        }
    }

    /** How many records were written. */
    public long written() {
        return written;
    }

    private void update(DatasetUpdate u) throws XMLStreamException {
        xml.writeStartElement(DatasetSchema.NAMESPACE, "update");
        attribute("customer", u.customer());
        attribute("what", u.what());
        xml.writeAttribute("time", time(u.timeMillis()));
        optional("where", u.where());
        optional("origin", u.origin());
        if (u.boost() != null) {
            xml.writeAttribute("boost", u.boost().toString());
        }
        if (u.number() != null) {
            xml.writeAttribute("number", u.number().toString());
        }
        optional("eventId", u.eventId());
        for (String e : u.entities()) {
            element("entity", e);
        }
        for (String t : u.tags()) {
            element("tag", t);
        }
        xml.writeEndElement();
    }

    private void item(DatasetItem i) throws XMLStreamException {
        xml.writeStartElement(DatasetSchema.NAMESPACE, "item");
        attribute("id", i.id());
        xml.writeAttribute("time", time(i.timeMillis()));
        optional("eventId", i.eventId());
        for (String c : i.categories()) {
            element("category", c);
        }
        for (Map.Entry<String, String> a : i.attributes().entrySet()) {
            xml.writeStartElement(DatasetSchema.NAMESPACE, "attribute");
            attribute("name", a.getKey());
            xml.writeCharacters(checked(a.getValue()));
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private void element(String name, String value) throws XMLStreamException {
        xml.writeStartElement(DatasetSchema.NAMESPACE, name);
        xml.writeCharacters(checked(value));
        xml.writeEndElement();
    }

    private void optional(String name, String value) throws XMLStreamException {
        if (value != null) {
            attribute(name, value);
        }
    }

    /**
     * An attribute. A tab or line break in a value is refused: a parser turns it into a space (attribute value
     * normalisation) unless written as a character reference, which the StAX writer cannot do.
     */
    private void attribute(String name, String value) throws XMLStreamException {
        checked(value);
        if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0 && value.indexOf('\t') < 0) {
            xml.writeAttribute(name, value);
            return;
        }
        throw new IllegalArgumentException("The value of " + name + " contains a tab or line break, which the"
                + " dataset format cannot carry in an attribute: " + value.replace("\n", "\\n").replace("\r", "\\r")
                .replace("\t", "\\t"));
    }

    /** XML 1.0 cannot carry most control characters at all. */
    private static String checked(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
                throw new IllegalArgumentException("XML 1.0 cannot carry the control character U+"
                        + String.format("%04X", (int) c) + " in: " + value);
            }
        }
        return value;
    }

    private static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    /** Ends the document and flushes. */
    @Override
    public void close() {
        try {
            xml.writeCharacters(NL);
            xml.writeEndElement();
            xml.writeCharacters(NL);
            xml.writeEndDocument();
            xml.flush();
            xml.close();
        } catch (XMLStreamException e) {
            throw failure(e);
        }
    }

    private static java.io.UncheckedIOException failure(XMLStreamException e) {
        return new java.io.UncheckedIOException(new java.io.IOException("Cannot write the dataset: " + e.getMessage(), e));
    }
}
