package xraygallery.localcloud;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/** Small XML helpers for AWS responses: escaping, elements, and a parser closed to DTDs/XXE. */
public final class Xml {
    public static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    private Xml() {
    }

    /** Escapes text for element content and attribute values. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#13;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        out.append("&#").append((int) c).append(';');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** {@code <name>escaped value</name>}. */
    public static String element(String name, Object value) {
        return "<" + name + ">" + escape(String.valueOf(value)) + "</" + name + ">";
    }

    /**
     * Parses an XML request body. DOCTYPEs and external entities are refused; malformed input
     * becomes {@code MalformedXML}.
     */
    public static Document parse(byte[] body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(body));
        } catch (SAXException | IOException e) {
            throw new AwsServiceException(400, "MalformedXML",
                    "The XML you provided was not well-formed or did not validate against our published schema.");
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
