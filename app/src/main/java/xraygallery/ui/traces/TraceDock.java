package xraygallery.ui.traces;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import xraygallery.ui.common.Theme;

/**
 * Where the trace panel lives: docked in the main window, or in a window of its own ("open in a window"). Closing
 * that window, or its button, docks the panel again. The panel keeps polling in either place.
 */
public final class TraceDock {
    private final TracePanelView view;
    private final StackPane slot = new StackPane();
    private final VBox placeholder;
    private Stage stage;

    public TraceDock(TracePanelView view) {
        this.view = view;
        slot.getStyleClass().add("trace-dock");
        Label text = new Label("The trace panel is in its own window.");
        Button back = new Button("Bring it back here");
        back.setId("dockTracePanel");
        back.setOnAction(e -> dock());
        placeholder = new VBox(8, text, back);
        placeholder.setStyle("-fx-alignment: center; -fx-padding: 16;");
        slot.getChildren().setAll(view.root());
        view.setOnOpenInWindow(this::toggle);
    }

    /** What the workspace puts in its dock. */
    public Node root() {
        return slot;
    }

    public boolean inWindow() {
        return stage != null;
    }

    private void toggle() {
        if (stage == null) {
            openWindow();
        } else {
            dock();
        }
    }

    /** Moves the panel into a window of its own, next to the main window. */
    public void openWindow() {
        if (stage != null) {
            stage.toFront();
            return;
        }
        Window owner = slot.getScene() == null ? null : slot.getScene().getWindow();
        slot.getChildren().setAll(placeholder);
        stage = new Stage();
        stage.setTitle("X-Ray Gallery · Traces");
        Scene scene = new Scene(view.root(), 1200, 760);
        scene.getStylesheets().add(Theme.appStylesheet());
        stage.setScene(scene);
        if (owner != null) {
            stage.setX(owner.getX() + 40);
            stage.setY(owner.getY() + 40);
        }
        stage.setOnHidden(e -> dock());
        view.showAsWindowed(true);
        stage.show();
    }

    /** Puts the panel back into the main window. */
    public void dock() {
        if (stage == null) {
            return;
        }
        Stage closing = stage;
        stage = null;
        closing.setOnHidden(null);
        closing.getScene().setRoot(new StackPane());
        closing.hide();
        slot.getChildren().setAll(view.root());
        view.showAsWindowed(false);
    }

    /** Closes the panel's own window, if open. */
    public void close() {
        dock();
    }
}
