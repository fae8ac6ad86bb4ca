package xraygallery.ui;

import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * What the window shows in its first moment, before the full window (FXML, icons) is built: the app's name and
 * the start-up line. Plain controls only, so that the window appears as early as JavaFX allows.
 */
final class StartupSplash {
    private final StackPane root;

    StartupSplash(ObservableStringValue progress) {
        Label title = new Label("X-Ray Gallery");
        title.getStyleClass().add("title-2");
        Label line = new Label();
        line.getStyleClass().add("progress-line");
        line.textProperty().bind(progress);
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(42, 42);
        VBox column = new VBox(14, title, spinner, line);
        column.setAlignment(Pos.CENTER);
        column.getStyleClass().add("startup");
        root = new StackPane(column);
    }

    StackPane root() {
        return root;
    }
}
