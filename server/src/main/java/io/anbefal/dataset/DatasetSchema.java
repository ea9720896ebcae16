package io.anbefal.dataset;

import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;

/** The published XSD of the dataset format, loaded once from the classpath. */
public final class DatasetSchema {

    /** The namespace of the format's elements. */
    public static final String NAMESPACE = "https://anbefal.io/ns/dataset/1.0";
    /** The format version written in the root's {@code version} attribute. */
    public static final String VERSION = "1.0";
    /** The classpath resource of the XSD. */
    public static final String RESOURCE = "/io/anbefal/dataset/dataset-1.0.xsd";

    private static final Schema SCHEMA = compile();
    private static final byte[] BYTES = read();

    private DatasetSchema() {
    }

    /** The compiled schema (thread-safe; each use makes its own validator). */
    public static Schema schema() {
        return SCHEMA;
    }

    /** The XSD document itself, as published. */
    public static byte[] bytes() {
        return BYTES.clone();
    }

    private static URL url() {
        URL url = DatasetSchema.class.getResource(RESOURCE);
        if (url == null) {
            throw new IllegalStateException("The dataset schema " + RESOURCE + " is missing from the classpath");
        }
        return url;
    }

    private static Schema compile() {
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newSchema(new StreamSource(url().toExternalForm()));
        } catch (SAXException e) {
            throw new IllegalStateException("The dataset schema does not compile: " + e.getMessage(), e);
        }
    }

    private static byte[] read() {
        try (InputStream in = url().openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
