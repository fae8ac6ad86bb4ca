package xraygallery.app;

import java.nio.file.Path;

/** Where X-Ray Gallery keeps its data: {@code $XDG_DATA_HOME/xray-gallery}, else {@code ~/.local/share/xray-gallery}. */
public final class AppDirectories {
    private AppDirectories() {
    }

    public static Path dataHome() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("xray-gallery");
    }
}
