package xraygallery.ui;

import java.util.List;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.StackPane;
import xraygallery.app.GalleryRuntime;
import xraygallery.photos.User;
import xraygallery.ui.common.Notifier;
import xraygallery.ui.common.TaskExecutor;
import xraygallery.ui.common.UiPreferences;

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

    public Workspace(Context context) {
        this.context = context;
        StackPane gallery = new StackPane(new Label("Signed in as " + context.user().name()));
        this.vertical = new SplitPane(gallery);
        vertical.setOrientation(Orientation.VERTICAL);
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
    }

    /** Ctrl+O: the file chooser for uploads. */
    public void chooseFilesToUpload() {
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
    }

    public Context context() {
        return context;
    }

    StackPane traceDock() {
        return traceDock;
    }
}
