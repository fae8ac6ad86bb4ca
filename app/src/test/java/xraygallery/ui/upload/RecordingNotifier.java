package xraygallery.ui.upload;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import xraygallery.ui.common.Notifier;

/** Keeps what the view-model told the user. */
final class RecordingNotifier implements Notifier {
    final List<String> infos = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
        infos.add(message);
    }

    @Override
    public void error(String message) {
        errors.add(message);
    }
}
