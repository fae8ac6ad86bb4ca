package xraygallery.photos;

import java.time.Instant;

/**
 * A saved photo as the gallery lists it; its three stored objects are named by key.
 *
 * @param uploadTraceId the X-Ray trace of the upload that saved it, or null when it was saved untraced
 */
public record Photo(long id, long ownerId, String originalName, String description, String contentType,
        int width, int height, long bytes, String sha256, int faces, Instant createdAt,
        String originalKey, String displayKey, String thumbnailKey, String uploadTraceId) {
}
