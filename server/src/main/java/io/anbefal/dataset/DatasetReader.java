package io.anbefal.dataset;

import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams a dataset file into a {@link DatasetSink}, validating it against the published XSD as it goes
 * (a SAX parser whose pipeline carries the compiled schema, feeding this reader's handler). Memory does not grow
 * with the file: one record is held at a time.
 * <p>
 * Records reach the sink as soon as they are read, so a sink sees the records before an error further on;
 * a loader that must reject an invalid file whole reads it twice (see {@link DatasetLoader}). DTDs are refused
 * (no entity expansion, no external fetches).
 */
public final class DatasetReader {

    private static final SAXParserFactory PARSERS = parsers(false);
    private static final SAXParserFactory VALIDATING = parsers(true);
    private static final DatatypeFactory DATATYPES = datatypes();

    private final boolean validate;

    /** A reader that validates against the schema; {@code validate=false} only checks well-formedness. */
    public DatasetReader(boolean validate) {
        this.validate = validate;
    }

    /** A validating reader. */
    public DatasetReader() {
        this(true);
    }

    /**
     * Reads the whole document into the sink. The stream is not closed.
     *
     * @throws DatasetException at the first error, with its line and column
     */
    public void read(InputStream in, DatasetSink sink) {
        Handler handler = new Handler(sink);
        try {
            // the schema inside the parser's own pipeline: cheaper than a ValidatorHandler behind a plain parser,
            // which converts every SAX event back into the parser's internal form
            XMLReader xml = (validate ? VALIDATING : PARSERS).newSAXParser().getXMLReader();
            xml.setErrorHandler(handler);
            xml.setContentHandler(handler);
            xml.parse(new InputSource(in));
        } catch (SAXParseException e) {
            throw new DatasetException(e.getLineNumber(), e.getColumnNumber(), explain(e.getMessage()), e);
        } catch (SAXException e) {
            if (e.getException() instanceof RuntimeException r) {
                throw r;
            }
            throw handler.at(e.getMessage(), e);
        } catch (java.io.CharConversionException e) {
            throw handler.at("the bytes are not valid in the file's encoding (UTF-8 unless the XML declaration"
                    + " names another): " + e.getMessage(), e);
        } catch (IOException e) {
            throw handler.at("cannot read the file: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds what the format expects to the parser's messages where those are terse. */
    private static String explain(String message) {
        if (message.contains("dateTime") || message.contains("'Time'")) {
            return message + " Expected an ISO-8601 date and time with a zone, such as 2026-11-22T18:30:00Z.";
        }
        if (message.startsWith("cvc-elt.1")) {
            return message + " Expected the root <dataset xmlns=\"" + DatasetSchema.NAMESPACE + "\" version=\""
                    + DatasetSchema.VERSION + "\">.";
        }
        if (message.contains("must start and end within the same entity") || message.contains("Premature end")) {
            return message + " The file is truncated or its elements are not closed.";
        }
        if (message.contains("must be terminated by the matching end-tag")) {
            return message + " An element is not closed, or the file is truncated.";
        }
        return message;
    }

    /** Parses a time that the schema has already checked; to the millisecond, finer fractions truncated. */
    static long parseTime(String text) {
        long fast = FastTime.parse(text);
        if (fast != FastTime.UNPARSED) {
            return fast;
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            // the rarer forms xs:dateTime allows (24:00:00, years beyond 9999)
            try {
                return DATATYPES.newXMLGregorianCalendar(text).toGregorianCalendar().getTimeInMillis();
            } catch (IllegalArgumentException e2) {
                throw new DateTimeParseException("not an xs:dateTime: " + text, text, 0, e2);
            }
        }
    }

    private static SAXParserFactory parsers(boolean validating) {
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            if (validating) {
                f.setSchema(DatasetSchema.schema());
                // work the schema does not need: no one reads the post-validation infoset, and the schema has no
                // identity constraints (key, unique, keyref), no ID/IDREF types and no unparsed entities
                f.setFeature("http://apache.org/xml/features/validation/schema/augment-psvi", false);
                f.setFeature("http://apache.org/xml/features/validation/identity-constraint-checking", false);
                f.setFeature("http://apache.org/xml/features/validation/id-idref-checking", false);
                f.setFeature("http://apache.org/xml/features/validation/unparsed-entity-checking", false);
            }
            f.setNamespaceAware(true);
            f.setValidating(false);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return f;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DatatypeFactory datatypes() {
        try {
            return DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds records from the (validated) SAX events. */
    private static final class Handler extends DefaultHandler {
        private final DatasetSink sink;
        private final StringBuilder text = new StringBuilder();
        private final List<String> first = new ArrayList<>();
        private final List<String> second = new ArrayList<>();
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private Locator locator;
        private boolean capturing;
        private boolean rootSeen;
        private String recordName;
        private String attributeName;
        private String a1;
        private String a2;
        private String a3;
        private String a4;
        private String time;
        private String boost;
        private String number;
        private String eventId;

        Handler(DatasetSink sink) {
            this.sink = sink;
        }

        DatasetException at(String message, Throwable cause) {
            return locator == null ? new DatasetException(0, 0, message, cause)
                    : new DatasetException(locator.getLineNumber(), locator.getColumnNumber(), message, cause);
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String local, String qName, Attributes atts) throws SAXException {
            if (!DatasetSchema.NAMESPACE.equals(uri)) {
                throw error("unexpected element <" + qName + "> in namespace '" + uri + "'; expected elements of "
                        + DatasetSchema.NAMESPACE);
            }
            switch (local) {
                case "dataset" -> {
                    if (rootSeen) {
                        throw error("<dataset> cannot be nested");
                    }
                    rootSeen = true;
                }
                case "update" -> {
                    start(local);
                    // one walk over the attributes instead of a search per name (the schema allows no others)
                    for (int i = 0, n = atts.getLength(); i < n; i++) {
                        String value = atts.getValue(i);
                        switch (atts.getLocalName(i)) {
                            case "customer" -> a1 = value;
                            case "what" -> a2 = value;
                            case "where" -> a3 = value;
                            case "origin" -> a4 = value;
                            case "time" -> time = value;
                            case "boost" -> boost = value;
                            case "number" -> number = value;
                            case "eventId" -> eventId = value;
                            default -> {
                            }
                        }
                    }
                    if ("anonymous".equals(a1)) {
                        throw error("customer=\"anonymous\" is not allowed in a dataset: name the customer or the"
                                + " visitor id");
                    }
                }
                case "item" -> {
                    start(local);
                    a1 = atts.getValue("", "id");
                    time = atts.getValue("", "time");
                    eventId = atts.getValue("", "eventId");
                }
                case "link" -> {
                    start(local);
                    a1 = atts.getValue("", "alias");
                    a2 = atts.getValue("", "person");
                    time = atts.getValue("", "time");
                }
                case "entity", "tag", "category" -> capture();
                case "attribute" -> {
                    attributeName = atts.getValue("", "name");
                    capture();
                }
                default -> throw error("unknown element <" + local + ">");
            }
        }

        private void start(String name) {
            recordName = name;
            first.clear();
            second.clear();
            attributes.clear();
            a1 = a2 = a3 = a4 = time = boost = number = eventId = null;
        }

        private void capture() {
            text.setLength(0);
            capturing = true;
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (capturing) {
                text.append(ch, start, length);
            }
        }

        @Override
        public void endElement(String uri, String local, String qName) throws SAXException {
            capturing = false;
            switch (local) {
                case "entity", "category" -> first.add(text.toString());
                case "tag" -> second.add(text.toString());
                case "attribute" -> attributes.put(attributeName, text.toString());
                case "update", "item", "link" -> emit(local);
                default -> {
                }
            }
        }

        private void emit(String local) throws SAXException {
            if (!local.equals(recordName) || a1 == null || time == null) {
                throw error("<" + local + "> lacks required attributes");
            }
            long millis;
            try {
                millis = parseTime(time);
            } catch (DateTimeParseException e) {
                throw error("time '" + time + "' is not an ISO-8601 date and time with a zone, such as"
                        + " 2026-11-22T18:30:00Z");
            }
            DatasetRecord record;
            try {
                record = switch (local) {
                    case "update" -> new DatasetUpdate(a1, first, a2, a3, a4, second, millis,
                            boost == null ? null : Double.valueOf(boost.trim()),
                            number == null ? null : Integer.valueOf(number.trim()), eventId);
                    case "item" -> new DatasetItem(a1, first, attributes, millis, eventId);
                    default -> new DatasetLink(a1, a2, millis);
                };
            } catch (NumberFormatException e) {
                throw error("boost must be a number and number an integer: " + e.getMessage());
            }
            if (record instanceof DatasetUpdate u && (u.what() == null || u.entities().isEmpty())) {
                throw error("<update> needs a what attribute and at least one <entity>");
            }
            if (record instanceof DatasetLink l && l.person() == null) {
                throw error("<link> needs a person attribute");
            }
            sink.accept(record);
        }

        @Override
        public void endDocument() {
            sink.end();
        }

        private SAXParseException error(String message) {
            return new SAXParseException(message, locator);
        }

        @Override
        public void warning(SAXParseException e) {
            // warnings do not make a file invalid
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    }
}
