package xraygallery.localcloud.s3;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import xraygallery.localcloud.AwsServiceException;
import xraygallery.localcloud.Xml;

/** A parsed {@code <Delete>} document of DeleteObjects: up to 1,000 keys, optionally quiet. */
record DeleteObjectsRequest(List<String> keys, boolean quiet) {
    private static final int MAX_KEYS = 1000;

    static DeleteObjectsRequest parse(byte[] body) {
        Document document = Xml.parse(body);
        Element root = document.getDocumentElement();
        if (!root.getTagName().equals("Delete")) {
            throw malformed();
        }
        List<String> keys = new ArrayList<>();
        boolean quiet = false;
        NodeList children = root.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node node = children.item(i);
            if (node instanceof Element element) {
                if (element.getTagName().equals("Quiet")) {
                    quiet = Boolean.parseBoolean(element.getTextContent().trim());
                } else if (element.getTagName().equals("Object")) {
                    NodeList key = element.getElementsByTagName("Key");
                    if (key.getLength() != 1) {
                        throw malformed();
                    }
                    keys.add(key.item(0).getTextContent());
                }
            }
        }
        if (keys.isEmpty() || keys.size() > MAX_KEYS) {
            throw malformed();
        }
        return new DeleteObjectsRequest(keys, quiet);
    }

    /** Deletes every key it can and reports each one, in S3's {@code DeleteResult} shape. */
    String execute(ObjectStore store, String bucket) throws IOException {
        StringBuilder xml = new StringBuilder("<DeleteResult xmlns=\"" + S3Service.NS + "\">");
        for (String key : keys) {
            try {
                S3Service.checkKey(key);
                store.delete(bucket, key);
                if (!quiet) {
                    xml.append("<Deleted>").append(Xml.element("Key", key)).append("</Deleted>");
                }
            } catch (AwsServiceException e) {
                xml.append("<Error>").append(Xml.element("Key", key)).append(Xml.element("Code", e.code()))
                        .append(Xml.element("Message", e.getMessage())).append("</Error>");
            }
        }
        return xml.append("</DeleteResult>").toString();
    }

    private static AwsServiceException malformed() {
        return new AwsServiceException(400, "MalformedXML",
                "The XML you provided was not well-formed or did not validate against our published schema.");
    }
}
