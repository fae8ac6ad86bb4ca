package xraygallery.ui.upload;

import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import xraygallery.photos.UploadEvent;
import xraygallery.photos.UploadEvent.Stage;

/**
 * One file in the upload queue, as the last event about it says. Changed only by the queue, on the UI thread; a
 * view re-reads it when {@link #revisionProperty()} moves (one listener per visible row, not one per field).
 */
public final class UploadRow {
    private final String id;
    private final String fileName;
    private final Path source;
    private Stage stage;
    private int percent;
    private String message = "";
    private Long photoId;
    private List<String> labels = List.of();
    private boolean startedAttempt;
    private final ReadOnlyStringWrapper traceId = new ReadOnlyStringWrapper();
    private final ReadOnlyObjectWrapper<Stage> stageProperty = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper();

    UploadRow(String id, String fileName, Path source) {
        this.id = id;
        this.fileName = fileName;
        this.source = source;
    }

    /** Takes in what {@code event} says about this file. */
    void apply(UploadEvent event) {
        stage = event.stage();
        percent = event.percent();
        message = event.message() == null ? "" : event.message();
        if (event.traceId() != null) {
            traceId.set(event.traceId());
        }
        // a new attempt (a retry, a resume) starts without a trace id; it gets one once its action starts
        startedAttempt = event.traceId() != null || stage.ordinal() > Stage.QUEUED.ordinal();
        if (event.photoId() != null) {
            photoId = event.photoId();
        }
        if (!event.labels().isEmpty() || stage == Stage.VALIDATING) {
            labels = event.labels();
        }
        stageProperty.set(stage);
        revision.set(revision.get() + 1);
    }

    /** The file's id in the photo service (the same over retries). */
    public String id() {
        return id;
    }

    public String fileName() {
        return fileName;
    }

    /** Where the file was picked from, or null when not known. */
    public Path source() {
        return source;
    }

    /** The folder the file came from, with the home folder as {@code ~}, or empty. */
    public String folder() {
        if (source == null || source.getParent() == null) {
            return "";
        }
        String folder = source.getParent().toString();
        String home = System.getProperty("user.home");
        if (home != null && !home.isEmpty() && (folder.equals(home) || folder.startsWith(home + "/"))) {
            return "~" + folder.substring(home.length());
        }
        return folder;
    }

    public Stage stage() {
        return stage;
    }

    public ReadOnlyObjectProperty<Stage> stageProperty() {
        return stageProperty.getReadOnlyProperty();
    }

    /** What the stage column says: "Uploading 40 %", "Failed", ... */
    public String stageText() {
        return stage == null ? "" : text(stage, percent);
    }

    /** 0–1 through the whole upload of this file (1 once it has ended, whatever the outcome). */
    public double progress() {
        return stage == null ? 0 : progress(stage, percent);
    }

    /** Whether a progress bar makes sense: the file is being validated, uploaded, labelled or saved. */
    public boolean inProgress() {
        return stage != null && !stage.isFinal();
    }

    /** Why it failed or waits, or a notice ("Already in your gallery"); empty if none. */
    public String message() {
        return message;
    }

    /** The labels found, most confident first (done only). */
    public List<String> labels() {
        return labels;
    }

    /** The saved photo, once done (or the one already there, when skipped). */
    public Long photoId() {
        return photoId;
    }

    /** The X-Ray trace of the latest attempt, once its action started; null before. */
    public ReadOnlyStringProperty traceIdProperty() {
        return traceId.getReadOnlyProperty();
    }

    public String traceId() {
        return traceId.get();
    }

    /** Not started yet (being accepted, or queued): it can be cancelled. */
    public boolean isCancellable() {
        return (stage == Stage.VALIDATING || stage == Stage.QUEUED) && !startedAttempt;
    }

    /** Failed, or waiting after a failure that may pass: it can be tried again. */
    public boolean isRetryable() {
        return stage == Stage.FAILED || stage == Stage.PENDING;
    }

    /** Done, skipped, failed or cancelled: it can be cleared from the queue. */
    public boolean isFinished() {
        return stage == Stage.DONE || stage == Stage.SKIPPED || stage == Stage.FAILED || stage == Stage.CANCELLED;
    }

    /** Moves whenever anything about the row changed. */
    public ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    static String text(Stage stage, int percent) {
        return switch (stage) {
            case VALIDATING -> "Validating";
            case QUEUED -> "Queued";
            case RESIZING -> "Resizing";
            case UPLOADING -> "Uploading " + percent + " %";
            case LABELLING -> "Labelling";
            case SAVING -> "Saving";
            case DONE -> "Done";
            case SKIPPED -> "Skipped";
            case FAILED -> "Failed";
            case PENDING -> "Pending";
            case CANCELLED -> "Cancelled";
        };
    }

    static double progress(Stage stage, int percent) {
        return switch (stage) {
            case VALIDATING, QUEUED -> 0.03;
            case RESIZING -> 0.12;
            case UPLOADING -> 0.25 + 0.4 * percent / 100.0;
            case LABELLING -> 0.7;
            case SAVING -> 0.9;
            case DONE, SKIPPED, FAILED -> 1;
            case PENDING, CANCELLED -> 0;
        };
    }

    @Override
    public String toString() {
        return fileName + " " + stageText();
    }
}
