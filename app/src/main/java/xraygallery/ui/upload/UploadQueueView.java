package xraygallery.ui.upload;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.css.PseudoClass;
import javafx.event.EventHandler;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import xraygallery.ui.common.ViewLoader;

/**
 * The upload queue panel: the overall progress and its commands above a list of rows, one per file. Also the two
 * ways files come in: the file chooser ({@link #chooseFiles}, for the toolbar button and Ctrl+O) and dropping files
 * or folders on the window ({@link #installDropTarget}), which shows a drop zone while files are dragged over it.
 */
public final class UploadQueueView {
    /** Set on the drop target while files are dragged over it. */
    public static final PseudoClass DRAGGING_FILES = PseudoClass.getPseudoClass("dragging-files");
    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);

    private final UploadQueueViewModel viewModel;
    private final VBox root;
    private Path lastFolder;
    private Node dropTarget;
    private StackPane dropZone;
    private EventHandler<DragEvent> dragHandler;

    @FXML
    private Label title;
    @FXML
    private ProgressIndicator addingSpinner;
    @FXML
    private Button addButton;
    @FXML
    private Label summary;
    @FXML
    private ProgressBar overall;
    @FXML
    private Button cancelButton;
    @FXML
    private Button retryButton;
    @FXML
    private Button clearButton;
    @FXML
    private ListView<UploadRow> list;

    public UploadQueueView(UploadQueueViewModel viewModel) {
        this.viewModel = viewModel;
        this.root = ViewLoader.load(this, "UploadQueue.fxml");
    }

    @FXML
    private void initialize() {
        addButton.setGraphic(new FontIcon(Material2AL.ADD_PHOTO_ALTERNATE));
        addButton.getStyleClass().add(Styles.ACCENT);
        addButton.setTooltip(new Tooltip("Choose photos to upload (Ctrl+O), or drop files and folders on the window"));
        addingSpinner.visibleProperty().bind(viewModel.addingProperty().greaterThan(0));
        addingSpinner.managedProperty().bind(addingSpinner.visibleProperty());
        summary.textProperty().bind(viewModel.summaryProperty());
        overall.progressProperty().bind(viewModel.progressProperty());
        overall.visibleProperty().bind(viewModel.activeProperty());
        overall.managedProperty().bind(overall.visibleProperty());
        for (Button button : List.of(cancelButton, retryButton, clearButton)) {
            button.getStyleClass().add(Styles.SMALL);
        }
        cancelButton.setGraphic(new FontIcon(Material2AL.BLOCK));
        cancelButton.setTooltip(new Tooltip("Cancel the files not started yet"));
        cancelButton.disableProperty().bind(viewModel.canCancelProperty().not());
        retryButton.setGraphic(new FontIcon(Material2MZ.REPLAY));
        retryButton.setTooltip(new Tooltip("Try failed and pending files again"));
        retryButton.disableProperty().bind(viewModel.canRetryProperty().not());
        clearButton.setGraphic(new FontIcon(Material2AL.CLEAR_ALL));
        clearButton.setTooltip(new Tooltip("Remove done, skipped, failed and cancelled files from the list"));
        clearButton.disableProperty().bind(viewModel.canClearProperty().not());

        list.setItems(viewModel.rows());
        list.setCellFactory(view -> new UploadRowCell(viewModel, this::copyTraceId));
        Label placeholder = new Label("Drop photos or folders on the window,\nor choose them with the Add photos button.");
        placeholder.getStyleClass().add("placeholder");
        list.setPlaceholder(placeholder);
        list.getSelectionModel().selectedItemProperty().addListener((o, old, row) -> viewModel.selectedRowProperty().set(row));
        viewModel.selectedRowProperty().addListener((o, old, row) -> {
            if (row == null) {
                list.getSelectionModel().clearSelection();
            } else if (list.getSelectionModel().getSelectedItem() != row) {
                list.getSelectionModel().select(row);
            }
        });
        list.setOnKeyPressed(event -> {
            UploadRow row = list.getSelectionModel().getSelectedItem();
            if (row == null) {
                return;
            }
            if (COPY.match(event)) {
                copyTraceId(row);
                event.consume();
            } else if (event.getCode() == KeyCode.DELETE && row.isCancellable()) {
                viewModel.cancel(row);
                event.consume();
            }
        });
    }

    /**
     * Opens the file chooser (several photos at once; an images filter and all files) and uploads what is chosen.
     * It starts in the folder of the last choice.
     */
    public void chooseFiles(Window owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose photos to upload");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Photos (JPEG, PNG, GIF, BMP)", "*.jpg", "*.jpeg", "*.png", "*.gif",
                        "*.bmp", "*.JPG", "*.JPEG", "*.PNG", "*.GIF", "*.BMP"),
                new FileChooser.ExtensionFilter("All files", "*"));
        if (lastFolder != null && Files.isDirectory(lastFolder)) {
            chooser.setInitialDirectory(lastFolder.toFile());
        }
        List<File> chosen = chooser.showOpenMultipleDialog(owner);
        if (chosen != null && !chosen.isEmpty()) {
            lastFolder = chosen.get(0).toPath().getParent();
            viewModel.addFiles(chosen.stream().map(File::toPath).toList());
        }
    }

    /**
     * Makes {@code target} (the workspace's root) take dropped files and folders: while files are dragged over it,
     * it gets the {@link #DRAGGING_FILES} pseudo-class and, when it is a {@link StackPane}, a drop zone on top
     * ("Drop photos to upload"); a drop uploads them. One target at a time; {@link #close} removes it.
     */
    public void installDropTarget(Node target) {
        uninstallDropTarget();
        dropTarget = target;
        if (target instanceof StackPane stack) {
            dropZone = createDropZone();
            stack.getChildren().add(dropZone);
        }
        dragHandler = event -> {
            boolean files = event.getDragboard() != null && event.getDragboard().hasFiles();
            if (event.getEventType() == DragEvent.DRAG_ENTERED) {
                showDropZone(files);
            } else if (event.getEventType() == DragEvent.DRAG_OVER) {
                if (files) {
                    event.acceptTransferModes(TransferMode.COPY);
                    showDropZone(true);
                    event.consume();
                }
            } else if (event.getEventType() == DragEvent.DRAG_EXITED) {
                showDropZone(false);
            } else if (event.getEventType() == DragEvent.DRAG_DROPPED) {
                showDropZone(false);
                if (files) {
                    List<Path> dropped = event.getDragboard().getFiles().stream().map(File::toPath).toList();
                    event.setDropCompleted(true);
                    event.consume();
                    viewModel.addFiles(dropped);
                }
            }
        };
        target.addEventHandler(DragEvent.ANY, dragHandler);
    }

    private StackPane createDropZone() {
        FontIcon icon = new FontIcon(Material2AL.CLOUD_UPLOAD);
        Label heading = new Label("Drop photos to upload");
        heading.getStyleClass().add("drop-title");
        Label hint = new Label("Files and whole folders; each one is checked, and you see why if it is refused.");
        hint.getStyleClass().add("drop-hint");
        VBox frame = new VBox(10, icon, heading, hint);
        frame.setAlignment(Pos.CENTER);
        frame.getStyleClass().add("drop-frame");
        StackPane zone = new StackPane(frame);
        zone.getStyleClass().add("upload-drop-zone");
        zone.getStylesheets().add(UploadQueueView.class.getResource("upload.css").toExternalForm());
        zone.setId("uploadDropZone");
        zone.setMouseTransparent(true);
        zone.setVisible(false);
        return zone;
    }

    private void showDropZone(boolean show) {
        if (dropTarget != null) {
            dropTarget.pseudoClassStateChanged(DRAGGING_FILES, show);
        }
        if (dropZone != null) {
            dropZone.setVisible(show);
            if (show) {
                dropZone.toFront();
            }
        }
    }

    private void uninstallDropTarget() {
        if (dropTarget == null) {
            return;
        }
        showDropZone(false);
        dropTarget.removeEventHandler(DragEvent.ANY, dragHandler);
        if (dropZone != null && dropTarget instanceof StackPane stack) {
            stack.getChildren().remove(dropZone);
        }
        dropTarget = null;
        dropZone = null;
    }

    private void copyTraceId(UploadRow row) {
        if (row.traceId() != null) {
            ClipboardContent content = new ClipboardContent();
            content.putString(row.traceId());
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        }
    }

    @FXML
    private void add() {
        chooseFiles(root.getScene() == null ? null : root.getScene().getWindow());
    }

    @FXML
    private void cancelWaiting() {
        viewModel.cancelWaiting();
    }

    @FXML
    private void retryFailed() {
        viewModel.retryFailed();
    }

    @FXML
    private void clearFinished() {
        viewModel.clearFinished();
    }

    /** Removes the drop target and stops following the uploads (those under way go on). */
    public void close() {
        uninstallDropTarget();
        viewModel.close();
    }

    public UploadQueueViewModel viewModel() {
        return viewModel;
    }

    public VBox root() {
        return root;
    }
}
