package xraygallery.ui;

import java.util.Locale;
import java.util.Map;
import javafx.application.Application;

/**
 * Starts the window from a plain class (the jar runs on a class path, where launching an {@code Application}
 * subclass directly fails). Without a display it says so in one line and names the CLI commands instead.
 */
public final class DesktopLauncher {
    /** The exit code when there is no display. */
    public static final int NO_DISPLAY = 3;

    private DesktopLauncher() {
    }

    /** Opens the window and returns when it is closed: 0, or {@link #NO_DISPLAY} without a display. */
    public static int launch(boolean aws) {
        String problem = displayProblem(System.getenv(), System.getProperty("os.name", ""));
        if (problem != null) {
            System.err.println(problem);
            return NO_DISPLAY;
        }
        if (aws) {
            System.setProperty("xraygallery.aws", "true");
        }
        try {
            Application.launch(GalleryApp.class);
            return 0;
        } catch (RuntimeException e) {
            System.err.println(launchProblem(e.getMessage()));
            return NO_DISPLAY;
        }
    }

    /** What to tell the user when JavaFX could not start: GTK 3 missing gets its own advice. */
    static String launchProblem(String message) {
        if (message != null && message.contains("GTK")) {
            return "The window needs GTK 3, which could not be loaded (" + message + "). Install it (Debian/Ubuntu:"
                    + " sudo apt-get install libgtk-3-0). " + CLI_HINT;
        }
        return "The window cannot open here (" + message + "). " + CLI_HINT;
    }

    static final String CLI_HINT = "Use the command line instead: xray-gallery db|users|upload|photos|localcloud|daemon"
            + " (see --help).";

    /** Why no window can open on this machine, or null when one can (Linux needs DISPLAY or WAYLAND_DISPLAY). */
    static String displayProblem(Map<String, String> env, String osName) {
        if (Boolean.getBoolean("java.awt.headless") && !"Monocle".equals(System.getProperty("glass.platform"))) {
            return "No display (java.awt.headless is set): the window cannot open. " + CLI_HINT;
        }
        boolean linux = osName.toLowerCase(Locale.ROOT).contains("linux");
        if (linux && isBlank(env.get("DISPLAY")) && isBlank(env.get("WAYLAND_DISPLAY"))
                && !"Monocle".equals(System.getProperty("glass.platform"))) {
            return "No display (DISPLAY is not set): the window cannot open. " + CLI_HINT;
        }
        return null;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
