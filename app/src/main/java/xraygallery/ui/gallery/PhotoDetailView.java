package xraygallery.ui.gallery;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.geometry.Bounds;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import xraygallery.ui.common.ViewLoader;

/**
 * A photo opened over the grid: the display copy on a dark stage (the thumbnail until it has loaded), the
 * detector's boxes and faces drawn over it on demand, and beside it the labels with their confidence, the photo's
 * size and upload time, and the trace id of its upload (copyable). Escape or Back returns to the grid; the arrow
 * keys go to the next and previous photo.
 */
public final class PhotoDetailView {
    private static final double STAGE_MARGIN = 28;
    private final PhotoDetailViewModel viewModel;
    private final GalleryViewModel gallery;
    private final BorderPane root;
    private Image displayImage;
    private Image thumbnailImage;

    @FXML
    private Button backButton;
    @FXML
    private Label fileName;
    @FXML
    private ToggleButton boxesToggle;
    @FXML
    private ToggleButton facesToggle;
    @FXML
    private Button deleteButton;
    @FXML
    private StackPane stage;
    @FXML
    private ImageView image;
    @FXML
    private Pane overlay;
    @FXML
    private ProgressIndicator spinner;
    @FXML
    private Label message;
    @FXML
    private Button previousButton;
    @FXML
    private Button nextButton;
    @FXML
    private VBox labelList;
    @FXML
    private Label dimensions;
    @FXML
    private Label fileSize;
    @FXML
    private Label uploadedAt;
    @FXML
    private Label traceId;
    @FXML
    private Button copyTraceButton;
    @FXML
    private Hyperlink showTraceLink;
    private java.util.function.Consumer<String> showTrace = traceId -> { };

