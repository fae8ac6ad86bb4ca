package xraygallery.ui;

import atlantafx.base.controls.Notification;
import atlantafx.base.theme.Styles;
import java.io.IOException;
import java.time.Duration;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import xraygallery.app.AwsProfiles;
import xraygallery.app.GalleryRuntime;
import xraygallery.photos.User;
import xraygallery.ui.common.ErrorMessages;
import xraygallery.ui.common.Notifier;
import xraygallery.ui.common.Theme;
import xraygallery.ui.common.UiPreferences;
import xraygallery.ui.common.ViewLoader;
import xraygallery.ui.database.DatabaseBarView;
import xraygallery.ui.database.DatabaseBarViewModel;
import xraygallery.ui.settings.SettingsDialog;
import xraygallery.ui.settings.SettingsViewModel;
import xraygallery.ui.signin.AccountService;
import xraygallery.ui.signin.SignInView;
import xraygallery.ui.signin.SignInViewModel;

/**
 * The main window's frame: a header that always says which world the session runs in and how the X-Ray daemon
 * is, the database bar, a banner while the local cloud does not answer, and the content — start-up progress,
 * the sign-in card, or the signed-in {@link Workspace}. Notifications appear bottom right and fade.
 */
public final class MainWindow implements Notifier {
    private final MainViewModel viewModel;
    private final UiPreferences preferences;
    private final StackPane root;
    private Theme theme;
    private Workspace workspace;

    @FXML
    private Label logo;
    @FXML
    private Label worldChip;
    @FXML
    private Label daemonChip;
    @FXML
    private HBox featureActions;
    @FXML
    private Button settingsButton;
    @FXML
    private Button themeButton;
    @FXML
    private MenuButton userMenu;
    @FXML
    private HBox banner;
    @FXML
    private Label bannerIcon;
    @FXML
    private Label bannerText;
    @FXML
    private ProgressIndicator bannerBusy;
    @FXML
    private Button bannerAction;
    @FXML
    private StackPane databaseSlot;
    @FXML
    private StackPane content;
    @FXML
    private VBox startup;
    @FXML
    private ProgressIndicator startupSpinner;
    @FXML
    private Label progressLine;
    @FXML
    private Label errorLine;
    @FXML
    private Button retryButton;
    @FXML
    private VBox notifications;

    public MainWindow(MainViewModel viewModel, UiPreferences preferences, Theme theme) {
        this.viewModel = viewModel;
        this.preferences = preferences;
        this.theme = theme;
        this.root = ViewLoader.load(this, "MainWindow.fxml");
    }

    @FXML
    private void initialize() {
        logo.setGraphic(new FontIcon(Material2AL.FILTER_CENTER_FOCUS));
        settingsButton.setGraphic(new FontIcon(Material2MZ.SETTINGS));
        settingsButton.setTooltip(new Tooltip("Settings: local or AWS, bucket, database"));
        settingsButton.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        themeButton.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        themeButton.setTooltip(new Tooltip("Light or dark"));
        showThemeIcon();
        userMenu.setGraphic(new FontIcon(Material2AL.ACCOUNT_CIRCLE));
        userMenu.getStyleClass().add(Styles.FLAT);
        userMenu.visibleProperty().bind(viewModel.userProperty().isNotNull());
        userMenu.managedProperty().bind(userMenu.visibleProperty());
        userMenu.textProperty().bind(Bindings.createStringBinding(
                () -> viewModel.userProperty().get() == null ? "" : viewModel.userProperty().get().name(),
                viewModel.userProperty()));

        worldChip.textProperty().bind(viewModel.worldProperty());
        worldChip.setGraphic(new FontIcon(Material2AL.CLOUD));
        worldChip.visibleProperty().bind(viewModel.worldProperty().isNotEmpty());
        viewModel.awsProperty().addListener((o, was, aws) -> worldChip.setGraphic(
                new FontIcon(aws ? Material2AL.CLOUD_QUEUE : Material2AL.COMPUTER)));
        daemonChip.setGraphic(new FontIcon(Material2AL.FIBER_MANUAL_RECORD));
        showDaemon(viewModel.daemonStatusProperty().get());

        bannerIcon.setGraphic(new FontIcon(Material2AL.ERROR_OUTLINE));
        banner.visibleProperty().bind(viewModel.cloudDownProperty().or(viewModel.daemonDownProperty()));
        banner.managedProperty().bind(banner.visibleProperty());
        bannerText.textProperty().bind(Bindings.createStringBinding(() -> {
            if (viewModel.cloudDownProperty().get()) {
                return "The local cloud does not answer, so photos and the database are out of reach. "
                        + "Nothing accepted is lost: pending uploads resume once it is back.";
            }
            return "The X-Ray daemon does not answer: actions still work, but their traces are lost until it is back.";
        }, viewModel.cloudDownProperty(), viewModel.daemonDownProperty()));
        bannerBusy.visibleProperty().bind(viewModel.revivingProperty());
        bannerAction.disableProperty().bind(viewModel.revivingProperty());

        progressLine.textProperty().bind(viewModel.progressProperty());
        errorLine.textProperty().bind(viewModel.failureProperty());
        errorLine.visibleProperty().bind(viewModel.failureProperty().isNotEmpty());
        errorLine.managedProperty().bind(errorLine.visibleProperty());
        startupSpinner.visibleProperty().bind(viewModel.phaseProperty().isEqualTo(MainViewModel.Phase.STARTING));
        retryButton.visibleProperty().bind(viewModel.phaseProperty().isEqualTo(MainViewModel.Phase.FAILED));
        retryButton.managedProperty().bind(retryButton.visibleProperty());

        viewModel.databaseProperty().addListener((o, old, bar) -> showDatabase(bar));
        viewModel.phaseProperty().addListener((o, old, phase) -> showContent());
        viewModel.userProperty().addListener((o, old, user) -> showContent());
        // the session may have moved on while the window was being built
        showDatabase(viewModel.databaseProperty().get());
        if (viewModel.phaseProperty().get() == MainViewModel.Phase.READY) {
            javafx.application.Platform.runLater(this::showContent);
        }
        viewModel.daemonStatusProperty().addListener((o, old, status) -> showDaemon(status));
    }

