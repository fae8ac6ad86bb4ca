package xraygallery.ui.gallery;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.theme.Styles;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.fxml.FXML;
import javafx.scene.Cursor;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import xraygallery.photos.PhotoCard;
import xraygallery.ui.common.ViewLoader;

/**
 * The gallery: a headline with the count, the label search, the thumbnail grid, and a photo opened over it (Escape
 * or Back returns to the grid, which keeps its place). Deleting asks first, in the window. The workspace calls
 * {@link #refresh} (F5), {@link #focusSearch} (Ctrl+F), {@link #deleteSelected} (Delete), {@link #photoSaved}
 * (an upload finished) and {@link #close}, and follows {@link #selectedTraceIdProperty}.
 */
public final class GalleryView {
    private final GalleryViewModel viewModel;
    private final StackPane root;
    private PhotoGrid grid;
    private PhotoDetailView detailView;

    @FXML
    private BorderPane gridPage;
    @FXML
    private Label headline;
    @FXML
    private ProgressIndicator busy;
    @FXML
    private CustomTextField searchField;
    @FXML
    private Label searchMessage;
    @FXML
    private HBox problemBar;
    @FXML
    private Label problemIcon;
    @FXML
    private Label problemText;
    @FXML
    private StackPane gridHolder;
    @FXML
    private VBox emptyState;
    @FXML
    private Label emptyIcon;
    @FXML
    private Label emptyText;
    @FXML
    private StackPane detailLayer;
    @FXML
    private StackPane confirmLayer;
    @FXML
    private Label confirmTitle;
    @FXML
    private Button cancelDeleteButton;
    @FXML
    private Button confirmDeleteButton;

    public GalleryView(GalleryViewModel viewModel) {
        this.viewModel = viewModel;
        this.root = ViewLoader.load(this, "Gallery.fxml");
        // Escape closes the question or the open photo wherever the focus is (the header's buttons, say)
        javafx.event.EventHandler<KeyEvent> escape = e -> {
            if (e.getCode() != KeyCode.ESCAPE || !root.isVisible()) {
                return;
            }
            if (confirmLayer.isVisible()) {
                viewModel.cancelDelete();
                e.consume();
            } else if (viewModel.detail().showingProperty().get()) {
                viewModel.detail().close();
                e.consume();
            }
        };
        root.sceneProperty().addListener((o, old, scene) -> {
            if (old != null) {
                old.removeEventHandler(KeyEvent.KEY_PRESSED, escape);
            }
            if (scene != null) {
                scene.addEventHandler(KeyEvent.KEY_PRESSED, escape);
            }
        });
    }

