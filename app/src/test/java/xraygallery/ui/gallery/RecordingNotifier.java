package xraygallery.ui.gallery;

import java.util.ArrayList;
import java.util.List;
import xraygallery.ui.common.Notifier;

/** Keeps what the view-models tell the user. */
final class RecordingNotifier implements Notifier {
    final List<String> infos = new ArrayList<>();
    final List<String> errors = new ArrayList<>();

    @Override
    public void info(String message) {
        infos.add(message);
    }

    @Override
    public void error(String message) {
        errors.add(message);
    }
}
