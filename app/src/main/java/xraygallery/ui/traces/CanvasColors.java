package xraygallery.ui.traces;

import java.util.List;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;

/**
 * The theme's colours for code that draws on a canvas: invisible labels styled with AtlantaFX's looked-up colours
 * ({@code -color-fg-default}, ...), read back after CSS. When the theme changes the labels are restyled and
 * {@code onChange} runs, so the canvas redraws in the new colours.
 */
final class CanvasColors {
    private final Label fg = probe("probe-fg");
    private final Label muted = probe("probe-muted");
    private final Label border = probe("probe-border");
    private final Label bg = probe("probe-bg");
    private final Label subtle = probe("probe-subtle");
    private final Label accent = probe("probe-accent");
    private final Group probes = new Group(fg, muted, border, bg, subtle, accent);

    CanvasColors(Runnable onChange) {
        probes.setManaged(false);
        probes.setMouseTransparent(true);
        probes.setOpacity(0);
        probes.getStyleClass().add("canvas-colors");
        for (Label label : List.of(fg, muted, border, bg, subtle, accent)) {
            label.textFillProperty().addListener((o, was, now) -> onChange.run());
        }
    }

    private static Label probe(String styleClass) {
        Label label = new Label("·");
        label.getStyleClass().add(styleClass);
        return label;
    }

    /** Put this in the scene next to the canvas. */
    Group node() {
        return probes;
    }

    Color fg() {
        return color(fg, Color.web("#1f2328"));
    }

    Color muted() {
        return color(muted, Color.web("#656d76"));
    }

    Color border() {
        return color(border, Color.web("#d0d7de"));
    }

    Color bg() {
        return color(bg, Color.WHITE);
    }

    Color subtle() {
        return color(subtle, Color.web("#f6f8fa"));
    }

    Color accent() {
        return color(accent, Color.web("#0969da"));
    }

    boolean dark() {
        return bg().getBrightness() < 0.5;
    }

    private static Color color(Label probe, Color fallback) {
        Paint paint = probe.getTextFill();
        return paint instanceof Color c ? c : fallback;
    }
}
