package xraygallery.ui.traces;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import xraygallery.traceview.TraceSource;
import xraygallery.traceview.TraceSourceException;
import xraygallery.traceview.XRayTraceSource;
import xraygallery.ui.common.FxTaskExecutor;
import xraygallery.ui.common.Theme;
import xraygallery.ui.common.UiPreferences;

/**
 * The trace panel alone in a window ({@code xray-gallery traces}): against a daemon's X-Ray API, or AWS X-Ray.
 * Started through {@link TracePanelLauncher}.
 */
public final class TracePanelApp extends Application {
    static volatile Map<String, String> options = Map.of();
    private FxTaskExecutor tasks;
    private TracePanelViewModel viewModel;

    @Override
    public void start(Stage stage) {
        Map<String, String> settings = options;
        String themeName = settings.getOrDefault("theme", "");
        if (themeName.isEmpty() && settings.get("preferences") != null) {
            themeName = UiPreferences.load(java.nio.file.Path.of(settings.get("preferences"))).getString("theme", "");
        }
        Theme theme = themeName.toUpperCase(Locale.ROOT).equals("DARK") ? Theme.DARK : Theme.LIGHT;
        theme.apply();
        tasks = new FxTaskExecutor(3);
        TraceSource source;
        TracePanelViewModel.Options panelOptions;
        String where;
        if (Boolean.parseBoolean(settings.getOrDefault("aws", "false"))) {
            panelOptions = TracePanelViewModel.Options.awsXRay();
            where = "AWS X-Ray";
            try {
                source = XRayTraceSource.forAws(settings.get("profile"), settings.get("region"));
            } catch (TraceSourceException e) {
                source = new UnavailableTraceSource(e.getMessage());
            }
        } else {
            URI endpoint = URI.create(settings.getOrDefault("endpoint", "http://127.0.0.1:2000"));
            source = XRayTraceSource.forLocalDaemon(endpoint);
            panelOptions = TracePanelViewModel.Options.localDaemon();
            where = endpoint.getAuthority();
        }
        viewModel = new TracePanelViewModel(source, tasks, settings.get("user"), panelOptions);
        TracePanelView view = new TracePanelView(viewModel);
        Scene scene = new Scene(view.root(), 1360, 860);
        scene.getStylesheets().add(Theme.appStylesheet());
        stage.setScene(scene);
        stage.setTitle("X-Ray Gallery · Traces · " + where);
        stage.setMinWidth(760);
        stage.setMinHeight(480);
        stage.show();
        viewModel.start();
        String select = settings.get("trace");
        if (select != null && !select.isBlank()) {
            viewModel.selectTrace(select);
        }
    }

    @Override
    public void stop() {
        if (viewModel != null) {
            viewModel.close();
        }
        if (tasks != null) {
            tasks.close();
        }
    }
}
