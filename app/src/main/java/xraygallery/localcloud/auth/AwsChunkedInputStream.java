package xraygallery.localcloud.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import xraygallery.localcloud.AwsServiceException;

/**
 * Decodes an {@code aws-chunked} body ({@code <hex size>[;chunk-signature=<sig>]\r\n<bytes>\r\n}
 * ... {@code 0...}, then optional trailer lines) and, when the client signed it, checks every chunk
 * signature and the trailer signature against the chain that starts at the request's signature.
 * Reading fails with an {@link AwsServiceException} the moment a chunk does not verify, so a
 * caller that stores the bytes never commits a tampered body.
 */
public final class AwsChunkedInputStream extends InputStream {
    private static final int MAX_LINE = 4096;
    private static final int MAX_CHUNK = 16 * 1024 * 1024;
    private static final int MAX_TRAILERS = 16;

    private final InputStream raw;
    private final SigningContext signing;
    private final boolean expectTrailer;
    private final long declaredLength;
    private final Map<String, String> trailers = new LinkedHashMap<>();
    private String previousSignature;
    private byte[] chunk = new byte[0];
    private int position;
    private long decoded;
    private boolean done;

    /**
     * @param signing null for {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}
     * @param declaredLength {@code x-amz-decoded-content-length}, or -1 when not sent
     */
    public AwsChunkedInputStream(InputStream raw, SigningContext signing, boolean expectTrailer, long declaredLength) {
        this.raw = raw;
        this.signing = signing;
        this.expectTrailer = expectTrailer;
        this.declaredLength = declaredLength;
        this.previousSignature = signing == null ? null : signing.seedSignature();
    }

    /** Trailing headers (lower-case names), complete once the stream has been read to its end. */
    public Map<String, String> trailers() {
        return Collections.unmodifiableMap(trailers);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        while (position == chunk.length) {
            if (done) {
                return -1;
            }
            nextChunk();
        }
        int n = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, buffer, offset, n);
        position += n;
        return n;
    }

    private void nextChunk() throws IOException {
        String header = readLine();
        String sizeText = header;
        String signature = null;
        int semicolon = header.indexOf(';');
        if (semicolon >= 0) {
            sizeText = header.substring(0, semicolon);
            String extension = header.substring(semicolon + 1);
            if (extension.startsWith("chunk-signature=")) {
                signature = extension.substring("chunk-signature=".length());
            }
        }
        int size;
        try {
            size = Integer.parseInt(sizeText.trim(), 16);
        } catch (NumberFormatException e) {
            throw incomplete("The chunk header '" + header + "' has no hexadecimal size.");
        }
        if (size < 0 || size > MAX_CHUNK) {
            throw incomplete("A chunk of " + size + " bytes is larger than " + MAX_CHUNK + ".");
        }
        byte[] data = raw.readNBytes(size);
        if (data.length != size) {
            throw incomplete("The body ended inside a chunk.");
        }
        if (size > 0 && !readLine().isEmpty()) {
            throw incomplete("A chunk is not followed by CRLF.");
        }
        if (signing != null) {
            String expected = signing.chainSignature("AWS4-HMAC-SHA256-PAYLOAD", previousSignature,
                    SigV4.EMPTY_SHA256, SigV4.sha256Hex(data));
            if (!SigV4.sameSignature(expected, signature)) {
                throw mismatch();
            }
            previousSignature = expected;
        }
        decoded += size;
        chunk = data;
        position = 0;
        if (size == 0) {
            readTrailers();
            if (declaredLength >= 0 && decoded != declaredLength) {
                throw incomplete("The body has " + decoded + " bytes but x-amz-decoded-content-length says "
                        + declaredLength + ".");
            }
            done = true;
        }
    }

    private void readTrailers() throws IOException {
        StringBuilder canonical = new StringBuilder();
        String trailerSignature = null;
        for (int i = 0; i <= MAX_TRAILERS; i++) {
            String line = readLineOrEnd();
            if (line == null || line.isEmpty()) {
                break;
            }
            if (i == MAX_TRAILERS) {
                throw incomplete("Too many trailing headers.");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw incomplete("The trailing header '" + line + "' has no name.");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("x-amz-trailer-signature")) {
                trailerSignature = value;
            } else {
                trailers.put(name, value);
                canonical.append(name).append(':').append(value).append('\n');
            }
        }
        if (expectTrailer && trailers.isEmpty()) {
            throw incomplete("The body promised a trailing checksum but sent none.");
        }
        if (signing != null && !trailers.isEmpty()) {
            String expected = signing.chainSignature("AWS4-HMAC-SHA256-TRAILER", previousSignature,
                    SigV4.sha256Hex(canonical.toString().getBytes(StandardCharsets.UTF_8)));
            if (!SigV4.sameSignature(expected, trailerSignature)) {
                throw mismatch();
            }
        }
    }

    private String readLine() throws IOException {
        String line = readLineOrEnd();
        if (line == null) {
            throw incomplete("The body ended before its last chunk.");
        }
        return line;
    }

    /** A CRLF-terminated line without its CRLF; null at the end of the body. */
    private String readLineOrEnd() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(96);
        int b;
        while ((b = raw.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_LINE) {
                throw incomplete("A chunk header or trailer line is longer than " + MAX_LINE + " bytes.");
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    private static AwsServiceException incomplete(String message) {
        return new AwsServiceException(400, "IncompleteBody", message);
    }

    private static AwsServiceException mismatch() {
        return new AwsServiceException(403, "SignatureDoesNotMatch",
                "The chunk signature we calculated does not match the signature you provided.");
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }
}
