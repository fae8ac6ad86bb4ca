package xraygallery.ui.traces;

import java.util.Locale;
import java.util.Map;
import javafx.application.Application;

/**
 * Opens the trace panel alone in a window from a plain class, for {@code xray-gallery traces} (which loads it by
 * name, so that the CLI works where JavaFX cannot start).
 */
public final class TracePanelLauncher {
    /** The exit code when there is no display. */
    public static final int NO_DISPLAY = 3;

    private TracePanelLauncher() {
    }

    /**
     * Opens the panel and returns when its window is closed.
     *
     * @param options {@code endpoint} (the daemon's X-Ray API, {@code http://127.0.0.1:2000}), or {@code aws}
     *     ("true") with {@code profile} and {@code region}; {@code user} (for "my actions"), {@code theme}
     *     ({@code light}/{@code dark}), {@code preferences} (the window's preferences file, for its theme),
     *     {@code trace} (a trace id to select)
     * @return 0, or {@link #NO_DISPLAY}
     */
    public static int launch(Map<String, String> options) {
        String problem = displayProblem(System.getenv(), System.getProperty("os.name", ""));
        if (problem != null) {
            System.err.println(problem);
            return NO_DISPLAY;
        }
        TracePanelApp.options = Map.copyOf(options);
        try {
            Application.launch(TracePanelApp.class);
            return 0;
        } catch (RuntimeException e) {
            System.err.println("The trace panel cannot open here (" + e.getMessage() + ").");
            return NO_DISPLAY;
        }
    }

    static String displayProblem(Map<String, String> env, String osName) {
        boolean monocle = "Monocle".equals(System.getProperty("glass.platform"));
        if (Boolean.getBoolean("java.awt.headless") && !monocle) {
            return "No display (java.awt.headless is set): the trace panel cannot open.";
        }
        boolean linux = osName.toLowerCase(Locale.ROOT).contains("linux");
        if (linux && blank(env.get("DISPLAY")) && blank(env.get("WAYLAND_DISPLAY")) && !monocle) {
            return "No display (DISPLAY is not set): the trace panel cannot open. Read traces with the X-Ray API"
                    + " instead (the daemon answers GetTraceSummaries and BatchGetTraces).";
        }
        return null;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
