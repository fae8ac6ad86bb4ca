package xraygallery.ui.common;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;

/** The window's look: AtlantaFX's Primer theme, light or dark, plus the app's own stylesheet. */
public enum Theme {
    LIGHT, DARK;

    /** Makes this theme the user agent stylesheet of every window. */
    public void apply() {
        Application.setUserAgentStylesheet(this == DARK ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    public Theme other() {
        return this == DARK ? LIGHT : DARK;
    }

    /** The app-wide stylesheet (fonts, spacing, shared classes); features add their own. */
    public static String appStylesheet() {
        return Theme.class.getResource("app.css").toExternalForm();
    }
}
