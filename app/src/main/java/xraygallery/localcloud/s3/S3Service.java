package xraygallery.localcloud.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import xraygallery.localcloud.AwsServiceException;
import xraygallery.localcloud.CloudRequest;
import xraygallery.localcloud.CloudResponse;
import xraygallery.localcloud.ServiceHandler;
import xraygallery.localcloud.Uris;
import xraygallery.localcloud.WireProtocol;

/**
 * The S3 twin: the REST/XML operations X-Ray Gallery and common tools use, path-style
 * ({@code /bucket/key}) and virtual-host style ({@code bucket.localhost}), on an {@link ObjectStore}.
 */
public final class S3Service implements ServiceHandler {
    static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Set<String> STORED_HEADERS = Set.of(
            "Content-Type", "Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language", "Expires");
    /** Sub-resources the local cloud does not emulate; asking for them is {@code NotImplemented}. */
    private static final Set<String> UNSUPPORTED = Set.of("acl", "policy", "cors", "lifecycle", "versioning", "tagging",
            "uploads", "uploadId", "partNumber", "website", "logging", "notification", "replication", "encryption",
            "object-lock", "retention", "legal-hold", "versions", "restore", "select", "attributes", "torrent");
    private static final int MAX_XML_BODY = 1024 * 1024;
    private static final int MAX_USER_METADATA = 2048;

    private final ObjectStore store;

    public S3Service(Path dataDir) throws IOException {
        this.store = new ObjectStore(dataDir);
    }

    /** The store behind the API, for in-process inspection. */
    public ObjectStore store() {
        return store;
    }

    @Override
    public String signingName() {
        return "s3";
    }

    @Override
    public WireProtocol protocol() {
        return WireProtocol.REST_XML;
    }

    /** The bucket and key a request addresses (either may be null). */
    record Address(String bucket, String key) {
    }

