package xraygallery.ui.settings;

import atlantafx.base.theme.Styles;
import java.io.IOException;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import xraygallery.ui.common.ErrorMessages;
import xraygallery.ui.common.ViewLoader;

/**
 * The settings dialog: Local ↔ AWS, profile, region, bucket, database. Save writes the config file; the caller
 * restarts the session when {@link #showAndSave} says the settings changed.
 */
public final class SettingsDialog {
    private final SettingsViewModel viewModel;
    private final Path configFile;
    private final VBox root;
    private final Dialog<ButtonType> dialog = new Dialog<>();

    @FXML
    private ToggleButton localToggle;
    @FXML
    private ToggleButton awsToggle;
    @FXML
    private VBox localSection;
    @FXML
    private VBox awsSection;
    @FXML
    private ComboBox<String> profile;
    @FXML
    private ComboBox<String> region;
    @FXML
    private TextField bucket;
    @FXML
    private TextField instanceId;
    @FXML
    private TextField databaseHost;
    @FXML
    private TextField databasePort;
    @FXML
    private TextField databaseUser;
    @FXML
    private TextField databaseName;
    @FXML
    private PasswordField password;
    @FXML
    private Label problem;
    @FXML
    private Label savedTo;

    public SettingsDialog(SettingsViewModel viewModel, Path configFile) {
        this.viewModel = viewModel;
        this.configFile = configFile;
        this.root = ViewLoader.load(this, "Settings.fxml");
    }

    @FXML
    private void initialize() {
        ToggleGroup world = new ToggleGroup();
        localToggle.setToggleGroup(world);
        awsToggle.setToggleGroup(world);
        localToggle.getStyleClass().add(Styles.LEFT_PILL);
        awsToggle.getStyleClass().add(Styles.RIGHT_PILL);
        localToggle.setGraphic(new FontIcon(Material2AL.COMPUTER));
        awsToggle.setGraphic(new FontIcon(Material2AL.CLOUD_QUEUE));
        (viewModel.awsProperty().get() ? awsToggle : localToggle).setSelected(true);
        world.selectedToggleProperty().addListener((o, old, now) -> {
            if (now == null) {
                old.setSelected(true); // one of the two is always chosen
            } else {
                viewModel.awsProperty().set(now == awsToggle);
            }
        });
        viewModel.awsProperty().addListener((o, was, aws) -> fitWindow());
        viewModel.problemProperty().addListener((o, was, now) -> fitWindow());
        localSection.visibleProperty().bind(viewModel.awsProperty().not());
        localSection.managedProperty().bind(localSection.visibleProperty());
        awsSection.visibleProperty().bind(viewModel.awsProperty());
        awsSection.managedProperty().bind(awsSection.visibleProperty());

        profile.setItems(viewModel.profiles());
        profile.setEditable(true);
        profile.valueProperty().bindBidirectional(viewModel.profileProperty());
        region.setItems(viewModel.regions());
        region.setEditable(true);
        region.valueProperty().bindBidirectional(viewModel.regionProperty());
        fixedByEnvironment(profile, "AWS_PROFILE");
        fixedByEnvironment(region, "AWS_REGION");
        field(bucket, viewModel.bucketProperty(), "PHOTOS_BUCKET");
        field(instanceId, viewModel.instanceIdProperty(), "DATABASE_INSTANCE");
        field(databaseHost, viewModel.databaseHostProperty(), "DATABASE_HOST");
        field(databasePort, viewModel.databasePortProperty(), "DATABASE_PORT");
        field(databaseUser, viewModel.databaseUserProperty(), "DATABASE_USER");
        field(databaseName, viewModel.databaseNameProperty(), "DATABASE_DB_NAME");
        password.textProperty().bindBidirectional(viewModel.passwordProperty());
        problem.textProperty().bind(viewModel.problemProperty());
        problem.visibleProperty().bind(viewModel.problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        savedTo.setText("Saved to " + configFile + ", which the command line reads too. Environment variables"
                + " override it. The database password is kept for this session only.");
    }

    /** The dialog grows and shrinks with its content (the AWS section, a problem line). */
    private void fitWindow() {
        if (root.getScene() != null && root.getScene().getWindow() != null) {
            javafx.application.Platform.runLater(() -> root.getScene().getWindow().sizeToScene());
        }
    }

    private void field(TextInputControl input, StringProperty property, String key) {
        input.textProperty().bindBidirectional(property);
        fixedByEnvironment(input, key);
    }

    private void fixedByEnvironment(javafx.scene.control.Control control, String key) {
        String variable = viewModel.overriddenBy(key);
        if (variable != null) {
            control.setDisable(true);
            control.setTooltip(new Tooltip("Set by the environment variable " + variable));
        }
    }

    /**
     * Shows the dialog; on Save writes the settings.
     *
     * @return true when saved settings differ from those the session runs on (the caller offers a restart)
     */
    public boolean showAndSave(Window owner) {
        dialog.initOwner(owner);
        dialog.setTitle("Settings");
        dialog.setHeaderText(null);
        dialog.getDialogPane().setContent(root);
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(save, ButtonType.CANCEL);
        Button saveButton = (Button) dialog.getDialogPane().lookupButton(save);
        saveButton.setId("saveSettings");
        saveButton.disableProperty().bind(Bindings.isNotEmpty(viewModel.problemProperty()));
        boolean[] changed = {false};
        saveButton.addEventFilter(javafx.event.ActionEvent.ACTION, event -> {
            try {
                changed[0] = viewModel.save();
            } catch (IOException | RuntimeException e) {
                event.consume(); // keep the dialog open with the reason
                problem.textProperty().unbind();
                problem.setText("The settings could not be saved: " + ErrorMessages.describe(e));
                problem.setVisible(true);
                problem.setManaged(true);
            }
        });
        return dialog.showAndWait().filter(b -> b == save).isPresent() && changed[0];
    }

    /** The dialog itself (tests). */
    public Dialog<ButtonType> dialog() {
        return dialog;
    }
}
