package xraygallery.photos;

/**
 * How the upload of one file ended.
 *
 * @param photoId the saved photo, or null unless DONE
 * @param traceId the X-Ray trace of the attempt, or null when not traced
 */
public record UploadResult(String fileName, UploadEvent.Stage outcome, String message, Long photoId, String traceId) {
}
