package xraygallery.ui;

import java.util.List;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import xraygallery.app.GalleryRuntime;
import xraygallery.photos.User;
import xraygallery.ui.common.Notifier;
import xraygallery.ui.common.TaskExecutor;
import xraygallery.ui.common.UiPreferences;
import xraygallery.ui.upload.UploadQueueView;
import xraygallery.ui.upload.UploadQueueViewModel;

/**
 * What a signed-in user works in: the gallery, the side panel (a photo's detail, the upload queue) and the trace
 * panel's dock below, in split panes whose positions are remembered.
 */
public final class Workspace {
    /** What the workspace's features are built on. */
    public record Context(GalleryRuntime runtime, User user, TaskExecutor tasks, Notifier notifier,
            UiPreferences preferences) {
    }

    private final Context context;
    private final SplitPane vertical;
    private final SplitPane horizontal;
    private final StackPane root;
    private final StackPane traceDock = new StackPane();
    private final UploadQueueView uploads;

    public Workspace(Context context) {
        this.context = context;
        StackPane gallery = new StackPane(new Label("Signed in as " + context.user().name()));
        this.horizontal = new SplitPane(gallery);
        this.vertical = new SplitPane(horizontal);
        vertical.setOrientation(Orientation.VERTICAL);
        this.root = new StackPane(vertical);
        this.uploads = new UploadQueueView(new UploadQueueViewModel(context.runtime().services().uploads(),
                context.user(), context.tasks(), context.notifier(), this::photoUploaded));
        uploads.viewModel().activeProperty().addListener((o, was, active) -> showUploads(active));
        uploads.installDropTarget(root);
        uploads.viewModel().resumePending();
    }

    /** The upload queue shows beside the gallery while it has rows. */
    private void showUploads(boolean show) {
        if (show && !horizontal.getItems().contains(uploads.root())) {
            horizontal.getItems().add(uploads.root());
            horizontal.setDividerPositions(context.preferences().getDouble("split.uploads", 0.68));
            SplitPane.setResizableWithParent(uploads.root(), false);
        } else if (!show && horizontal.getItems().contains(uploads.root())) {
            context.preferences().put("split.uploads", horizontal.getDividerPositions()[0]);
            horizontal.getItems().remove(uploads.root());
        }
    }

    /** A photo was saved by the upload queue (on the UI thread): the gallery shows it. */
    private void photoUploaded(long photoId) {
        // the gallery view picks it up here once it exists
    }

    /** Buttons the workspace puts in the window's header (upload, traces). */
    public List<Node> headerActions() {
        Button upload = new Button("Upload", new FontIcon(Material2AL.CLOUD_UPLOAD));
        upload.setTooltip(new Tooltip("Upload photos (Ctrl+O); or drop files and folders on the window"));
        upload.setOnAction(e -> chooseFilesToUpload());
        upload.setId("uploadButton");
        return List.of(upload);
    }

    public Node root() {
        return root;
    }

    /** The upload queue panel. */
    public UploadQueueView uploads() {
        return uploads;
    }

    /** F5: reloads what the workspace shows. */
    public void refresh() {
    }

    /** Ctrl+O: the file chooser for uploads. */
    public void chooseFilesToUpload() {
        uploads.chooseFiles(root.getScene() == null ? null : root.getScene().getWindow());
    }

    /** Ctrl+F: the label search. */
    public void focusSearch() {
    }

    /** Ctrl+T: shows or hides the trace panel. */
    public void toggleTraces() {
    }

    /** Delete: deletes the selected photo, after asking. */
    public void deleteSelected() {
    }

    /** Remembers split positions; stops the features' polls. */
    public void close() {
        showUploads(false);
        uploads.close();
    }

    public Context context() {
        return context;
    }

    StackPane traceDock() {
        return traceDock;
    }
}
