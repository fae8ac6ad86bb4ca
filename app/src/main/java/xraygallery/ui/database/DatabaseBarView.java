package xraygallery.ui.database;

import java.util.Locale;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;
import xraygallery.ui.common.ViewLoader;

/** The bar under the header: the database's state with Start and Stop. */
public final class DatabaseBarView {
    private final DatabaseBarViewModel viewModel;
    private final HBox root;

    @FXML
    private Label stateIcon;
    @FXML
    private Label headline;
    @FXML
    private Label detail;
    @FXML
    private ProgressIndicator busy;
    @FXML
    private Button startButton;
    @FXML
    private Button stopButton;

    public DatabaseBarView(DatabaseBarViewModel viewModel) {
        this.viewModel = viewModel;
        this.root = ViewLoader.load(this, "DatabaseBar.fxml");
        viewModel.stateProperty().addListener((o, old, state) -> showState(state));
        showState(viewModel.stateProperty().get());
    }

    @FXML
    private void initialize() {
        FontIcon dot = new FontIcon(Material2MZ.STORAGE);
        stateIcon.setGraphic(dot);
        headline.textProperty().bind(viewModel.headlineProperty());
        detail.textProperty().bind(viewModel.detailProperty());
        busy.visibleProperty().bind(viewModel.busyProperty());
        busy.managedProperty().bind(viewModel.busyProperty());
        startButton.disableProperty().bind(viewModel.canStartProperty().not());
        stopButton.disableProperty().bind(viewModel.canStopProperty().not());
        startButton.setGraphic(new FontIcon(Material2MZ.PLAY_ARROW));
        stopButton.setGraphic(new FontIcon(Material2MZ.STOP));
    }

    private void showState(DatabaseBarViewModel.State state) {
        root.getStyleClass().removeIf(c -> c.startsWith("state-"));
        root.getStyleClass().add("state-" + state.name().toLowerCase(Locale.ROOT));
    }

    @FXML
    private void start() {
        viewModel.start();
    }

    @FXML
    private void stop() {
        viewModel.stop();
    }

    public HBox root() {
        return root;
    }
}
