package xraygallery.ui.gallery;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.application.Platform;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.InvalidationListener;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import xraygallery.photos.PhotoCard;

/**
 * The thumbnail grid: JavaFX has no virtualized grid, so this is a {@link ListView} of rows, each row a cell
 * holding as many square tiles as fit across (recomputed when the width changes; tiles stretch to fill it). Only
 * the rows on screen exist, whatever the number of photos. Rows report what is on screen to the view-model, which
 * loads the pages around it; tiles show a placeholder until their page and their decoded thumbnail are there.
 *
 * <p>Keyboard: arrows move the selection, Page Up/Down by a screen, Home/End, Enter opens, Delete asks to delete.
 */
final class PhotoGrid {
    static final double MIN_TILE = 168;
    static final double GAP = 12;
    static final double SIDE = 16;
    static final double CHIPS = 30;
    static final int CHIPS_SHOWN = 3;
    private static final double SCROLLBAR = 14;
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    private static final PseudoClass LOADED = PseudoClass.getPseudoClass("loaded");

    private final GalleryViewModel viewModel;
    private final Runnable askDelete;
    private final ListView<Integer> list = new ListView<>();
    private final ObservableList<Integer> rows = FXCollections.observableArrayList();
    private final DoubleProperty tileSize = new SimpleDoubleProperty(MIN_TILE);
    private final Set<RowCell> cells = new HashSet<>();
    private final ThumbnailImages images = new ThumbnailImages(240);
    private int columns = 1;
    private VirtualFlow<?> flow;
    private boolean visibleCheckQueued;

    PhotoGrid(GalleryViewModel viewModel, Runnable askDelete) {
        this.viewModel = viewModel;
        this.askDelete = askDelete;
        list.getStyleClass().add("photo-grid");
        list.setId("photoGrid");
        list.setItems(rows);
        list.setCellFactory(l -> new RowCell());
        list.setFixedCellSize(MIN_TILE + CHIPS + GAP);
        list.setFocusTraversable(true);
        list.widthProperty().addListener((o, old, width) -> relayout());
        list.heightProperty().addListener((o, old, height) -> queueVisibleCheck());
        list.skinProperty().addListener((o, old, skin) -> {
            flow = (VirtualFlow<?>) list.lookup(".virtual-flow");
            if (flow != null) {
                flow.positionProperty().addListener((p, was, now) -> queueVisibleCheck());
            }
        });
        list.addEventFilter(KeyEvent.KEY_PRESSED, this::keyPressed);
        viewModel.items().addListener(this::itemsChanged);
        viewModel.selectedIndexProperty().addListener((o, old, now) -> {
            refreshRowOf(old.intValue());
            refreshRowOf(now.intValue());
            ensureVisible(now.intValue());
        });
        syncRows();
    }

    ListView<Integer> node() {
        return list;
    }

    int columns() {
        return columns;
    }

    void focus() {
        list.requestFocus();
    }

    private void keyPressed(KeyEvent e) {
        int visibleRows = Math.max(1, (int) (list.getHeight() / list.getFixedCellSize()));
        switch (e.getCode()) {
            case LEFT -> viewModel.moveSelection(-1);
            case RIGHT -> viewModel.moveSelection(1);
            case UP -> viewModel.moveSelection(-columns);
            case DOWN -> viewModel.moveSelection(columns);
            case PAGE_UP -> viewModel.moveSelection(-columns * visibleRows);
            case PAGE_DOWN -> viewModel.moveSelection(columns * visibleRows);
            case HOME -> viewModel.select(0);
            case END -> viewModel.select(viewModel.items().size() - 1);
            case ENTER -> viewModel.openSelected();
            case DELETE -> askDelete.run();
            default -> {
                return;
            }
        }
        e.consume();
    }

    /** Columns and tile size from the width; the first photo on screen stays on screen. */
    private void relayout() {
        double available = list.getWidth() - 2 * SIDE - SCROLLBAR;
        if (available <= 0) {
            return;
        }
        int cols = Math.max(1, (int) ((available + GAP) / (MIN_TILE + GAP)));
        double tile = Math.floor((available - (cols - 1) * GAP) / cols);
        double before = tileSize.get();
        tileSize.set(tile);
        list.setFixedCellSize(tile + CHIPS + GAP);
        boolean resized = Math.abs(tile - before) >= 1;
        if (cols != columns) {
            int firstItem = firstVisibleRow() * columns;
            columns = cols;
            syncRows();
            cells.forEach(RowCell::refreshTiles);
            list.scrollTo(firstItem / cols);
        } else if (resized) {
            cells.forEach(RowCell::reloadImages);
        }
        queueVisibleCheck();
    }

    private void itemsChanged(ListChangeListener.Change<? extends GalleryItem> change) {
        boolean structural = false;
        Set<Integer> changedRows = new HashSet<>();
        while (change.next()) {
            if (change.wasReplaced() && change.getAddedSize() == change.getRemovedSize()) {
                for (int i = change.getFrom(); i < change.getTo(); i++) {
                    changedRows.add(i / columns);
                }
            } else {
                structural = true;
            }
        }
        if (structural) {
            syncRows();
            cells.forEach(RowCell::refreshTiles);
        } else {
            for (RowCell cell : cells) {
                if (changedRows.contains(cell.getIndex())) {
                    cell.refreshTiles();
                }
            }
        }
        queueVisibleCheck();
    }