    PhotoDetailView(PhotoDetailViewModel viewModel, GalleryViewModel gallery) {
        this.viewModel = viewModel;
        this.gallery = gallery;
        this.root = ViewLoader.load(this, "PhotoDetail.fxml");
        root.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.LEFT) {
                gallery.openNeighbour(-1);
            } else if (e.getCode() == KeyCode.RIGHT) {
                gallery.openNeighbour(1);
            } else {
                return;
            }
            e.consume();
        });
    }

    @FXML
    private void initialize() {
        backButton.setGraphic(new FontIcon(Material2AL.ARROW_BACK));
        backButton.getStyleClass().add(Styles.FLAT);
        backButton.setTooltip(new Tooltip("Back to the grid (Escape)"));
        fileName.textProperty().bind(viewModel.fileNameProperty());
        boxesToggle.setGraphic(new FontIcon(Material2AL.CROP_FREE));
        boxesToggle.selectedProperty().bindBidirectional(viewModel.showBoxesProperty());
        boxesToggle.setTooltip(new Tooltip("Draw the boxes of the labelled objects"));
        boxesToggle.disableProperty().bind(Bindings.isEmpty(viewModel.objectBoxes()));
        facesToggle.setGraphic(new FontIcon(Material2AL.FACE));
        facesToggle.selectedProperty().bindBidirectional(viewModel.showFacesProperty());
        facesToggle.setTooltip(new Tooltip("Draw the faces found"));
        facesToggle.disableProperty().bind(Bindings.isEmpty(viewModel.faceBoxes()));
        deleteButton.setGraphic(new FontIcon(Material2AL.DELETE_OUTLINE));
        deleteButton.getStyleClass().addAll(Styles.DANGER, Styles.FLAT);
        deleteButton.disableProperty().bind(viewModel.deletingProperty().or(viewModel.goneProperty()));

        stage.setFocusTraversable(true);
        image.fitWidthProperty().bind(Bindings.max(0, stage.widthProperty().subtract(2 * STAGE_MARGIN)));
        image.fitHeightProperty().bind(Bindings.max(0, stage.heightProperty().subtract(2 * STAGE_MARGIN)));
        Rectangle stageClip = new Rectangle();
        stageClip.widthProperty().bind(stage.widthProperty());
        stageClip.heightProperty().bind(stage.heightProperty());
        stage.setClip(stageClip);
        spinner.visibleProperty().bind(viewModel.loadingProperty());
        message.textProperty().bind(viewModel.messageProperty());
        message.visibleProperty().bind(viewModel.messageProperty().isNotEmpty());
        previousButton.setGraphic(new FontIcon(Material2AL.CHEVRON_LEFT));
        nextButton.setGraphic(new FontIcon(Material2AL.CHEVRON_RIGHT));
        previousButton.getStyleClass().addAll(Styles.BUTTON_CIRCLE, Styles.FLAT);
        nextButton.getStyleClass().addAll(Styles.BUTTON_CIRCLE, Styles.FLAT);
        StackPane.setMargin(previousButton, new javafx.geometry.Insets(0, 0, 0, 14));
        StackPane.setMargin(nextButton, new javafx.geometry.Insets(0, 14, 0, 0));
        previousButton.setFocusTraversable(false);
        nextButton.setFocusTraversable(false);

        dimensions.textProperty().bind(viewModel.dimensionsProperty());
        fileSize.textProperty().bind(viewModel.fileSizeProperty());
        uploadedAt.textProperty().bind(viewModel.uploadedAtProperty());
        traceId.textProperty().bind(Bindings.createStringBinding(() -> viewModel.traceIdProperty().get() == null
                ? "not traced" : viewModel.traceIdProperty().get(), viewModel.traceIdProperty()));
        copyTraceButton.setGraphic(new FontIcon(Material2AL.CONTENT_COPY));
        copyTraceButton.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        copyTraceButton.setTooltip(new Tooltip("Copy the trace id"));
        copyTraceButton.disableProperty().bind(viewModel.traceIdProperty().isNull());
        showTraceLink.setGraphic(new FontIcon(Material2MZ.TIMELINE));
        showTraceLink.setTooltip(new Tooltip("Open this upload's trace in the trace panel"));
        showTraceLink.disableProperty().bind(viewModel.traceIdProperty().isNull());

        viewModel.labels().addListener((InvalidationListener) o -> showLabels());
        viewModel.thumbnailUrlProperty().addListener((o, old, url) -> showImages());
        viewModel.imageUrlProperty().addListener((o, old, url) -> showImages());
        InvalidationListener redraw = o -> drawBoxes();
        image.boundsInParentProperty().addListener(redraw);
        image.imageProperty().addListener(redraw);
        viewModel.objectBoxes().addListener(redraw);
        viewModel.faceBoxes().addListener(redraw);
        viewModel.showBoxesProperty().addListener(redraw);
        viewModel.showFacesProperty().addListener(redraw);

    }

    /** The thumbnail at once, then the display copy once decoded (both decoded off the FX thread). */
    private void showImages() {
        String thumb = viewModel.thumbnailUrlProperty().get();
        String display = viewModel.imageUrlProperty().get();
        thumbnailImage = thumb == null ? null : new Image(thumb, true);
        displayImage = display == null ? null : new Image(display, true);
        image.setImage(thumbnailImage);
        if (displayImage != null) {
            Image loading = displayImage;
            InvalidationListener swap = new InvalidationListener() {
                @Override
                public void invalidated(javafx.beans.Observable o) {
                    if (loading.getProgress() >= 1 && !loading.isError() && displayImage == loading) {
                        image.setImage(loading);
                        loading.progressProperty().removeListener(this);
                    }
                }
            };
            loading.progressProperty().addListener(swap);
            swap.invalidated(null);
        }
    }

    private void showLabels() {
        labelList.getChildren().clear();
        if (viewModel.labels().isEmpty()) {
            Label none = new Label("No labels were found.");
            none.getStyleClass().add("hint");
            labelList.getChildren().add(none);
            return;
        }
        for (LabelRow row : viewModel.labels()) {
            Label name = new Label(row.name());
            name.getStyleClass().add("label-name");
            Region grow = new Region();
            HBox.setHgrow(grow, Priority.ALWAYS);
            Label percent = new Label(row.percent());
            percent.getStyleClass().add("label-confidence");
            HBox line = new HBox(6, name, grow, percent);
            ProgressBar bar = new ProgressBar(row.confidence() / 100);
            bar.getStyleClass().addAll(Styles.SMALL, "confidence-bar");
            bar.setMaxWidth(Double.MAX_VALUE);
            VBox entry = new VBox(4, line, bar);
            entry.getStyleClass().add("label-row");
            labelList.getChildren().add(entry);
        }
    }

    /** The boxes and faces asked for, over the picture as it is shown (ratios of its width and height). */
    private void drawBoxes() {
        overlay.getChildren().clear();
        if (image.getImage() == null) {
            return;
        }
        Bounds shown = image.getBoundsInParent();
        if (viewModel.showBoxesProperty().get()) {
            draw(viewModel.objectBoxes(), shown);
        }
        if (viewModel.showFacesProperty().get()) {
            draw(viewModel.faceBoxes(), shown);
        }
    }

    private void draw(List<DetectedBox> boxes, Bounds shown) {
        for (DetectedBox box : boxes) {
            double x = shown.getMinX() + box.left() * shown.getWidth();
            double y = shown.getMinY() + box.top() * shown.getHeight();
            Rectangle rect = new Rectangle(x, y, box.width() * shown.getWidth(), box.height() * shown.getHeight());
            String kind = box.kind() == DetectedBox.Kind.FACE ? "face-box" : "object-box";
            rect.getStyleClass().addAll("detected-box", kind);
            Label caption = new Label(box.caption());
            caption.getStyleClass().addAll("box-caption", kind);
            caption.setLayoutX(x);
            caption.setLayoutY(Math.max(shown.getMinY(), y - 20));
            overlay.getChildren().addAll(rect, caption);
        }
    }

    @FXML
    private void back() {
        viewModel.close();
    }

    @FXML
    private void delete() {
        gallery.askDelete();
    }

    @FXML
    private void previous() {
        gallery.openNeighbour(-1);
        focus();
    }

    @FXML
    private void next() {
        gallery.openNeighbour(1);
        focus();
    }

    @FXML
    private void showTrace() {
        String id = viewModel.traceIdProperty().get();
        if (id != null) {
            showTrace.accept(id);
        }
    }

    /** What "see where the upload's time went" does with the upload's trace id: the trace panel shows it. */
    void onShowTrace(java.util.function.Consumer<String> action) {
        this.showTrace = action;
    }

    @FXML
    private void copyTraceId() {
        String id = viewModel.traceIdProperty().get();
        if (id == null) {
            return;
        }
        ClipboardContent content = new ClipboardContent();
        content.putString(id);
        Clipboard.getSystemClipboard().setContent(content);
        viewModel.traceIdCopied();
    }

    void focus() {
        stage.requestFocus();
    }

    BorderPane root() {
        return root;
    }
}
