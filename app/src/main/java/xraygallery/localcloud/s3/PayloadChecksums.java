package xraygallery.localcloud.s3;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;
import xraygallery.localcloud.AwsServiceException;
import xraygallery.localcloud.CloudRequest;
import xraygallery.localcloud.auth.SigV4;

/**
 * The digests of a payload as it streams by: always MD5 (the ETag), plus the flexible checksum the
 * client announced ({@code x-amz-checksum-*} header, {@code x-amz-trailer} or
 * {@code x-amz-sdk-checksum-algorithm}). {@link #verify} then compares them with what the client
 * sent, so a corrupted body is refused with {@code BadDigest} before anything is stored.
 */
final class PayloadChecksums {
    private static final String PREFIX = "x-amz-checksum-";

    private final MessageDigest md5;
    private final String algorithm;
    private final Checksum crc;
    private final MessageDigest sha;
    private long length;

    private PayloadChecksums(String algorithm) {
        this.md5 = digest("MD5");
        this.algorithm = algorithm;
        this.crc = switch (algorithm == null ? "" : algorithm) {
            case "CRC32" -> new CRC32();
            case "CRC32C" -> new CRC32C();
            default -> null;
        };
        this.sha = switch (algorithm == null ? "" : algorithm) {
            case "SHA1" -> digest("SHA-1");
            case "SHA256" -> SigV4.sha256();
            default -> null;
        };
    }

    /** Digests for the checksum algorithm the request announces, if any. */
    static PayloadChecksums forRequest(CloudRequest request) {
        String algorithm = null;
        for (String name : request.headers().keySet()) {
            if (name.startsWith(PREFIX) && !name.equals("x-amz-checksum-mode") && !name.equals("x-amz-checksum-type")
                    && !name.equals("x-amz-checksum-algorithm")) {
                algorithm = name.substring(PREFIX.length());
            }
        }
        String trailer = request.header("x-amz-trailer");
        if (algorithm == null && trailer != null && trailer.trim().toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            algorithm = trailer.trim().toLowerCase(Locale.ROOT).substring(PREFIX.length());
        }
        if (algorithm == null) {
            algorithm = request.header("x-amz-sdk-checksum-algorithm");
        }
        if (algorithm == null) {
            algorithm = request.header("x-amz-checksum-algorithm");
        }
        if (algorithm == null) {
            return new PayloadChecksums(null);
        }
        String upper = algorithm.trim().toUpperCase(Locale.ROOT);
        if (!upper.equals("CRC32") && !upper.equals("CRC32C") && !upper.equals("SHA1") && !upper.equals("SHA256")) {
            throw new AwsServiceException(400, "InvalidRequest", "The local cloud verifies CRC32, CRC32C, SHA1 and "
                    + "SHA256 checksums; '" + algorithm + "' is not supported.");
        }
        return new PayloadChecksums(upper);
    }

    void update(byte[] buffer, int offset, int count) {
        md5.update(buffer, offset, count);
        if (crc != null) {
            crc.update(buffer, offset, count);
        }
        if (sha != null) {
            sha.update(buffer, offset, count);
        }
        length += count;
    }

    long length() {
        return length;
    }

    String md5Hex() {
        return SigV4.hex(((MessageDigest) cloneOf(md5)).digest());
    }

    /** The announced algorithm (upper case), or null. */
    String algorithm() {
        return algorithm;
    }

    /** The base64 checksum of what passed by, in the announced algorithm, or null. */
    String checksum() {
        if (crc != null) {
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        }
        if (sha != null) {
            return Base64.getEncoder().encodeToString(((MessageDigest) cloneOf(sha)).digest());
        }
        return null;
    }

    /** Compares Content-MD5 and the flexible checksum (header or trailer) with the payload seen. */
    void verify(CloudRequest request) {
        String contentMd5 = request.header("content-md5");
        if (contentMd5 != null) {
            byte[] given;
            try {
                given = Base64.getDecoder().decode(contentMd5.trim());
            } catch (IllegalArgumentException e) {
                given = new byte[0];
            }
            if (given.length != 16) {
                throw new AwsServiceException(400, "InvalidDigest", "The Content-MD5 you specified was invalid.");
            }
            if (!SigV4.hex(given).equals(md5Hex())) {
                throw new AwsServiceException(400, "BadDigest",
                        "The Content-MD5 you specified did not match what we received.");
            }
        }
        if (algorithm == null) {
            return;
        }
        String name = PREFIX + algorithm.toLowerCase(Locale.ROOT);
        String given = request.header(name);
        if (given == null) {
            given = request.trailers().get(name);
        }
        if (given == null) {
            return;
        }
        if (!given.trim().equals(checksum())) {
            throw new AwsServiceException(400, "BadDigest",
                    "The " + algorithm + " you specified did not match the calculated checksum.");
        }
    }

    /** Checksums of a whole byte array, verified against the request at once. */
    static PayloadChecksums verified(CloudRequest request, byte[] body) {
        PayloadChecksums checksums = forRequest(request);
        checksums.update(body, 0, body.length);
        checksums.verify(request);
        return checksums;
    }

    private static Object cloneOf(MessageDigest digest) {
        try {
            return digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean isChecksumHeader(String lowerCaseName) {
        return lowerCaseName.startsWith(PREFIX);
    }

    static Map<String, String> responseHeader(StoredObject object) {
        if (object.checksumAlgorithm() == null) {
            return Map.of();
        }
        return Map.of(PREFIX + object.checksumAlgorithm().toLowerCase(Locale.ROOT), object.checksum(),
                "x-amz-checksum-type", "FULL_OBJECT");
    }
}
