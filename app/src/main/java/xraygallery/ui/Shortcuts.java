package xraygallery.ui;

import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * The window's keyboard shortcuts: Ctrl+O upload, Ctrl+F search, Delete, F5 refresh, Ctrl+T the trace panel.
 * Each does what the matching button does, and nothing while it does not apply (signed out, say).
 */
final class Shortcuts {
    static final KeyCombination UPLOAD = new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination SEARCH = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination TRACES = new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination REFRESH = new KeyCodeCombination(KeyCode.F5);
    static final KeyCombination DELETE = new KeyCodeCombination(KeyCode.DELETE);

    private Shortcuts() {
    }

    static void install(Scene scene, MainWindow window) {
        scene.getAccelerators().put(REFRESH, () -> {
            if (window.viewModel().databaseProperty().get() != null) {
                window.viewModel().databaseProperty().get().refresh();
            }
            if (window.workspace() != null) {
                window.workspace().refresh();
            }
        });
        scene.getAccelerators().put(UPLOAD, () -> {
            if (window.workspace() != null) {
                window.workspace().chooseFilesToUpload();
            }
        });
        scene.getAccelerators().put(SEARCH, () -> {
            if (window.workspace() != null) {
                window.workspace().focusSearch();
            }
        });
        scene.getAccelerators().put(TRACES, () -> {
            if (window.workspace() != null) {
                window.workspace().toggleTraces();
            }
        });
        scene.getAccelerators().put(DELETE, () -> {
            if (window.workspace() != null) {
                window.workspace().deleteSelected();
            }
        });
    }
}
