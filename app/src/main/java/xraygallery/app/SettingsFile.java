package xraygallery.app;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The gallery's config file ({@code $XDG_CONFIG_HOME/xray-gallery/config.properties}), which the CLI and the window
 * both read: the settings dialog writes it here. Keys it does not manage are kept as they are; the database
 * password is never written (it comes from the environment or is asked once per session).
 */
public final class SettingsFile {
    /** The keys the settings dialog manages. */
    public static final Set<String> MANAGED = Set.of("XRAY_GALLERY_MODE", "AWS_PROFILE", "AWS_REGION", "PHOTOS_BUCKET",
            "DATABASE_INSTANCE", "DATABASE_HOST", "DATABASE_PORT", "DATABASE_USER", "DATABASE_DB_NAME");
    /** Never written by the app. */
    public static final String PASSWORD_KEY = "DATABASE_PASSWORD";

    private SettingsFile() {
    }

    /** The file's settings (empty when it does not exist). */
    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return values;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        properties.forEach((k, v) -> values.put(k.toString().trim(), v.toString().trim()));
        return values;
    }

    /**
     * Replaces the managed settings with {@code settings} (a blank or missing value removes the key) and keeps
     * every other key; refuses to write {@link #PASSWORD_KEY}. The file is written owner-only, atomically.
     */
    public static void write(Path file, Map<String, String> settings) throws IOException {
        if (settings.containsKey(PASSWORD_KEY)) {
            throw new IllegalArgumentException("the database password is never written to the config file");
        }
        Map<String, String> values = new TreeMap<>(read(file));
        for (String key : MANAGED) {
            String value = settings.get(key);
            if (value == null || value.isBlank()) {
                values.remove(key);
            } else {
                values.put(key, value.strip());
            }
        }
        Properties properties = new Properties();
        properties.putAll(values);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temp)) {
            properties.store(writer, "X-Ray Gallery settings (the CLI and the window read them; environment variables"
                    + " override them)");
        }
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the platform's defaults apply
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
