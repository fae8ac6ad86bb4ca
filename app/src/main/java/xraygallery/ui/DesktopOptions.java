package xraygallery.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import xraygallery.app.AppDirectories;
import xraygallery.photos.GalleryConfig;
import xraygallery.tracing.TracingConfig;

/**
 * Where the window takes its settings from: the environment, the config file the CLI reads too, the data folder,
 * the daemon's address, and the file that remembers the window's state. Tests pass their own.
 *
 * @param awsFlag {@code --aws} on the command line
 */
public record DesktopOptions(Map<String, String> environment, Path configFile, Path dataHome, String daemonAddress,
        Path preferencesFile, boolean awsFlag) {

    public DesktopOptions {
        environment = Map.copyOf(environment);
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(dataHome, "dataHome");
        Objects.requireNonNull(daemonAddress, "daemonAddress");
    }

    /** As a user's start sees them. */
    public static DesktopOptions fromEnvironment(boolean awsFlag) {
        Map<String, String> env = System.getenv();
        Path configFile = GalleryConfig.defaultFile(env);
        return new DesktopOptions(env, configFile, AppDirectories.dataHome(),
                TracingConfig.fromEnvironment().daemonAddress(), configFile.resolveSibling("window.properties"), awsFlag);
    }

    /**
     * The gallery's configuration as it stands now (environment over config file over defaults), with
     * {@code sessionValues} (the database password asked for this session) over all of them.
     */
    public GalleryConfig loadConfig(Map<String, String> sessionValues) throws IOException {
        Map<String, String> values = new java.util.HashMap<>(environment);
        values.putAll(sessionValues);
        return GalleryConfig.load(values, configFile, awsFlag, dataHome);
    }
}
