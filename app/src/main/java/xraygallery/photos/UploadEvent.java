package xraygallery.photos;

import java.nio.file.Path;
import java.util.List;

/**
 * Progress of one file in an upload batch, for progress bars and upload queues. Every event of a file carries the
 * same {@code uploadId}, so two files of the same name (from different folders) are told apart, and a retried file
 * keeps its id.
 *
 * @param uploadId the file's id in this upload (also its journal entry's id)
 * @param fileName the name the user knows the file by
 * @param source where the file was picked from, or null when not known (an entry journaled by an older version)
 * @param percent 0–100 within the current stage (meaningful while uploading; 100 when done)
 * @param message why the file failed or waits (the service's words), or a notice (duplicate), else null
 * @param traceId the X-Ray trace of the current attempt, from the moment its action starts; null before that
 * @param photoId the saved photo (DONE) or the one already in the gallery (SKIPPED), else null
 * @param labels the labels found, most confident first (DONE only; else empty)
 */
public record UploadEvent(String uploadId, String fileName, Path source, Stage stage, int percent, String message,
        String traceId, Long photoId, List<String> labels) {

    public UploadEvent {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /**
     * Where a file is. VALIDATING comes first, while the file is inspected and copied into the journal, and again
     * once its traced attempt starts (the trace's {@code validate} step); QUEUED when accepted and waiting for a
     * worker. DONE, SKIPPED, FAILED and CANCELLED are final; PENDING is final for this attempt (the file waits in
     * the journal until resumed).
     */
    public enum Stage {
        VALIDATING, QUEUED, RESIZING, UPLOADING, LABELLING, SAVING, DONE, SKIPPED, FAILED, PENDING, CANCELLED;

        /** Whether this attempt has ended (PENDING included: it waits for a resume). */
        public boolean isFinal() {
            return ordinal() >= DONE.ordinal();
        }
    }
}
