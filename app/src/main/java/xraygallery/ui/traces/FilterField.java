package xraygallery.ui.traces;

import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.TextField;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Line;
import javafx.scene.text.Text;

/**
 * The filter-expression box: a text field that underlines, in red, the character where the source says the
 * expression went wrong.
 */
final class FilterField extends StackPane {
    private final TextField field = new TextField();
    private final Pane overlay = new Pane();
    private final Line underline = new Line();
    private int errorPosition = -1;

    FilterField() {
        getStyleClass().add("filter-field");
        field.setId("filterField");
        field.setPromptText("Filter: annotation.action = \"upload\" AND responsetime > 1   (Enter applies)");
        underline.getStyleClass().add("filter-error-underline");
        underline.setId("filterErrorUnderline");
        underline.setVisible(false);
        overlay.setMouseTransparent(true);
        overlay.setManaged(true);
        overlay.getChildren().add(underline);
        getChildren().addAll(field, overlay);
        field.caretPositionProperty().addListener((o, was, now) -> Platform.runLater(this::placeUnderline));
        field.widthProperty().addListener((o, was, now) -> Platform.runLater(this::placeUnderline));
    }

    TextField field() {
        return field;
    }

    /** Underlines the character at a 1-based position (-1: none). */
    void showError(int position) {
        errorPosition = position;
        field.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("invalid"), position != -2 && position > 0);
        Platform.runLater(this::placeUnderline);
    }

    void clearError() {
        errorPosition = -1;
        field.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("invalid"), false);
        underline.setVisible(false);
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        placeUnderline();
    }

    /** Where the underline is now, in this field's coordinates (tests), or null when none is shown. */
    Bounds underlineBounds() {
        return underline.isVisible() ? underline.getBoundsInParent() : null;
    }

    private void placeUnderline() {
        Text textNode = textNode();
        String text = field.getText() == null ? "" : field.getText();
        if (errorPosition < 1 || textNode == null) {
            underline.setVisible(false);
            return;
        }
        int index = Math.min(errorPosition - 1, text.length());
        double before = width(text.substring(0, index), textNode);
        double after = index < text.length() ? width(text.substring(0, index + 1), textNode) : before + 7;
        Point2D start = overlay.sceneToLocal(textNode.localToScene(textNode.getLayoutBounds().getMinX() + before,
                textNode.getLayoutBounds().getMaxY()));
        Point2D end = overlay.sceneToLocal(textNode.localToScene(textNode.getLayoutBounds().getMinX() + after,
                textNode.getLayoutBounds().getMaxY()));
        if (start == null || end == null) {
            underline.setVisible(false);
            return;
        }
        double left = Math.max(2, start.getX());
        double right = Math.min(overlay.getWidth() - 2, Math.max(left + 4, end.getX()));
        double y = Math.min(overlay.getHeight() - 3, start.getY() + 1);
        underline.setStartX(left);
        underline.setEndX(right);
        underline.setStartY(y);
        underline.setEndY(y);
        underline.setVisible(right > left);
    }

    private Text textNode() {
        for (Node node : field.lookupAll(".text")) {
            if (node instanceof Text t && t.getText() != null && t.getText().equals(field.getText())) {
                return t;
            }
        }
        return null;
    }

    private static double width(String text, Text like) {
        Text measure = new Text(text);
        measure.setFont(like.getFont());
        return measure.getLayoutBounds().getWidth();
    }
}
