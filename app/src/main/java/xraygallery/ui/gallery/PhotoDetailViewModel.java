package xraygallery.ui.gallery;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import xraygallery.cloud.Labeler.Box;
import xraygallery.cloud.Labeler.Label;
import xraygallery.photos.Gallery;
import xraygallery.photos.OpenedPhoto;
import xraygallery.photos.Photo;
import xraygallery.photos.PhotoCard;
import xraygallery.photos.User;
import xraygallery.ui.common.BackgroundTask;
import xraygallery.ui.common.Cancellable;
import xraygallery.ui.common.ErrorMessages;
import xraygallery.ui.common.Notifier;
import xraygallery.ui.common.TaskExecutor;

/**
 * One photo opened over the grid ({@code view_photo}): what the card already knows at once (name, size, upload
 * trace, thumbnail), then the display copy, the labels with confidence, and the detector's boxes and faces, drawn
 * on demand. Delete asks first (the view does); a photo deleted meanwhile says so and leaves the grid.
 */
public final class PhotoDetailViewModel {
    private static final DateTimeFormatter UPLOADED = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM);

    private final GalleryService gallery;
    private final User user;
    private final TaskExecutor tasks;
    private final Notifier notifier;
    private final LongConsumer removed;
    private final ReadOnlyBooleanWrapper showing = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<PhotoCard> card = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper fileName = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper dimensions = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper fileSize = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper uploadedAt = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper traceId = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper thumbnailUrl = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper imageUrl = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper deleting = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper gone = new ReadOnlyBooleanWrapper();
    private final ObservableList<LabelRow> labels = FXCollections.observableArrayList();
    private final ObservableList<DetectedBox> objectBoxes = FXCollections.observableArrayList();
    private final ObservableList<DetectedBox> faceBoxes = FXCollections.observableArrayList();
    private final ObservableList<LabelRow> labelsView = FXCollections.unmodifiableObservableList(labels);
    private final ObservableList<DetectedBox> objectBoxesView = FXCollections.unmodifiableObservableList(objectBoxes);
    private final ObservableList<DetectedBox> faceBoxesView = FXCollections.unmodifiableObservableList(faceBoxes);
    private final BooleanProperty showBoxes = new SimpleBooleanProperty();
    private final BooleanProperty showFaces = new SimpleBooleanProperty();
    private Cancellable load = () -> { };

    /** @param removed called with a photo's id once it is deleted, or found deleted elsewhere */
    public PhotoDetailViewModel(GalleryService gallery, User user, TaskExecutor tasks, Notifier notifier,
            LongConsumer removed) {
        this.gallery = gallery;
        this.user = user;
        this.tasks = tasks;
        this.notifier = notifier;
        this.removed = removed;
    }

    /** Shows {@code opened} at once from what its card knows, then loads the rest ({@code view_photo}). */
    public void open(PhotoCard opened) {
        load.cancel();
        Photo photo = opened.photo();
        card.set(opened);
        fileName.set(photo.originalName());
        dimensions.set(String.format(Locale.ROOT, "%,d × %,d px", photo.width(), photo.height()));
        fileSize.set(humanBytes(photo.bytes()));
        uploadedAt.set(UPLOADED.withZone(ZoneId.systemDefault()).format(photo.createdAt()));
        traceId.set(photo.uploadTraceId());
        thumbnailUrl.set(opened.thumbnail() == null ? null : opened.thumbnail().toUri().toString());
        imageUrl.set(null);
        labels.setAll(opened.labels().stream().map(l -> new LabelRow(l.name(), l.confidence(), 0)).toList());
        objectBoxes.clear();
        faceBoxes.clear();
        message.set("");
        gone.set(false);
        loading.set(true);
        showing.set(true);
        load = BackgroundTask.of(() -> gallery.view(user, photo.id()))
                .onSuccess(this::show)
                .onFailure(error -> {
                    message.set(ErrorMessages.describe(error));
                    if (error instanceof Gallery.NoSuchPhotoException) {
                        gone.set(true);
                        removed.accept(photo.id());
                    }
                })
                .onFinished(() -> loading.set(false))
                .executeWith(tasks);
    }

    private void show(OpenedPhoto opened) {
        Photo photo = opened.photo();
        traceId.set(photo.uploadTraceId());
        imageUrl.set(opened.displayCopy() == null ? null : opened.displayCopy().toUri().toString());
        message.set(opened.problem() == null ? "" : opened.problem());
        List<LabelRow> rows = new ArrayList<>();
        List<DetectedBox> boxes = new ArrayList<>();
        // specific names first ("Dog"), then the broader ones the taxonomy adds ("Animal"), each by confidence
        java.util.Set<String> broader = new java.util.HashSet<>();
        opened.detail().labels().forEach(l -> l.parents().forEach(p -> broader.add(p.toLowerCase(Locale.ROOT))));
        List<Label> ordered = opened.detail().labels().stream()
                .sorted(java.util.Comparator.comparing((Label l) -> broader.contains(l.name().toLowerCase(Locale.ROOT))))
                .toList();
        for (Label label : ordered) {
            rows.add(new LabelRow(label.name(), label.confidence(), label.instances().size()));
            for (Box box : label.instances()) {
                boxes.add(new DetectedBox(DetectedBox.Kind.OBJECT, label.name() + " " + Math.round(box.confidence()) + "%",
                        box.left(), box.top(), box.width(), box.height()));
            }
        }
        List<DetectedBox> faces = new ArrayList<>();
        for (Box face : opened.detail().faces()) {
            faces.add(new DetectedBox(DetectedBox.Kind.FACE, "Face " + Math.round(face.confidence()) + "%",
                    face.left(), face.top(), face.width(), face.height()));
        }
        labels.setAll(rows);
        objectBoxes.setAll(boxes);
        faceBoxes.setAll(faces);
    }

    /** Back to the grid. */
    public void close() {
        load.cancel();
        loading.set(false);
        showing.set(false);
    }

    /** Deletes the open photo ({@code delete_photo}); the view has asked first. */
    public void delete() {
        PhotoCard current = card.get();
        if (current == null || deleting.get()) {
            return;
        }
        deleting.set(true);
        BackgroundTask.run(() -> gallery.delete(user, current.id()))
                .onSuccess(ignored -> {
                    notifier.info("Deleted " + current.photo().originalName() + ".");
                    close();
                    removed.accept(current.id());
                })
                .onFailure(error -> {
                    message.set(ErrorMessages.describe(error));
                    if (error instanceof Gallery.NoSuchPhotoException) {
                        gone.set(true);
                        removed.accept(current.id());
                    }
                })
                .onFinished(() -> deleting.set(false))
                .executeWith(tasks);
    }

    /** The view copied the trace id to the clipboard. */
    public void traceIdCopied() {
        notifier.info("Copied the upload's trace id " + traceId.get() + ".");
    }

    /** "2.4 MB", "830 KB", "512 bytes". */
    static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }

    public ReadOnlyBooleanProperty showingProperty() {
        return showing.getReadOnlyProperty();
    }

    /** The card it was opened from. */
    public ReadOnlyObjectProperty<PhotoCard> cardProperty() {
        return card.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty fileNameProperty() {
        return fileName.getReadOnlyProperty();
    }

    /** "4,032 × 3,024 px". */
    public ReadOnlyStringProperty dimensionsProperty() {
        return dimensions.getReadOnlyProperty();
    }

    /** The original's size, "2.4 MB". */
    public ReadOnlyStringProperty fileSizeProperty() {
        return fileSize.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty uploadedAtProperty() {
        return uploadedAt.getReadOnlyProperty();
    }

    /** The X-Ray trace of the upload that saved the photo; null when it was saved untraced. */
    public ReadOnlyStringProperty traceIdProperty() {
        return traceId.getReadOnlyProperty();
    }

    /** The cached thumbnail's URL, shown until the display copy is there; may be null. */
    public ReadOnlyStringProperty thumbnailUrlProperty() {
        return thumbnailUrl.getReadOnlyProperty();
    }

    /** The cached display copy's URL once loaded, else null. */
    public ReadOnlyStringProperty imageUrlProperty() {
        return imageUrl.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty deletingProperty() {
        return deleting.getReadOnlyProperty();
    }

    /** What went wrong, in the service's words, or empty. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** True when the photo turned out to be deleted (elsewhere). */
    public ReadOnlyBooleanProperty goneProperty() {
        return gone.getReadOnlyProperty();
    }

    /** Labels, most confident first. */
    public ObservableList<LabelRow> labels() {
        return labelsView;
    }

    public ObservableList<DetectedBox> objectBoxes() {
        return objectBoxesView;
    }

    public ObservableList<DetectedBox> faceBoxes() {
        return faceBoxesView;
    }

    /** Draw the detector's object boxes over the picture. */
    public BooleanProperty showBoxesProperty() {
        return showBoxes;
    }

    /** Draw the faces over the picture. */
    public BooleanProperty showFacesProperty() {
        return showFaces;
    }
}