    private void syncRows() {
        int wantedRows = (viewModel.items().size() + columns - 1) / columns;
        if (rows.size() > wantedRows) {
            rows.remove(wantedRows, rows.size());
        } else if (rows.size() < wantedRows) {
            List<Integer> more = new ArrayList<>(wantedRows - rows.size());
            for (int r = rows.size(); r < wantedRows; r++) {
                more.add(r);
            }
            rows.addAll(more);
        }
    }

    private void refreshRowOf(int index) {
        if (index < 0) {
            return;
        }
        int row = index / columns;
        for (RowCell cell : cells) {
            if (cell.getIndex() == row) {
                cell.refreshTiles();
            }
        }
    }

    private void ensureVisible(int index) {
        if (index >= 0 && flow != null && index / columns < flow.getCellCount()) {
            flow.scrollTo(index / columns);
        }
    }

    private int firstVisibleRow() {
        if (flow == null || flow.getFirstVisibleCell() == null) {
            return 0;
        }
        return Math.max(0, flow.getFirstVisibleCell().getIndex());
    }

    /** Tells the view-model what is on screen, once per pulse at most. */
    private void queueVisibleCheck() {
        if (visibleCheckQueued) {
            return;
        }
        visibleCheckQueued = true;
        Platform.runLater(() -> {
            visibleCheckQueued = false;
            reportVisible();
        });
    }

    private void reportVisible() {
        if (flow == null || flow.getFirstVisibleCell() == null || flow.getLastVisibleCell() == null) {
            if (!viewModel.items().isEmpty()) {
                viewModel.showing(0, Math.min(viewModel.items().size() - 1, GalleryViewModel.PAGE - 1));
            }
            return;
        }
        int first = flow.getFirstVisibleCell().getIndex() * columns;
        int last = (flow.getLastVisibleCell().getIndex() + 1) * columns - 1;
        viewModel.showing(first, Math.min(last, viewModel.items().size() - 1));
    }

    /** True when every tile on screen shows its thumbnail (or knows it has none): the screen is complete. */
    boolean screenComplete() {
        boolean any = false;
        for (RowCell cell : cells) {
            if (cell.isVisible() && !cell.isEmpty() && cell.getItem() != null) {
                for (Tile tile : cell.tiles) {
                    if (tile.isVisible() && !tile.complete()) {
                        return false;
                    }
                    any = true;
                }
            }
        }
        return any;
    }

    /** One row of tiles. */
    private final class RowCell extends ListCell<Integer> {
        private final HBox box = new HBox(GAP);
        private final List<Tile> tiles = new ArrayList<>();

        RowCell() {
            getStyleClass().add("photo-row");
            box.setAlignment(Pos.TOP_LEFT);
            setGraphic(box);
            cells.add(this);
        }

        @Override
        protected void updateItem(Integer row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            setGraphic(box);
            refreshTiles();
        }

        /** After the tile size changed: the thumbnails are decoded again at the new size. */
        void reloadImages() {
            tiles.forEach(Tile::forgetCard);
            refreshTiles();
        }

        void refreshTiles() {
            if (isEmpty() || getItem() == null) {
                return;
            }
            while (tiles.size() < columns) {
                Tile tile = new Tile();
                tiles.add(tile);
                box.getChildren().add(tile);
            }
            int row = getIndex();
            for (int c = 0; c < tiles.size(); c++) {
                Tile tile = tiles.get(c);
                int index = row * columns + c;
                boolean inRow = c < columns && index < viewModel.items().size();
                tile.setVisible(inRow);
                tile.setManaged(c < columns);
                if (inRow) {
                    tile.show(index, viewModel.items().get(index));
                } else {
                    tile.clear();
                }
            }
        }
    }

    /** Label chips in one line, reused from row to row: those that do not fit whole are left out, never cut. */
    private static final class ChipRow extends Region {
        private static final double SPACING = 4;
        private final List<Label> chips = new ArrayList<>();
        private int shown;

        ChipRow() {
            setMinWidth(0);
            for (int i = 0; i < CHIPS_SHOWN; i++) {
                Label chip = new Label();
                chip.getStyleClass().add("chip");
                chip.setMinWidth(Region.USE_PREF_SIZE);
                chips.add(chip);
            }
            getChildren().setAll(chips);
        }

        void setAll(List<String> names) {
            shown = Math.min(names.size(), chips.size());
            for (int i = 0; i < chips.size(); i++) {
                Label chip = chips.get(i);
                chip.setText(i < shown ? names.get(i) : "");
                chip.setVisible(i < shown);
            }
            requestLayout();
        }

        void clear() {
            setAll(List.of());
        }