    private void showDatabase(DatabaseBarViewModel bar) {
        databaseSlot.getChildren().setAll(bar == null ? new Node[0] : new Node[] {new DatabaseBarView(bar).root()});
    }

    private void showDaemon(DaemonStatus status) {
        daemonChip.getStyleClass().removeAll("ok", "warning", "down");
        daemonChip.setText(status.line());
        daemonChip.setTooltip(status.detail().isEmpty() ? null : new Tooltip(status.detail()));
        switch (status.level()) {
            case OK -> daemonChip.getStyleClass().add("ok");
            case WARNING -> daemonChip.getStyleClass().add("warning");
            case DOWN -> daemonChip.getStyleClass().add("down");
            default -> { }
        }
    }

    /** Start-up, sign-in or the workspace, whichever the session is at. */
    private void showContent() {
        MainViewModel.Phase phase = viewModel.phaseProperty().get();
        User user = viewModel.userProperty().get();
        GalleryRuntime runtime = viewModel.runtimeProperty().get();
        if (phase != MainViewModel.Phase.READY || runtime == null) {
            closeWorkspace();
            content.getChildren().setAll(startup);
            return;
        }
        if (user == null) {
            closeWorkspace();
            DatabaseBarViewModel bar = viewModel.databaseProperty().get();
            SignInViewModel signIn = new SignInViewModel(AccountService.of(runtime.services().accounts()), bar.availableProperty(),
                    viewModel.tasks(), viewModel::signedIn);
            SignInView view = new SignInView(signIn, bar::start);
            content.getChildren().setAll(view.root());
            view.focus();
            return;
        }
        closeWorkspace();
        workspace = new Workspace(new Workspace.Context(runtime, user, viewModel.tasks(), this, preferences));
        featureActions.getChildren().setAll(workspace.headerActions());
        content.getChildren().setAll(workspace.root());
    }

    private void closeWorkspace() {
        if (workspace != null) {
            workspace.close();
            workspace = null;
        }
        featureActions.getChildren().clear();
    }

    /** The signed-in workspace, or null. */
    public Workspace workspace() {
        return workspace;
    }

    @FXML
    private void retry() {
        viewModel.start();
    }

    @FXML
    private void reviveServices() {
        viewModel.reviveServices();
    }

    @FXML
    private void signOut() {
        viewModel.signOut();
    }

    @FXML
    private void openSettings() {
        DesktopOptions options = viewModel.options();
        SettingsViewModel settings;
        try {
            settings = new SettingsViewModel(SettingsViewModel.fileStore(options.configFile()), options.environment(),
                    AwsProfiles.list(), AwsProfiles.regions(), viewModel.sessionPassword());
        } catch (IOException | RuntimeException e) {
            error("The settings file cannot be read: " + ErrorMessages.describe(e));
            return;
        }
        if (!new SettingsDialog(settings, options.configFile()).showAndSave(root.getScene().getWindow())) {
            return;
        }
        viewModel.setSessionPassword(settings.passwordProperty().get());
        Alert restart = new Alert(Alert.AlertType.CONFIRMATION,
                "The new settings apply to a new session. Restart it now? Uploads under way finish first; the local"
                        + " cloud and the daemon this window started stop, and you sign in again.",
                ButtonType.YES, ButtonType.NO);
        restart.initOwner(root.getScene().getWindow());
        restart.setHeaderText("Restart the session?");
        if (restart.showAndWait().filter(b -> b == ButtonType.YES).isPresent()) {
            viewModel.restartSession();
        } else {
            info("Saved. The settings apply the next time X-Ray Gallery starts.");
        }
    }

    @FXML
    private void toggleTheme() {
        theme = theme.other();
        theme.apply();
        preferences.put("theme", theme.name());
        showThemeIcon();
    }

    private void showThemeIcon() {
        themeButton.setGraphic(new FontIcon(theme == Theme.DARK ? Material2MZ.WB_SUNNY : Material2MZ.NIGHTS_STAY));
    }

    @Override
    public void info(String message) {
        notify(message, Styles.ACCENT, Material2AL.INFO, Duration.ofSeconds(5));
    }

    @Override
    public void error(String message) {
        notify(message, Styles.DANGER, Material2AL.ERROR_OUTLINE, Duration.ofSeconds(12));
    }

    private void notify(String message, String style, org.kordamp.ikonli.Ikon icon, Duration shownFor) {
        viewModel.tasks().runOnUiThread(() -> {
            Notification notification = new Notification(message, new FontIcon(icon));
            notification.getStyleClass().addAll(style, Styles.ELEVATED_1, "notification");
            notification.setPrefWidth(360);
            notification.setOnClose(e -> notifications.getChildren().remove(notification));
            notifications.getChildren().add(notification);
            while (notifications.getChildren().size() > 4) {
                notifications.getChildren().remove(0);
            }
            viewModel.tasks().schedule(shownFor, () -> notifications.getChildren().remove(notification));
        });
    }

    public MainViewModel viewModel() {
        return viewModel;
    }

    public UiPreferences preferences() {
        return preferences;
    }

    public StackPane root() {
        return root;
    }
}
