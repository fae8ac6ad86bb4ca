package xraygallery.photos;

/**
 * Progress of one file in an upload batch, for progress bars.
 *
 * @param percent 0–100 within the current stage (meaningful while uploading)
 * @param message what went wrong, or a notice (duplicate), else null
 */
public record UploadEvent(String fileName, Stage stage, int percent, String message) {

    /** Where a file is in the pipeline. The last four are final. */
    public enum Stage {
        QUEUED, RESIZING, UPLOADING, LABELLING, SAVING, DONE, SKIPPED, FAILED, PENDING
    }
}
