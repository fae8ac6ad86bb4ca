package xraygallery.ui;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.app.GalleryRuntime;
import xraygallery.ui.common.FxTaskExecutor;
import xraygallery.ui.common.Theme;
import xraygallery.ui.common.UiPreferences;

/**
 * The desktop app: shows the window at once, then starts the session (local cloud, daemon, use-cases) in the
 * background with a progress line. Closing the window stops what it started, and nothing else.
 */
public class GalleryApp extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(GalleryApp.class);
    private static final double DEFAULT_WIDTH = 1280;
    private static final double DEFAULT_HEIGHT = 820;

    private final DesktopOptions options;
    private final MainViewModel.RuntimeStarter starter;
    private FxTaskExecutor tasks;
    private MainWindow window;
    private UiPreferences preferences;
    private Stage stage;

    /** As {@code java -jar xray-gallery.jar} starts it. */
    public GalleryApp() {
        this(DesktopOptions.fromEnvironment(Boolean.getBoolean("xraygallery.aws")), GalleryRuntime::open);
    }

    /** With given options and a given way to start the session (tests). */
    public GalleryApp(DesktopOptions options, MainViewModel.RuntimeStarter starter) {
        this.options = options;
        this.starter = starter;
    }

    @Override
    public void start(Stage primaryStage) {
        this.stage = primaryStage;
        preferences = options.preferencesFile() == null ? UiPreferences.inMemory()
                : UiPreferences.load(options.preferencesFile());
        Theme theme = "DARK".equals(preferences.getString("theme", Theme.LIGHT.name())) ? Theme.DARK : Theme.LIGHT;
        theme.apply();
        tasks = new FxTaskExecutor(4);
        MainViewModel viewModel = new MainViewModel(options, tasks, starter);
        // the window shows at once with the start-up line; the full window (FXML, icons) is built on the next pulse
        StartupSplash splash = new StartupSplash(viewModel.progressProperty());
        Scene scene = new Scene(splash.root(), preferences.getDouble("window.width", DEFAULT_WIDTH),
                preferences.getDouble("window.height", DEFAULT_HEIGHT));
        scene.getStylesheets().add(Theme.appStylesheet());
        stage.setScene(scene);
        stage.setTitle("X-Ray Gallery");
        stage.setMinWidth(760);
        stage.setMinHeight(520);
        var icon = GalleryApp.class.getResource("icon.png");
        if (icon != null) {
            stage.getIcons().add(new Image(icon.toExternalForm()));
        }
        double x = preferences.getDouble("window.x", Double.NaN);
        double y = preferences.getDouble("window.y", Double.NaN);
        if (!Double.isNaN(x) && !Double.isNaN(y)) {
            stage.setX(x);
            stage.setY(y);
        }
        stage.setMaximized(preferences.getBoolean("window.maximized", false));
        stage.show();
        LOG.info("window shown {} ms after the JVM started", sinceJvmStart());
        viewModel.startupTimeProperty().addListener((o, old, took) -> {
            if (took != null) {
                LOG.info("window usable {} ms after the JVM started (session started in {} ms)", sinceJvmStart(),
                        took.toMillis());
            }
        });
        viewModel.start(); // the local cloud and the daemon come up while the rest of the window is built
        Platform.runLater(() -> {
            window = new MainWindow(viewModel, preferences, theme);
            scene.setRoot(window.root());
            Shortcuts.install(scene, window);
        });
    }

    /** Remembers the window, then stops what the session started (the local cloud may take a few seconds). */
    @Override
    public void stop() {
        if (window != null) {
            if (!stage.isMaximized()) {
                preferences.put("window.x", stage.getX());
                preferences.put("window.y", stage.getY());
                preferences.put("window.width", stage.getWidth());
                preferences.put("window.height", stage.getHeight());
            }
            preferences.put("window.maximized", stage.isMaximized());
            if (window.workspace() != null) {
                window.workspace().close();
            }
            preferences.save();
            stage.hide();
            window.viewModel().close();
        }
        if (tasks != null) {
            tasks.close();
        }
        LOG.info("window closed");
    }

    private static long sinceJvmStart() {
        return System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    /** The window (tests). */
    public MainWindow window() {
        return window;
    }
}
