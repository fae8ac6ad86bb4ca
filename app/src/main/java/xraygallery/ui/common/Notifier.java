package xraygallery.ui.common;

/**
 * Short messages to the user that need no answer: shown as notifications in the window (they fade), or a banner
 * that stays while a problem lasts. View-models call it; the main window implements it.
 */
public interface Notifier {
    /** A passing piece of news ("3 photos uploaded"). */
    void info(String message);

    /** Something failed; the user may want to act. */
    void error(String message);

    /** A notifier that drops everything (tests that do not care). */
    static Notifier silent() {
        return new Notifier() {
            @Override
            public void info(String message) {
            }

            @Override
            public void error(String message) {
            }
        };
    }
}
