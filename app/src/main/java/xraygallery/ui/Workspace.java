package xraygallery.ui;

import java.util.List;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import xraygallery.app.GalleryRuntime;
import xraygallery.photos.User;
import xraygallery.ui.common.Notifier;
import xraygallery.ui.common.TaskExecutor;
import xraygallery.ui.common.UiPreferences;
import xraygallery.ui.gallery.GalleryService;
import xraygallery.ui.gallery.GalleryView;
import xraygallery.ui.gallery.GalleryViewModel;
import xraygallery.ui.traces.TraceDock;
import xraygallery.ui.traces.TracePanelView;
import xraygallery.ui.traces.TracePanelViewModel;
import xraygallery.ui.traces.TraceSources;
import xraygallery.ui.upload.UploadQueueView;
import xraygallery.ui.upload.UploadQueueViewModel;

/**
 * What a signed-in user works in: the gallery (its grid, and a photo's detail over it) with the upload queue
 * beside it while it has rows, and the trace panel's dock below, in split panes whose positions are remembered.
 * Files and folders dropped anywhere on it are uploaded. Selecting a photo or an upload row selects its trace in
 * the panel when the panel is open.
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
    private final GalleryView gallery;
    private final UploadQueueView uploads;
    private final TracePanelViewModel traces;
    private final TraceDock traceWindow;
    private final ToggleButton tracesButton = new ToggleButton("Traces", new FontIcon(Material2MZ.TIMELINE));

    public Workspace(Context context) {
        this.context = context;
        this.gallery = new GalleryView(new GalleryViewModel(GalleryService.of(context.runtime().services().gallery()),
                context.user(), context.tasks(), context.notifier()));
        this.horizontal = new SplitPane(gallery.root());
        this.vertical = new SplitPane(horizontal);
        vertical.setOrientation(Orientation.VERTICAL);
        this.root = new StackPane(vertical);

        this.uploads = new UploadQueueView(new UploadQueueViewModel(context.runtime().services().uploads(),
                context.user(), context.tasks(), context.notifier(), gallery::photoSaved));
        uploads.viewModel().activeProperty().addListener((o, was, active) -> showUploads(active));
        uploads.installDropTarget(root);

        this.traces = TraceSources.panelFor(context.runtime(), context.tasks(), context.user().name());
        this.traceWindow = new TraceDock(new TracePanelView(traces));
        traceDock.getChildren().setAll(traceWindow.root());
        tracesButton.setId("toggleTraces");
        tracesButton.setTooltip(new Tooltip("Show or hide the trace panel (Ctrl+T)"));
        tracesButton.setOnAction(e -> showTraces(tracesButton.isSelected()));
        if (context.preferences().getBoolean("traces.shown", false)) {
            showTraces(true);
        }
        // the trace of what the user points at: an open or selected photo's upload, an upload row's
        gallery.selectedTraceIdProperty().addListener((o, old, traceId) -> followSelection(traceId));
        gallery.setOnShowTrace(this::showTrace);
        uploads.viewModel().selectedTraceIdProperty().addListener((o, old, traceId) -> followSelection(traceId));

        gallery.load();
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

    private void showTraces(boolean show) {
        boolean shown = vertical.getItems().contains(traceDock);
        tracesButton.setSelected(show);
        if (show && !shown) {
            vertical.getItems().add(traceDock);
            vertical.setDividerPositions(context.preferences().getDouble("traces.divider", 0.5));
            traces.start();
            if (lastSelectedTraceId != null) {
                traces.selectTrace(lastSelectedTraceId); // what the user pointed at before opening the panel
            }
        } else if (!show && shown) {
            context.preferences().put("traces.divider", vertical.getDividerPositions()[0]);
            vertical.getItems().remove(traceDock);
            if (!traceWindow.inWindow()) {
                traces.stop();
            }
        }
    }

    private String lastSelectedTraceId;

    private boolean tracesVisible() {
        return vertical.getItems().contains(traceDock) || traceWindow.inWindow();
    }

    /** While the trace panel is visible, it selects the trace of what was just selected elsewhere. */
    private void followSelection(String traceId) {
        if (traceId == null || traceId.isBlank()) {
            return;
        }
        lastSelectedTraceId = traceId;
        if (tracesVisible()) {
            traces.selectTrace(traceId);
        }
    }

    /** Selects a trace in the trace panel (a photo's upload, an upload row's), showing the panel if hidden. */
    public void showTrace(String traceId) {
        if (!traceWindow.inWindow()) {
            showTraces(true);
        }
        traces.selectTrace(traceId);
    }

    /** Buttons the workspace puts in the window's header: upload, and the trace panel's toggle. */
    public List<Node> headerActions() {
        Button upload = new Button("Upload", new FontIcon(Material2AL.CLOUD_UPLOAD));
        upload.setTooltip(new Tooltip("Upload photos (Ctrl+O); or drop files and folders on the window"));
        upload.setOnAction(e -> chooseFilesToUpload());
        upload.setId("uploadButton");
        return List.of(upload, tracesButton);
    }

    public Node root() {
        return root;
    }

    /** The gallery: its grid, search and the open photo. */
    public GalleryView gallery() {
        return gallery;
    }

    /** The upload queue panel. */
    public UploadQueueView uploads() {
        return uploads;
    }

    /** The trace panel's view-model (its list, selection, filters). */
    public TracePanelViewModel traces() {
        return traces;
    }

    /** F5: reloads what the workspace shows. */
    public void refresh() {
        gallery.refresh();
    }

    /** Ctrl+O: the file chooser for uploads. */
    public void chooseFilesToUpload() {
        uploads.chooseFiles(root.getScene() == null ? null : root.getScene().getWindow());
    }

    /** Ctrl+F: the label search. */
    public void focusSearch() {
        gallery.focusSearch();
    }

    /** Ctrl+T: shows or hides the trace panel. */
    public void toggleTraces() {
        showTraces(!vertical.getItems().contains(traceDock));
    }

    /** Delete: deletes the selected photo, after asking. */
    public void deleteSelected() {
        gallery.deleteSelected();
    }

    /** Remembers split positions; stops the features' polls and loads. */
    public void close() {
        boolean shown = vertical.getItems().contains(traceDock);
        context.preferences().put("traces.shown", shown);
        if (shown) {
            context.preferences().put("traces.divider", vertical.getDividerPositions()[0]);
        }
        traceWindow.close();
        traces.close();
        showUploads(false);
        uploads.close();
        gallery.close();
    }

    public Context context() {
        return context;
    }

    StackPane traceDock() {
        return traceDock;
    }
}
