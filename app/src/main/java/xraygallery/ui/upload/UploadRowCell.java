package xraygallery.ui.upload;

import atlantafx.base.theme.Styles;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuItem;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import xraygallery.photos.UploadEvent.Stage;

/**
 * One file in the queue: stage icon, name and folder, the stage, a progress bar while it runs, the reason when it
 * failed or waits (or the labels found), and its trace id with a copy button. Only visible rows have cells; each
 * listens to its row's revision, so a thousand rows cost a screenful of listeners.
 */
final class UploadRowCell extends ListCell<UploadRow> {
    private final Label icon = new Label();
    private final FontIcon iconGlyph = new FontIcon(Material2MZ.SCHEDULE);
    private final Label name = new Label();
    private final Label folder = new Label();
    private final Label stage = new Label();
    private final Button cancel = new Button();
    private final Button retry = new Button();
    private final ProgressBar progress = new ProgressBar();
    private final Label message = new Label();
    private final Label labels = new Label();
    private final Label traceId = new Label();
    private final Button copy = new Button();
    private final HBox traceLine;
    private final VBox content;
    private final ChangeListener<Number> onChange = (o, old, now) -> show();
    private UploadRow shown;

    UploadRowCell(UploadQueueViewModel viewModel, Consumer<UploadRow> copyTraceId) {
        icon.getStyleClass().add("stage-icon");
        icon.setGraphic(iconGlyph);
        name.getStyleClass().add("file-name");
        name.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
        folder.getStyleClass().add("folder");
        folder.setTextOverrun(OverrunStyle.LEADING_ELLIPSIS);
        stage.getStyleClass().add("stage");
        stage.setMinWidth(Region.USE_PREF_SIZE);
        for (Button button : new Button[] {cancel, retry, copy}) {
            button.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL, "row-button");
            button.setFocusTraversable(false);
        }
        cancel.setGraphic(new FontIcon(Material2AL.CLOSE));
        cancel.setTooltip(new Tooltip("Cancel: it has not started yet"));
        cancel.setOnAction(e -> viewModel.cancel(getItem()));
        retry.setGraphic(new FontIcon(Material2MZ.REPLAY));
        retry.setTooltip(new Tooltip("Try again"));
        retry.setOnAction(e -> viewModel.retry(getItem()));
        copy.setGraphic(new FontIcon(Material2AL.CONTENT_COPY));
        copy.setTooltip(new Tooltip("Copy the trace id"));
        copy.setOnAction(e -> copyTraceId.accept(getItem()));
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.getStyleClass().add(Styles.SMALL);
        message.getStyleClass().add("message");
        message.setWrapText(true);
        labels.getStyleClass().add("labels");
        labels.setWrapText(true);
        traceId.getStyleClass().add("trace-id");
        traceId.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
        Label traceCaption = new Label("Trace");
        traceCaption.getStyleClass().add("trace-caption");
        traceCaption.setMinWidth(Region.USE_PREF_SIZE);

        VBox names = new VBox(1, name, folder);
        names.setMinWidth(0);
        HBox.setHgrow(names, Priority.ALWAYS);
        HBox top = new HBox(8, icon, names, stage, cancel, retry);
        top.setAlignment(Pos.CENTER_LEFT);
        traceLine = new HBox(6, traceCaption, traceId, copy);
        traceLine.setAlignment(Pos.CENTER_LEFT);
        content = new VBox(4, top, progress, message, labels, traceLine);
        content.getStyleClass().add("upload-row");
        content.setMinWidth(0);
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        setPrefWidth(0); // never wider than the list: long names are shortened, reasons wrap

        MenuItem copyItem = new MenuItem("Copy trace id");
        copyItem.setOnAction(e -> copyTraceId.accept(getItem()));
        MenuItem cancelItem = new MenuItem("Cancel");
        cancelItem.setOnAction(e -> viewModel.cancel(getItem()));
        MenuItem retryItem = new MenuItem("Try again");
        retryItem.setOnAction(e -> viewModel.retry(getItem()));
        ContextMenu menu = new ContextMenu(copyItem, cancelItem, retryItem);
        menu.setOnShowing(e -> {
            UploadRow row = getItem();
            copyItem.setDisable(row == null || row.traceId() == null);
            cancelItem.setDisable(row == null || !row.isCancellable());
            retryItem.setDisable(row == null || !row.isRetryable());
        });
        setContextMenu(menu);
    }

    @Override
    protected void updateItem(UploadRow row, boolean empty) {
        super.updateItem(row, empty);
        if (shown != null) {
            shown.revisionProperty().removeListener(onChange);
        }
        shown = empty ? null : row;
        if (shown == null) {
            setGraphic(null);
            return;
        }
        shown.revisionProperty().addListener(onChange);
        show();
        setGraphic(content);
    }

    /** As tall as the content at the width the list gives, so that a long reason wraps instead of being cut. */
    @Override
    protected double computePrefHeight(double width) {
        if (getGraphic() == null) {
            return super.computePrefHeight(width);
        }
        double inner = width < 0 ? -1 : Math.max(0, width - snappedLeftInset() - snappedRightInset());
        return snappedTopInset() + content.prefHeight(inner) + snappedBottomInset();
    }

    private void show() {
        UploadRow row = shown;
        if (row == null) {
            return;
        }
        content.getStyleClass().removeIf(c -> c.startsWith("stage-"));
        if (row.stage() != null) {
            content.getStyleClass().add("stage-" + row.stage().name().toLowerCase(Locale.ROOT));
        }
        iconGlyph.setIconCode(iconOf(row.stage()));
        name.setText(row.fileName());
        folder.setText(row.folder());
        setVisible(folder, !row.folder().isEmpty());
        stage.setText(row.stageText());
        setVisible(cancel, row.isCancellable());
        setVisible(retry, row.isRetryable());
        setVisible(progress, row.inProgress());
        progress.setProgress(row.progress());
        message.setText(row.message());
        setVisible(message, !row.message().isEmpty());
        labels.setText(row.stage() == Stage.DONE && !row.labels().isEmpty()
                ? String.join(" · ", row.labels().subList(0, Math.min(6, row.labels().size()))) : "");
        setVisible(labels, !labels.getText().isEmpty());
        traceId.setText(row.traceId() == null ? "" : row.traceId());
        setVisible(traceLine, row.traceId() != null);
        requestLayout(); // the row may have grown or shrunk (a progress bar, a reason, labels)
    }

    private static void setVisible(javafx.scene.Node node, boolean visible) {
        node.setVisible(visible);
        node.setManaged(visible);
    }

    static Ikon iconOf(Stage stage) {
        if (stage == null) {
            return Material2MZ.SCHEDULE;
        }
        return switch (stage) {
            case VALIDATING -> Material2AL.FIND_IN_PAGE;
            case QUEUED -> Material2MZ.SCHEDULE;
            case RESIZING -> Material2MZ.PHOTO_SIZE_SELECT_LARGE;
            case UPLOADING -> Material2AL.CLOUD_UPLOAD;
            case LABELLING -> Material2AL.LABEL;
            case SAVING -> Material2MZ.SAVE;
            case DONE -> Material2AL.CHECK_CIRCLE;
            case SKIPPED -> Material2AL.DONE_ALL;
            case FAILED -> Material2AL.ERROR;
            case PENDING -> Material2AL.HOURGLASS_EMPTY;
            case CANCELLED -> Material2AL.BLOCK;
        };
    }
}
