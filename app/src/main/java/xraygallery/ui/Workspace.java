package xraygallery.ui;

import java.util.List;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;
import xraygallery.app.GalleryRuntime;
import xraygallery.photos.User;
import xraygallery.ui.common.Notifier;
import xraygallery.ui.common.TaskExecutor;
import xraygallery.ui.common.UiPreferences;
import xraygallery.ui.traces.TraceDock;
import xraygallery.ui.traces.TracePanelView;
import xraygallery.ui.traces.TracePanelViewModel;
import xraygallery.ui.traces.TraceSources;

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
    private final TracePanelViewModel traces;
    private final TraceDock traceWindow;
    private final ToggleButton tracesButton = new ToggleButton("Traces", new FontIcon(Material2MZ.TIMELINE));

    public Workspace(Context context) {
        this.context = context;
        StackPane gallery = new StackPane(new Label("Signed in as " + context.user().name()));
        this.vertical = new SplitPane(gallery);
        vertical.setOrientation(Orientation.VERTICAL);
        traces = TraceSources.panelFor(context.runtime(), context.tasks(), context.user().name());
        traceWindow = new TraceDock(new TracePanelView(traces));
        traceDock.getChildren().setAll(traceWindow.root());
        tracesButton.setId("toggleTraces");
        tracesButton.setTooltip(new Tooltip("Show or hide the trace panel (Ctrl+T)"));
        tracesButton.setOnAction(e -> showTraces(tracesButton.isSelected()));
        if (context.preferences().getBoolean("traces.shown", false)) {
            showTraces(true);
        }
    }

    /** Buttons the workspace puts in the window's header (upload, traces). */
    public List<Node> headerActions() {
        return List.of(tracesButton);
    }

    private void showTraces(boolean show) {
        boolean shown = vertical.getItems().contains(traceDock);
        tracesButton.setSelected(show);
        if (show && !shown) {
            vertical.getItems().add(traceDock);
            vertical.setDividerPositions(context.preferences().getDouble("traces.divider", 0.5));
            traces.start();
        } else if (!show && shown) {
            context.preferences().put("traces.divider", vertical.getDividerPositions()[0]);
            vertical.getItems().remove(traceDock);
            if (!traceWindow.inWindow()) {
                traces.stop();
            }
        }
    }

    /** Selects a trace in the trace panel (a photo's upload, an upload row's), showing the panel if hidden. */
    public void showTrace(String traceId) {
        if (!traceWindow.inWindow()) {
            showTraces(true);
        }
        traces.selectTrace(traceId);
    }

    /** The trace panel's view-model (its list, selection, filters). */
    public TracePanelViewModel traces() {
        return traces;
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
        showTraces(!vertical.getItems().contains(traceDock));
    }

    /** Delete: deletes the selected photo, after asking. */
    public void deleteSelected() {
    }

    /** Remembers split positions; stops the features' polls. */
    public void close() {
        boolean shown = vertical.getItems().contains(traceDock);
        context.preferences().put("traces.shown", shown);
        if (shown) {
            context.preferences().put("traces.divider", vertical.getDividerPositions()[0]);
        }
        traceWindow.close();
        traces.close();
    }

    public Context context() {
        return context;
    }

    StackPane traceDock() {
        return traceDock;
    }
}
