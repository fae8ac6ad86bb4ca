package xraygallery.ui.common;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the window remembers between runs: size, position, split positions, theme, which panels are open. Kept in
 * a small properties file in the user's config folder ({@code $XDG_CONFIG_HOME/xray-gallery/window.properties});
 * a missing or damaged file just means defaults.
 */
public final class UiPreferences {
    private static final Logger LOG = LoggerFactory.getLogger(UiPreferences.class);

    private final Path file;
    private final Properties values = new Properties();

    private UiPreferences(Path file) {
        this.file = file;
    }

    /** Reads {@code file}, if it exists. */
    public static UiPreferences load(Path file) {
        UiPreferences preferences = new UiPreferences(file);
        if (file != null && Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                preferences.values.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("ignoring unreadable window preferences {}: {}", file, e.toString());
            }
        }
        return preferences;
    }

    /** Preferences that are never saved (tests). */
    public static UiPreferences inMemory() {
        return new UiPreferences(null);
    }

    public double getDouble(String key, double fallback) {
        try {
            String value = values.getProperty(key);
            return value == null ? fallback : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public boolean getBoolean(String key, boolean fallback) {
        String value = values.getProperty(key);
        return value == null ? fallback : Boolean.parseBoolean(value);
    }

    public String getString(String key, String fallback) {
        return values.getProperty(key, fallback);
    }

    public void put(String key, Object value) {
        values.setProperty(key, String.valueOf(value));
    }

    /** Writes the file (atomically); a failure is logged, never shown. */
    public void save() {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer writer = Files.newBufferedWriter(temp)) {
                values.store(writer, "X-Ray Gallery window state");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("could not save window preferences to {}: {}", file, e.toString());
        }
    }
}
