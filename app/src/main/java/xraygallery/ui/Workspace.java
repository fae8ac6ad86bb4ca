package xraygallery.ui;

import java.util.List;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.StackPane;
import xraygallery.app.GalleryRuntime;
import xraygallery.photos.User;
import xraygallery.ui.common.Notifier;
import xraygallery.ui.common.TaskExecutor;
import xraygallery.ui.common.UiPreferences;
import xraygallery.ui.gallery.GalleryService;
import xraygallery.ui.gallery.GalleryView;
import xraygallery.ui.gallery.GalleryViewModel;

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
    private final StackPane traceDock = new StackPane();
    private final GalleryView gallery;

    public Workspace(Context context) {
        this.context = context;
        this.gallery = new GalleryView(new GalleryViewModel(GalleryService.of(context.runtime().services().gallery()),
                context.user(), context.tasks(), context.notifier()));
        this.vertical = new SplitPane(gallery.root());
        vertical.setOrientation(Orientation.VERTICAL);
        gallery.load();
    }

    /** Buttons the workspace puts in the window's header (upload, traces). */
    public List<Node> headerActions() {
        return List.of();
    }

    public Node root() {
        return vertical;
    }

    /** F5: reloads what the workspace shows. */
    public void refresh() {
        gallery.refresh();
    }

    /** Ctrl+O: the file chooser for uploads. */
    public void chooseFilesToUpload() {
    }

    /** Ctrl+F: the label search. */
    public void focusSearch() {
        gallery.focusSearch();
    }

    /** Ctrl+T: shows or hides the trace panel. */
    public void toggleTraces() {
    }

    /** Delete: deletes the selected photo, after asking. */
    public void deleteSelected() {
        gallery.deleteSelected();
    }

    /** Remembers split positions; stops the features' polls. */
    public void close() {
        gallery.close();
    }

    /** The gallery: {@code photoSaved(id)} when an upload finishes, {@code selectedTraceIdProperty()} for traces. */
    public GalleryView gallery() {
        return gallery;
    }

    public Context context() {
        return context;
    }

    StackPane traceDock() {
        return traceDock;
    }
}