        @Override
        protected void layoutChildren() {
            double x = 0;
            double height = getHeight();
            for (int i = 0; i < chips.size(); i++) {
                Label chip = chips.get(i);
                if (i >= shown) {
                    chip.setVisible(false);
                    continue;
                }
                double w = chip.prefWidth(-1);
                double h = chip.prefHeight(-1);
                boolean fits = x + w <= getWidth();
                chip.setVisible(fits);
                if (fits) {
                    chip.resizeRelocate(x, Math.max(0, (height - h) / 2), w, h);
                    x += w + SPACING;
                }
            }
        }
    }

    /** One photo: the thumbnail cropped square, with its top labels as chips under it. */
    private final class Tile extends VBox {
        private final StackPane frame = new StackPane();
        private final ImageView view = new ImageView();
        private final FontIcon icon = new FontIcon(Material2MZ.PHOTO);
        private final ChipRow chips = new ChipRow();
        private final InvalidationListener progress = o -> imageProgress();
        private int index = -1;
        private PhotoCard card;
        private Image image;

        Tile() {
            getStyleClass().add("photo-tile");
            frame.getStyleClass().add("frame");
            chips.getStyleClass().add("chips");
            icon.getStyleClass().add("placeholder-icon");
            frame.prefWidthProperty().bind(tileSize);
            frame.prefHeightProperty().bind(tileSize);
            frame.minWidthProperty().bind(tileSize);
            frame.minHeightProperty().bind(tileSize);
            frame.maxWidthProperty().bind(tileSize);
            frame.maxHeightProperty().bind(tileSize);
            view.fitWidthProperty().bind(tileSize);
            view.fitHeightProperty().bind(tileSize);
            view.setSmooth(false); // decoded at the tile's size: nothing to smooth
            Rectangle clip = new Rectangle();
            clip.widthProperty().bind(tileSize);
            clip.heightProperty().bind(tileSize);
            clip.setArcWidth(12);
            clip.setArcHeight(12);
            frame.setClip(clip);
            Region ring = new Region();
            ring.getStyleClass().add("ring");
            ring.setMouseTransparent(true);
            frame.getChildren().addAll(icon, view, ring);
            chips.setMinHeight(CHIPS - 8);
            chips.setPrefHeight(CHIPS - 8);
            chips.prefWidthProperty().bind(tileSize);
            chips.maxWidthProperty().bind(tileSize);
            maxWidthProperty().bind(tileSize);
            setSpacing(6);
            getChildren().addAll(frame, chips);
            // scrolling only moves tiles: drawn once into a bitmap (rounded corners, chips), then copied each frame
            setCache(true);
            setCacheHint(javafx.scene.CacheHint.SPEED);
            setOnMouseClicked(e -> {
                if (e.getButton() != MouseButton.PRIMARY || index < 0) {
                    return;
                }
                list.requestFocus();
                viewModel.select(index);
                if (e.getClickCount() == 2) {
                    viewModel.openSelected();
                }
                e.consume();
            });
        }

        void show(int at, GalleryItem item) {
            index = at;
            pseudoClassStateChanged(SELECTED, at == viewModel.selectedIndexProperty().get());
            PhotoCard next = item == null ? null : item.card();
            if (next == card && next != null) {
                return;
            }
            card = next;
            if (card == null) {
                setImage(null);
                icon.setIconCode(Material2MZ.PHOTO);
                chips.clear();
                setAccessibleText("Loading");
                return;
            }
            setAccessibleText(card.photo().originalName());
            chips.setAll(card.labelNames());
            if (card.thumbnail() == null) {
                setImage(null);
                icon.setIconCode(Material2AL.BROKEN_IMAGE);
            } else {
                icon.setIconCode(Material2MZ.PHOTO);
                setImage(images.get(card.thumbnail(), card.photo().width(), card.photo().height(), tileSize.get()));
            }
        }

        void forgetCard() {
            card = null;
        }

        void clear() {
            index = -1;
            card = null;
            setImage(null);
            chips.clear();
        }

        private void setImage(Image next) {
            if (image == next) {
                return;
            }
            if (image != null) {
                image.progressProperty().removeListener(progress);
                image.errorProperty().removeListener(progress);
            }
            image = next;
            view.setImage(null);
            pseudoClassStateChanged(LOADED, false);
            if (next != null) {
                next.progressProperty().addListener(progress);
                next.errorProperty().addListener(progress);
                imageProgress();
            }
        }

        private void imageProgress() {
            Image current = image;
            if (current == null) {
                return;
            }
            if (current.isError()) {
                PhotoCard failed = card;
                setImage(null);
                icon.setIconCode(Material2AL.BROKEN_IMAGE);
                if (failed != null && failed.thumbnail() != null) {
                    images.forget(failed.thumbnail());
                    viewModel.thumbnailMissing(index, failed);
                }
                return;
            }
            if (current.getProgress() >= 1 && view.getImage() != current) {
                double w = current.getWidth();
                double h = current.getHeight();
                double side = Math.min(w, h);
                view.setViewport(new Rectangle2D((w - side) / 2, (h - side) / 2, side, side));
                view.setImage(current);
                pseudoClassStateChanged(LOADED, true);
            }
        }

        /** Shows its thumbnail, or has none to show. */
        boolean complete() {
            return card != null && (card.thumbnail() == null || view.getImage() != null);
        }
    }
}
