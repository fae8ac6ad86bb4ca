package xraygallery.localcloud;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import xraygallery.localcloud.auth.AwsChunkedInputStream;
import xraygallery.localcloud.auth.SigV4;
import xraygallery.localcloud.auth.SigV4Authorization;
import xraygallery.localcloud.auth.SigV4Verifier;
import xraygallery.localcloud.auth.SigningContext;

/**
 * One request to the local cloud: its method, path, query, headers and signature, and a body that
 * is already decoded ({@code aws-chunked}) and checked against what the client signed.
 */
public final class CloudRequest implements SigV4Verifier.SignedRequest {
    /** Bodies of services that do not sign a payload hash header are read whole, up to this. */
    static final int MAX_BUFFERED_BODY = 16 * 1024 * 1024;

    private final String method;
    private final String rawPath;
    private final String host;
    private final RequestHeaders headers;
    private final List<Map.Entry<String, String>> queryParameters;
    private final Map<String, String> query;
    private final String requestId;
    private final InputStream rawBody;
    private SigV4Authorization authorization;
    private InputStream body;
    private AwsChunkedInputStream chunked;
    private byte[] bufferedBody;

    /**
     * @param rawPath the path exactly as the client sent it (still percent-encoded)
     * @param rawQuery the query exactly as sent, or null
     * @param rawBody the body as it arrives (before any aws-chunked decoding)
     */
    CloudRequest(String method, String rawPath, String rawQuery, RequestHeaders headers,
            InputStream rawBody, String requestId) {
        this.method = method;
        this.rawPath = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        this.headers = headers;
        this.queryParameters = Uris.parseQuery(rawQuery);
        Map<String, String> firstValues = new LinkedHashMap<>();
        queryParameters.forEach(p -> firstValues.putIfAbsent(p.getKey(), p.getValue()));
        this.query = Collections.unmodifiableMap(firstValues);
        this.rawBody = rawBody;
        this.body = rawBody;
        this.requestId = requestId;
        this.host = Optional.ofNullable(header("host")).orElse("");
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String rawPath() {
        return rawPath;
    }

    /** The path, percent-decoded. */
    public String path() {
        return Uris.decode(rawPath, false);
    }

    public String host() {
        return host;
    }

    @Override
    public List<Map.Entry<String, String>> queryParameters() {
        return queryParameters;
    }

    /** Decoded query parameters, first value of each name. */
    public Map<String, String> query() {
        return query;
    }

    @Override
    public List<String> headerValues(String lowerCaseName) {
        return headers.values(lowerCaseName);
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        return headers.first(name);
    }

    /** All headers by lower-case name. */
    public Map<String, List<String>> headers() {
        return headers.asMap();
    }

    public String requestId() {
        return requestId;
    }

    /** The verified signature, or null for an anonymous request. */
    public SigV4Authorization authorization() {
        return authorization;
    }

    /** The payload: decoded and, once read to its end, verified against what the client signed. */
    public InputStream body() {
        return body;
    }

    /**
     * Reads the whole payload, refusing more than {@code maxBytes}. The bytes are kept, so later
     * calls (e.g. one to name the operation, one to serve it) get the same array.
     */
    public byte[] bodyBytes(int maxBytes) throws IOException {
        if (bufferedBody == null) {
            byte[] bytes = body.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new AwsServiceException(413, "RequestEntityTooLarge",
                        "The request body is larger than " + maxBytes + " bytes.");
            }
            bufferedBody = bytes;
        }
        return bufferedBody;
    }

    /** Trailing headers of an aws-chunked body (lower-case names); complete after the body is read. */
    public Map<String, String> trailers() {
        return chunked == null ? Map.of() : chunked.trailers();
    }

    /**
     * Reads the signature and checks it with {@code verifier}, then wraps the body so that what
     * handlers read is exactly what the client signed.
     */
    void authenticate(SigV4Authorization auth, SigV4Verifier verifier) throws IOException {
        this.authorization = auth;
        String contentSha = header("x-amz-content-sha256");
        boolean s3 = "s3".equals(auth.service());
        if (contentSha == null) {
            if (s3 && !auth.presigned()) {
                throw new AwsServiceException(400, "InvalidRequest",
                        "Missing required header for this request: x-amz-content-sha256");
            }
            if (s3) {
                verifier.verify(this, auth, "UNSIGNED-PAYLOAD");
                return;
            }
            byte[] bytes = rawBody.readNBytes(MAX_BUFFERED_BODY + 1);
            if (bytes.length > MAX_BUFFERED_BODY) {
                throw new AwsServiceException(413, "RequestEntityTooLarge",
                        "The request body is larger than " + MAX_BUFFERED_BODY + " bytes.");
            }
            verifier.verify(this, auth, SigV4.sha256Hex(bytes));
            bufferedBody = bytes;
            body = new java.io.ByteArrayInputStream(bytes);
            return;
        }
        SigningContext signing = verifier.verify(this, auth, contentSha);
        long declared = parseLength(header("x-amz-decoded-content-length"));
        switch (contentSha) {
            case "UNSIGNED-PAYLOAD" -> body = rawBody;
            case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" ->
                    body = chunked = new AwsChunkedInputStream(rawBody, signing, false, declared);
            case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" ->
                    body = chunked = new AwsChunkedInputStream(rawBody, signing, true, declared);
            case "STREAMING-UNSIGNED-PAYLOAD-TRAILER" ->
                    body = chunked = new AwsChunkedInputStream(rawBody, null, true, declared);
            default -> {
                if (!contentSha.matches("[0-9a-fA-F]{64}")) {
                    throw new AwsServiceException(400, "InvalidArgument",
                            "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, a STREAMING-* value, or a SHA-256 hex.");
                }
                body = new HashCheckingInputStream(rawBody, contentSha.toLowerCase(Locale.ROOT));
            }
        }
    }

    private static long parseLength(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new AwsServiceException(400, "InvalidArgument", "x-amz-decoded-content-length is not a number.");
        }
    }

    /** Passes bytes through and, at their end, checks them against the signed SHA-256. */
    private static final class HashCheckingInputStream extends java.io.FilterInputStream {
        private final MessageDigest digest = SigV4.sha256();
        private final String expected;
        private boolean checked;

        HashCheckingInputStream(InputStream in, String expected) {
            super(in);
            this.expected = expected;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                digest.update((byte) b);
            } else {
                check();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                digest.update(buffer, offset, n);
            } else if (n < 0) {
                check();
            }
            return n;
        }

        private void check() {
            if (!checked) {
                checked = true;
                if (!SigV4.hex(digest.digest()).equals(expected)) {
                    throw new AwsServiceException(400, "XAmzContentSHA256Mismatch",
                            "The provided 'x-amz-content-sha256' header does not match what was computed.");
                }
            }
        }
    }
}
