package xraygallery.localcloud.s3;

import java.util.Map;
import xraygallery.localcloud.AwsServiceException;
import xraygallery.localcloud.Uris;
import xraygallery.localcloud.Xml;

/** ListObjects (v1) and ListObjectsV2 responses over an {@link ObjectListing}. */
final class BucketListings {
    private static final int MAX_KEYS = 1000;

    private BucketListings() {
    }

    static String v2(ObjectStore store, String bucket, Map<String, String> query) {
        String prefix = query.getOrDefault("prefix", "");
        String delimiter = query.get("delimiter");
        String token = query.get("continuation-token");
        String startAfter = query.get("start-after");
        int maxKeys = maxKeys(query.get("max-keys"));
        boolean url = encodingType(query);
        String after = startAfter;
        boolean afterIsPrefix = false;
        if (token != null) {
            String[] decoded = ObjectListing.decodeToken(token);
            after = decoded[0];
            afterIsPrefix = decoded[1].equals("P");
        }
        ObjectListing page = ObjectListing.list(store.index(bucket), prefix, delimiter, after, afterIsPrefix, maxKeys);
        StringBuilder xml = new StringBuilder("<ListBucketResult xmlns=\"" + S3Service.NS + "\">")
                .append(Xml.element("Name", bucket))
                .append(Xml.element("Prefix", encode(prefix, url)));
        if (delimiter != null) {
            xml.append(Xml.element("Delimiter", encode(delimiter, url)));
        }
        xml.append(Xml.element("MaxKeys", maxKeys));
        if (url) {
            xml.append(Xml.element("EncodingType", "url"));
        }
        xml.append(Xml.element("KeyCount", page.contents().size() + page.commonPrefixes().size()))
                .append(Xml.element("IsTruncated", page.truncated()));
        if (token != null) {
            xml.append(Xml.element("ContinuationToken", token));
        }
        if (page.truncated()) {
            xml.append(Xml.element("NextContinuationToken", page.continuationToken()));
        }
        if (startAfter != null) {
            xml.append(Xml.element("StartAfter", encode(startAfter, url)));
        }
        appendEntries(xml, page, url);
        return xml.append("</ListBucketResult>").toString();
    }

    static String v1(ObjectStore store, String bucket, Map<String, String> query) {
        String prefix = query.getOrDefault("prefix", "");
        String delimiter = query.get("delimiter");
        String marker = query.getOrDefault("marker", "");
        int maxKeys = maxKeys(query.get("max-keys"));
        boolean url = encodingType(query);
        ObjectListing page = ObjectListing.list(store.index(bucket), prefix, delimiter,
                marker.isEmpty() ? null : marker, false, maxKeys);
        StringBuilder xml = new StringBuilder("<ListBucketResult xmlns=\"" + S3Service.NS + "\">")
                .append(Xml.element("Name", bucket))
                .append(Xml.element("Prefix", encode(prefix, url)))
                .append(Xml.element("Marker", encode(marker, url)));
        if (delimiter != null) {
            xml.append(Xml.element("Delimiter", encode(delimiter, url)));
        }
        xml.append(Xml.element("MaxKeys", maxKeys));
        if (url) {
            xml.append(Xml.element("EncodingType", "url"));
        }
        xml.append(Xml.element("IsTruncated", page.truncated()));
        if (page.truncated() && delimiter != null) {
            xml.append(Xml.element("NextMarker", encode(page.last(), url)));
        }
        appendEntries(xml, page, url);
        return xml.append("</ListBucketResult>").toString();
    }

    private static void appendEntries(StringBuilder xml, ObjectListing page, boolean url) {
        for (StoredObject object : page.contents()) {
            xml.append("<Contents>")
                    .append(Xml.element("Key", encode(object.key(), url)))
                    .append(Xml.element("LastModified", S3Service.isoDate(object.lastModified())))
                    .append(Xml.element("ETag", object.quotedEtag()))
                    .append(Xml.element("Size", object.size()))
                    .append(Xml.element("StorageClass", "STANDARD"));
            if (object.checksumAlgorithm() != null) {
                xml.append(Xml.element("ChecksumAlgorithm", object.checksumAlgorithm()));
            }
            xml.append("</Contents>");
        }
        for (String common : page.commonPrefixes()) {
            xml.append("<CommonPrefixes>").append(Xml.element("Prefix", encode(common, url))).append("</CommonPrefixes>");
        }
    }

    private static int maxKeys(String value) {
        if (value == null) {
            return MAX_KEYS;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Math.min(n, MAX_KEYS);
        } catch (NumberFormatException e) {
            throw new AwsServiceException(400, "InvalidArgument", "Provided max-keys not an integer or within "
                    + "integer range");
        }
    }

    private static boolean encodingType(Map<String, String> query) {
        String type = query.get("encoding-type");
        if (type == null) {
            return false;
        }
        if (!type.equals("url")) {
            throw new AwsServiceException(400, "InvalidArgument", "Invalid Encoding Method specified in Request");
        }
        return true;
    }

    private static String encode(String value, boolean url) {
        return url ? Uris.awsEncode(value, true) : value;
    }
}