    @FXML
    private void initialize() {
        grid = new PhotoGrid(viewModel, viewModel::askDelete);
        gridHolder.getChildren().add(0, grid.node());
        headline.textProperty().bind(viewModel.headlineProperty());
        busy.visibleProperty().bind(viewModel.loadingProperty());

        searchField.textProperty().bindBidirectional(viewModel.searchProperty());
        FontIcon searchIcon = new FontIcon(Material2MZ.SEARCH);
        searchField.setLeft(searchIcon);
        FontIcon clear = new FontIcon(Material2AL.CLOSE);
        clear.setCursor(Cursor.HAND);
        clear.setOnMouseClicked(e -> {
            viewModel.clearSearch();
            searchField.requestFocus();
        });
        clear.visibleProperty().bind(viewModel.searchProperty().isNotEmpty());
        searchField.setRight(clear);
        searchField.setOnAction(e -> viewModel.submitSearch());
        searchField.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && !searchField.getText().isEmpty()) {
                viewModel.clearSearch();
                e.consume();
            } else if (e.getCode() == KeyCode.DOWN) {
                grid.focus();
                if (viewModel.selectedIndexProperty().get() < 0) {
                    viewModel.select(0);
                }
                e.consume();
            }
        });
        showWhen(searchMessage, viewModel.searchMessageProperty());
        searchMessage.textProperty().bind(viewModel.searchMessageProperty());

        problemIcon.setGraphic(new FontIcon(Material2AL.ERROR_OUTLINE));
        problemText.textProperty().bind(viewModel.problemProperty());
        showWhen(problemBar, viewModel.problemProperty());

        emptyIcon.setGraphic(new FontIcon(Material2MZ.PHOTO_LIBRARY));
        emptyText.textProperty().bind(viewModel.emptyTextProperty());
        emptyState.visibleProperty().bind(viewModel.emptyProperty());
        emptyState.managedProperty().bind(emptyState.visibleProperty());

        detailView = new PhotoDetailView(viewModel.detail(), viewModel);
        detailLayer.getChildren().setAll(detailView.root());
        detailLayer.visibleProperty().bind(viewModel.detail().showingProperty());
        viewModel.detail().showingProperty().addListener((o, was, showing) -> {
            if (showing) {
                detailView.focus();
            } else if (confirmLayer.isVisible()) {
                confirmDeleteButton.requestFocus();
            } else {
                grid.focus();
            }
        });

        confirmDeleteButton.getStyleClass().add(Styles.DANGER);
        confirmLayer.visibleProperty().bind(viewModel.pendingDeleteProperty().isNotNull());
        confirmTitle.textProperty().bind(Bindings.createStringBinding(() -> {
            PhotoCard card = viewModel.pendingDeleteProperty().get();
            return card == null ? "" : "Delete " + card.photo().originalName() + "?";
        }, viewModel.pendingDeleteProperty()));
        confirmDeleteButton.defaultButtonProperty().bind(confirmLayer.visibleProperty());
        cancelDeleteButton.cancelButtonProperty().bind(confirmLayer.visibleProperty());
        confirmLayer.setOnMouseClicked(e -> {
            if (e.getTarget() == confirmLayer) {
                viewModel.cancelDelete();
            }
        });
        viewModel.pendingDeleteProperty().addListener((o, old, card) -> {
            if (card != null) {
                Platform.runLater(confirmDeleteButton::requestFocus);
            } else if (viewModel.detail().showingProperty().get()) {
                detailView.focus();
            } else {
                grid.focus();
            }
        });

    }

    private static void showWhen(javafx.scene.Node node, ReadOnlyStringProperty text) {
        node.visibleProperty().bind(text.isNotEmpty());
        node.managedProperty().bind(node.visibleProperty());
    }

    /** Loads the first page. */
    public void load() {
        viewModel.load();
    }

    /** F5: loads the current query again, keeping the grid's place. */
    @FXML
    public void refresh() {
        viewModel.refresh();
    }

    /** Ctrl+F: the search box, its text selected. */
    public void focusSearch() {
        if (viewModel.detail().showingProperty().get()) {
            viewModel.detail().close();
        }
        searchField.requestFocus();
        searchField.selectAll();
    }

    /** Delete: asks whether to delete the open or selected photo (not while typing in the search box). */
    public void deleteSelected() {
        if (!searchField.isFocused()) {
            viewModel.askDelete();
        }
    }

    /** A new upload finished: it appears at the top, the grid keeps its place. */
    public void photoSaved(long photoId) {
        viewModel.photoSaved(photoId);
    }

    /** The upload trace of the open photo, else of the selected one (for the trace panel). */
    /** What the open photo's "see where the upload's time went" does with the upload's trace id. */
    public void setOnShowTrace(java.util.function.Consumer<String> action) {
        detailView.onShowTrace(action);
    }

    public ReadOnlyStringProperty selectedTraceIdProperty() {
        return viewModel.selectedTraceIdProperty();
    }

    /** Stops loading. */
    public void close() {
        viewModel.close();
    }

    @FXML
    private void cancelDelete() {
        viewModel.cancelDelete();
    }

    @FXML
    private void confirmDelete() {
        viewModel.confirmDelete();
    }

    /** Whether every tile on screen shows its thumbnail (benchmarks, tests). */
    public boolean screenComplete() {
        return grid.screenComplete();
    }

    public GalleryViewModel viewModel() {
        return viewModel;
    }

    public StackPane root() {
        return root;
    }
}
