package xraygallery.daemon.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import xraygallery.daemon.DaemonJson;
import xraygallery.daemon.segment.InvalidSegmentException;
import xraygallery.daemon.segment.RejectReason;
import xraygallery.daemon.segment.SegmentDocument;

/**
 * Splits an X-Ray daemon datagram, {@code {"format": "json", "version": 1}\n<document>}, and validates both
 * parts. The header is compared byte for byte with what the SDKs send, and parsed as JSON only when it
 * differs (other spacing), as the AWS daemon accepts any JSON header with that format and version.
 */
public final class DatagramDecoder {
    private static final byte[] SDK_HEADER = "{\"format\": \"json\", \"version\": 1}".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEADER = 256;

    private DatagramDecoder() {
    }

    /** The datagram an X-Ray SDK sends for {@code json}: the header, a newline, the document. */
    static byte[] datagramOf(byte[] json) {
        byte[] datagram = new byte[SDK_HEADER.length + 1 + json.length];
        System.arraycopy(SDK_HEADER, 0, datagram, 0, SDK_HEADER.length);
        datagram[SDK_HEADER.length] = '\n';
        System.arraycopy(json, 0, datagram, SDK_HEADER.length + 1, json.length);
        return datagram;
    }

    /** Decodes {@code length} bytes at {@code offset}; the returned document owns a copy of its bytes. */
    public static SegmentDocument decode(byte[] datagram, int offset, int length) throws InvalidSegmentException {
        int end = offset + length;
        int newline = -1;
        for (int i = offset, limit = Math.min(end, offset + MAX_HEADER); i < limit; i++) {
            if (datagram[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline < 0) {
            throw new InvalidSegmentException(RejectReason.BAD_HEADER,
                    "no header: a datagram must start with {\"format\": \"json\", \"version\": 1} and a newline", null);
        }
        if (!Arrays.equals(datagram, offset, newline, SDK_HEADER, 0, SDK_HEADER.length) && !validHeader(datagram, offset, newline)) {
            throw new InvalidSegmentException(RejectReason.BAD_HEADER, "unsupported header "
                    + SegmentDocument.abbreviate(new String(datagram, offset, newline - offset, StandardCharsets.UTF_8))
                    + "; expected {\"format\": \"json\", \"version\": 1}", null);
        }
        int bodyStart = newline + 1;
        if (bodyStart >= end) {
            throw new InvalidSegmentException(RejectReason.MALFORMED_JSON, "a header without a document", null);
        }
        return SegmentDocument.parse(datagram, bodyStart, end - bodyStart);
    }

    private static boolean validHeader(byte[] datagram, int offset, int newline) {
        try {
            JsonNode header = DaemonJson.MAPPER.readTree(datagram, offset, newline - offset);
            return header != null && header.isObject() && "json".equals(header.path("format").asText(null))
                    && header.path("version").isIntegralNumber() && header.path("version").asInt() == 1;
        } catch (IOException e) {
            return false;
        }
    }
}
