package xraygallery.ui.common;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what view-models tell the user, for tests (safe to read from any thread). */
public final class RecordingNotifier implements Notifier {
    public final List<String> infos = new CopyOnWriteArrayList<>();
    public final List<String> errors = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
        infos.add(message);
    }

    @Override
    public void error(String message) {
        errors.add(message);
    }
}
