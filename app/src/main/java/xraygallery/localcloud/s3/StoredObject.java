package xraygallery.localcloud.s3;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What the store knows of one object: its key, where its bytes are, and what S3 returns about it.
 *
 * @param blob the file name of the object's bytes inside the bucket's blob folder
 * @param etag the hex MD5 of the content, unquoted
 * @param headers the stored representation headers (Content-Type, Cache-Control, ...), by canonical name
 * @param userMetadata {@code x-amz-meta-*} values by lower-case suffix
 * @param checksumAlgorithm e.g. {@code CRC32}, or null when the client sent no checksum
 * @param checksum the base64 checksum of the whole content in that algorithm, or null
 */
public record StoredObject(
        String key, String blob, long size, String etag, Instant lastModified,
        Map<String, String> headers, Map<String, String> userMetadata,
        String checksumAlgorithm, String checksum) {

    public StoredObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
        headers = Map.copyOf(headers);
        userMetadata = Map.copyOf(userMetadata);
    }

    /** The ETag as S3 sends it: the MD5 hex in double quotes. */
    public String quotedEtag() {
        return "\"" + etag + "\"";
    }

    public String contentType() {
        return headers.getOrDefault("Content-Type", "binary/octet-stream");
    }
}
