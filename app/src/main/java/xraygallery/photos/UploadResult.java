package xraygallery.photos;

/**
 * How the upload of one file ended.
 *
 * @param uploadId the file's id, as in its {@link UploadEvent}s
 * @param photoId the saved photo (DONE) or the one already there (SKIPPED, when known), else null
 * @param traceId the X-Ray trace of the attempt, or null when not traced (refused before it started, cancelled)
 */
public record UploadResult(String uploadId, String fileName, UploadEvent.Stage outcome, String message, Long photoId,
        String traceId) {
}
