package xraygallery.ui.traces;

import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.shape.Rectangle;

/** "Which component is slow?" in one line: a stacked bar of the trace's split, then the legend, largest first. */
final class SplitBar extends HBox {
    private static final double WIDTH = 240;
    private static final double HEIGHT = 14;
    private final Canvas bar = new Canvas(WIDTH, HEIGHT);
    private final FlowPane legend = new FlowPane(14, 4);
    private final Label heading = new Label("Where the time went");
    private List<SplitSegment> segments = List.of();

    SplitBar() {
        getStyleClass().add("split-bar");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(12);
        heading.getStyleClass().add("split-heading");
        heading.setMinWidth(Label.USE_PREF_SIZE);
        legend.getStyleClass().add("split-legend");
        HBox.setHgrow(legend, Priority.ALWAYS);
        getChildren().addAll(heading, bar, legend);
    }

    void show(List<SplitSegment> newSegments) {
        this.segments = newSegments;
        GraphicsContext g = bar.getGraphicsContext2D();
        g.clearRect(0, 0, WIDTH, HEIGHT);
        double x = 0;
        for (int i = 0; i < segments.size(); i++) {
            SplitSegment s = segments.get(i);
            double w = i == segments.size() - 1 ? WIDTH - x : Math.round(s.share() * WIDTH);
            g.setFill(Palette.of(s.component()));
            g.fillRect(x, 0, Math.max(0, w), HEIGHT);
            x += w;
        }
        legend.getChildren().clear();
        for (SplitSegment s : segments) {
            Label label = new Label(s.text());
            label.setId("split-" + s.component().name());
            label.getStyleClass().add("split-part");
            Rectangle swatch = new Rectangle(10, 10, Palette.of(s.component()));
            swatch.setArcWidth(3);
            swatch.setArcHeight(3);
            label.setGraphic(swatch);
            label.setTooltip(new Tooltip(s.component().label() + ": " + s.millis() + " ms of the trace's self time ("
                    + s.percent() + "%)"));
            legend.getChildren().add(label);
        }
        setVisible(!segments.isEmpty());
        setManaged(!segments.isEmpty());
    }

    List<SplitSegment> segments() {
        return segments;
    }
}