    static Address address(CloudRequest request) {
        String path = request.path();
        String host = request.host().toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
        if (host.endsWith(".localhost")) {
            String bucket = host.substring(0, host.length() - ".localhost".length()).replaceFirst("\\.s3$", "");
            String key = path.length() > 1 ? path.substring(1) : null;
            return new Address(bucket, key);
        }
        if (path.equals("/") || path.isEmpty()) {
            return new Address(null, null);
        }
        String rest = path.substring(1);
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return new Address(rest, null);
        }
        String key = rest.substring(slash + 1);
        return new Address(rest.substring(0, slash), key.isEmpty() ? null : key);
    }

    @Override
    public String operationOf(CloudRequest request) {
        Address a = address(request);
        Map<String, String> q = request.query();
        String method = request.method();
        if (a.bucket() == null) {
            return method.equals("GET") ? "ListBuckets" : "Unknown";
        }
        if (a.key() == null) {
            return switch (method) {
                case "PUT" -> "CreateBucket";
                case "HEAD" -> "HeadBucket";
                case "DELETE" -> "DeleteBucket";
                case "POST" -> q.containsKey("delete") ? "DeleteObjects" : "Unknown";
                case "GET" -> q.containsKey("location") ? "GetBucketLocation"
                        : "2".equals(q.get("list-type")) ? "ListObjectsV2" : "ListObjects";
                default -> "Unknown";
            };
        }
        return switch (method) {
            case "PUT" -> request.header("x-amz-copy-source") != null ? "CopyObject" : "PutObject";
            case "GET" -> "GetObject";
            case "HEAD" -> "HeadObject";
            case "DELETE" -> "DeleteObject";
            default -> "Unknown";
        };
    }

    @Override
    public void handle(CloudRequest request, CloudResponse response) throws IOException {
        Address a = address(request);
        for (String name : request.query().keySet()) {
            if (UNSUPPORTED.contains(name)) {
                throw new AwsServiceException(501, "NotImplemented",
                        "The local cloud does not implement the S3 '" + name + "' sub-resource.");
            }
        }
        switch (operationOf(request)) {
            case "ListBuckets" -> listBuckets(response);
            case "CreateBucket" -> createBucket(request, response, a.bucket());
            case "HeadBucket" -> {
                store.bucket(a.bucket());
                response.header("x-amz-bucket-region", region(request)).sendEmpty(200);
            }
            case "DeleteBucket" -> {
                store.deleteBucket(a.bucket());
                response.sendEmpty(204);
            }
            case "GetBucketLocation" -> {
                store.bucket(a.bucket());
                String region = region(request);
                response.sendXml(200, "<LocationConstraint xmlns=\"" + NS + "\">"
                        + (region.equals("us-east-1") ? "" : region) + "</LocationConstraint>");
            }
            case "ListObjectsV2" -> response.sendXml(200, BucketListings.v2(store, a.bucket(), request.query()));
            case "ListObjects" -> response.sendXml(200, BucketListings.v1(store, a.bucket(), request.query()));
            case "DeleteObjects" -> deleteObjects(request, response, a.bucket());
            case "PutObject" -> putObject(request, response, a);
            case "CopyObject" -> copyObject(request, response, a);
            case "GetObject", "HeadObject" -> getObject(request, response, a);
            case "DeleteObject" -> {
                checkKey(a.key());
                store.delete(a.bucket(), a.key());
                response.sendEmpty(204);
            }
            default -> throw new AwsServiceException(405, "MethodNotAllowed",
                    "The specified method is not allowed against this resource.");
        }
    }

    private static String region(CloudRequest request) {
        return request.authorization().region();
    }

    private void listBuckets(CloudResponse response) throws IOException {
        StringBuilder xml = new StringBuilder("<ListAllMyBucketsResult xmlns=\"" + NS + "\">")
                .append("<Owner><ID>local</ID><DisplayName>local</DisplayName></Owner><Buckets>");
        for (Map.Entry<String, Instant> bucket : store.buckets()) {
            xml.append("<Bucket>").append(xraygallery.localcloud.Xml.element("Name", bucket.getKey()))
                    .append(xraygallery.localcloud.Xml.element("CreationDate", isoDate(bucket.getValue())))
                    .append("</Bucket>");
        }
        response.sendXml(200, xml.append("</Buckets></ListAllMyBucketsResult>").toString());
    }

    private void createBucket(CloudRequest request, CloudResponse response, String bucket) throws IOException {
        byte[] body = request.bodyBytes(MAX_XML_BODY);
        if (body.length > 0) {
            xraygallery.localcloud.Xml.parse(body);
        }
        store.createBucket(bucket);
        response.header("Location", "/" + bucket).sendEmpty(200);
    }

    private void deleteObjects(CloudRequest request, CloudResponse response, String bucket) throws IOException {
        store.bucket(bucket);
        byte[] body = request.bodyBytes(MAX_XML_BODY);
        PayloadChecksums.verified(request, body);
        response.sendXml(200, DeleteObjectsRequest.parse(body).execute(store, bucket));
    }

    private void putObject(CloudRequest request, CloudResponse response, Address a) throws IOException {
        checkKey(a.key());
        Map<String, String> headers = storedHeaders(request);
        Map<String, String> metadata = userMetadata(request);
        PayloadChecksums checksums = PayloadChecksums.forRequest(request);
        Path temp = store.newTempFile(a.bucket());
        try {
            try (InputStream in = request.body();
                    OutputStream out = Files.newOutputStream(temp, StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    checksums.update(buffer, 0, n);
                    if (checksums.length() > ObjectStore.MAX_OBJECT_SIZE) {
                        throw new AwsServiceException(400, "EntityTooLarge",
                                "Your proposed upload exceeds the maximum allowed size.");
                    }
                    out.write(buffer, 0, n);
                }
            }
            checksums.verify(request);
            StoredObject template = new StoredObject(a.key(), "-", checksums.length(), checksums.md5Hex(),
                    Instant.now(), headers, metadata, checksums.algorithm(), checksums.checksum());
            StoredObject stored = store.commit(a.bucket(), a.key(), temp, template,
                    "*".equals(trimmed(request.header("if-none-match"))));
            response.header("ETag", stored.quotedEtag());
            PayloadChecksums.responseHeader(stored).forEach(response::header);
            response.sendEmpty(200);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void copyObject(CloudRequest request, CloudResponse response, Address target) throws IOException {
        checkKey(target.key());
        Address source = copySource(request.header("x-amz-copy-source"));
        StoredObject original = store.head(source.bucket(), source.key());
        checkPreconditions(original, request, "x-amz-copy-source-");
        boolean replace = "REPLACE".equalsIgnoreCase(trimmed(request.header("x-amz-metadata-directive")));
        if (!replace && source.equals(target)) {
            throw new AwsServiceException(400, "InvalidRequest", "This copy request is illegal because it is trying to "
                    + "copy an object to itself without changing the object's metadata, storage class, website "
                    + "redirect location or encryption attributes.");
        }
        store.bucket(target.bucket());
        Path temp = store.copyToTemp(source.bucket(), original, target.bucket());
        try {
            StoredObject template = new StoredObject(target.key(), "-", original.size(), original.etag(), Instant.now(),
                    replace ? storedHeaders(request) : original.headers(),
                    replace ? userMetadata(request) : original.userMetadata(),
                    original.checksumAlgorithm(), original.checksum());
            StoredObject copy = store.commit(target.bucket(), target.key(), temp, template, false);
            response.sendXml(200, "<CopyObjectResult xmlns=\"" + NS + "\">"
                    + xraygallery.localcloud.Xml.element("LastModified", isoDate(copy.lastModified()))
                    + xraygallery.localcloud.Xml.element("ETag", copy.quotedEtag()) + "</CopyObjectResult>");
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Address copySource(String header) {
        String source = Uris.decode(header.trim(), false);
        int query = source.indexOf("?versionId=");
        if (query >= 0) {
            source = source.substring(0, query);
        }
        if (source.startsWith("/")) {
            source = source.substring(1);
        }
        int slash = source.indexOf('/');
        if (slash <= 0 || slash == source.length() - 1) {
            throw new AwsServiceException(400, "InvalidArgument", "Copy Source must mention the source bucket and key: "
                    + "sourcebucket/sourcekey");
        }
        return new Address(source.substring(0, slash), source.substring(slash + 1));
    }

    private void getObject(CloudRequest request, CloudResponse response, Address a) throws IOException {
        checkKey(a.key());
        StoredObject object = store.head(a.bucket(), a.key());
        response.header("ETag", object.quotedEtag())
                .header("Last-Modified", HTTP_DATE.format(object.lastModified()))
                .header("Accept-Ranges", "bytes");
        if (!checkPreconditions(object, request, "")) {
            response.sendEmpty(304);
            return;
        }
        object.headers().forEach(response::header);
        response.header("Content-Type", object.contentType());
        object.userMetadata().forEach((name, value) -> response.header("x-amz-meta-" + name, value));
        overrideResponseHeaders(request, response);
        ByteRange range = request.method().equals("GET") ? ByteRange.parse(request.header("range"), object.size()) : null;
        if (range == null) {
            if ("ENABLED".equalsIgnoreCase(trimmed(request.header("x-amz-checksum-mode")))) {
                PayloadChecksums.responseHeader(object).forEach(response::header);
            }
            try (InputStream in = request.method().equals("HEAD") ? InputStream.nullInputStream()
                    : store.open(object, a.bucket(), 0)) {
                response.stream(200, object.size(), in);
            }
            return;
        }
        response.header("Content-Range", range.contentRange(object.size()));
        try (InputStream in = store.open(object, a.bucket(), range.first())) {
            response.stream(206, range.length(), in);
        }
    }

    /**
     * Applies If-Match / If-Unmodified-Since (412 PreconditionFailed) and If-None-Match /
     * If-Modified-Since; returns false when the answer is 304 Not Modified.
     */
    private static boolean checkPreconditions(StoredObject object, CloudRequest request, String prefix) {
        String ifMatch = request.header(prefix + "if-match");
        String ifNoneMatch = request.header(prefix + "if-none-match");
        Instant ifUnmodifiedSince = httpDate(request.header(prefix + "if-unmodified-since"));
        Instant ifModifiedSince = httpDate(request.header(prefix + "if-modified-since"));
        Instant modified = object.lastModified().truncatedTo(ChronoUnit.SECONDS);
        if ((ifMatch != null && !etagMatches(ifMatch, object))
                || (ifMatch == null && ifUnmodifiedSince != null && modified.isAfter(ifUnmodifiedSince))) {
            throw new AwsServiceException(412, "PreconditionFailed",
                    "At least one of the pre-conditions you specified did not hold", object.key());
        }
        boolean notModified = (ifNoneMatch != null && etagMatches(ifNoneMatch, object))
                || (ifNoneMatch == null && ifModifiedSince != null && !modified.isAfter(ifModifiedSince));
        if (notModified && !prefix.isEmpty()) {
            throw new AwsServiceException(412, "PreconditionFailed",
                    "At least one of the pre-conditions you specified did not hold", object.key());
        }
        return !notModified;
    }

    private static boolean etagMatches(String header, StoredObject object) {
        for (String tag : header.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.replace("\"", "").equals(object.etag())) {
                return true;
            }
        }
        return false;
    }

    private static Instant httpDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.from(HTTP_DATE.parse(value.trim()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void overrideResponseHeaders(CloudRequest request, CloudResponse response) {
        Map<String, String> overrides = Map.of("response-content-type", "Content-Type",
                "response-content-language", "Content-Language", "response-expires", "Expires",
                "response-cache-control", "Cache-Control", "response-content-disposition", "Content-Disposition",
                "response-content-encoding", "Content-Encoding");
        overrides.forEach((parameter, header) -> {
            String value = request.query().get(parameter);
            if (value != null) {
                response.header(header, value);
            }
        });
    }

    private static Map<String, String> storedHeaders(CloudRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : STORED_HEADERS) {
            String value = request.header(name);
            if (name.equals("Content-Encoding") && value != null) {
                value = String.join(",", java.util.Arrays.stream(value.split(","))
                        .map(String::trim).filter(v -> !v.equalsIgnoreCase("aws-chunked") && !v.isEmpty()).toList());
            }
            if (value != null && !value.isEmpty()) {
                headers.put(name, value);
            }
        }
        headers.putIfAbsent("Content-Type", "binary/octet-stream");
        return headers;
    }

    private static Map<String, String> userMetadata(CloudRequest request) {
        Map<String, String> metadata = new LinkedHashMap<>();
        int size = 0;
        for (Map.Entry<String, java.util.List<String>> header : request.headers().entrySet()) {
            if (header.getKey().startsWith("x-amz-meta-")) {
                String name = header.getKey().substring("x-amz-meta-".length());
                String value = String.join(",", header.getValue());
                metadata.put(name, value);
                size += name.length() + value.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        if (size > MAX_USER_METADATA) {
            throw new AwsServiceException(400, "MetadataTooLarge",
                    "Your metadata headers exceed the maximum allowed metadata size.");
        }
        return metadata;
    }

    /** Keys are data, never paths; still, S3's limits apply and control characters are refused. */
    static void checkKey(String key) {
        if (key.getBytes(StandardCharsets.UTF_8).length > 1024) {
            throw new AwsServiceException(400, "KeyTooLongError", "Your key is too long", key.substring(0, 64) + "...");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                throw new AwsServiceException(400, "InvalidArgument",
                        "Object keys may not contain control characters such as U+" + String.format("%04X", (int) c) + ".");
            }
        }
    }

    static String isoDate(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }
}
