package xraygallery.ui.traces;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import xraygallery.traceview.Span;
import xraygallery.traceview.SpanTree;
import xraygallery.traceview.TraceComparison;

/**
 * Two waterfalls side by side with their rows aligned (same path of names), both on one time scale so that bar
 * lengths compare; a span only one trace has leaves the other side empty.
 */
final class ComparisonCanvas extends Region {
    private static final double ROW = WaterfallCanvas.ROW;
    private static final double AXIS = WaterfallCanvas.AXIS;
    private static final Font NAME = Font.font(12);
    private static final Font SMALL = Font.font(11);
    private final CompareViewModel viewModel;
    private final Canvas canvas = new Canvas();
    private final ScrollBar scroll = new ScrollBar();
    private final CanvasColors colors = new CanvasColors(this::draw);

    ComparisonCanvas(CompareViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("comparison");
        scroll.setOrientation(Orientation.VERTICAL);
        getChildren().addAll(canvas, scroll, colors.node());
        viewModel.comparisonProperty().addListener((o, was, now) -> {
            scroll.setValue(0);
            requestLayout();
            draw();
        });
        scroll.valueProperty().addListener((o, was, now) -> draw());
        canvas.setOnScroll(e -> scroll.setValue(Math.max(0, Math.min(scroll.getMax(), scroll.getValue() - e.getDeltaY()))));
        setMinHeight(AXIS + 3 * ROW);
    }

    @Override
    protected void layoutChildren() {
        double bar = scroll.prefWidth(-1);
        canvas.setWidth(Math.max(0, getWidth() - bar));
        canvas.setHeight(Math.max(0, getHeight()));
        scroll.resizeRelocate(getWidth() - bar, 0, bar, getHeight());
        TraceComparison comparison = viewModel.comparisonProperty().get();
        double content = comparison == null ? 0 : comparison.spans().size() * ROW;
        double view = Math.max(0, getHeight() - AXIS);
        scroll.setMax(Math.max(0, content - view));
        scroll.setVisibleAmount(Math.max(1, view));
        scroll.setDisable(content <= view);
        draw();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(colors.bg());
        g.fillRect(0, 0, w, h);
        TraceComparison comparison = viewModel.comparisonProperty().get();
        if (comparison == null || w < 200) {
            return;
        }
        double nameWidth = Math.max(160, Math.min(300, w * 0.26));
        double column = (w - nameWidth - 24) / 2;
        double leftX = nameWidth + 8;
        double rightX = leftX + column + 8;
        long scale = Math.max(comparison.left().duration().toNanos(), comparison.right().duration().toNanos());
        scale = Math.max(scale, 1_000_000);
        List<TraceComparison.AlignedSpan> rows = comparison.spans();
        double top = scroll.getValue();
        int first = Math.max(0, (int) (top / ROW));
        int last = Math.min(rows.size() - 1, (int) Math.ceil((top + h - AXIS) / ROW));
        g.setTextBaseline(VPos.CENTER);
        for (int i = first; i <= last; i++) {
            TraceComparison.AlignedSpan row = rows.get(i);
            double y = AXIS + i * ROW - top;
            double mid = y + ROW / 2;
            if (!row.matched()) {
                g.setFill(colors.subtle());
                g.fillRect(0, y, w, ROW);
            }
            Span any = row.left() != null ? row.left() : row.right();
            g.save();
            g.beginPath();
            g.rect(0, y, nameWidth, ROW);
            g.clip();
            g.setFill(colors.fg());
            g.setFont(NAME);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(WaterfallCanvas.label(any), 8 + row.depth() * 12, mid);
            g.restore();
            bar(g, comparison.left(), row.left(), leftX, column - 8, scale, y);
            bar(g, comparison.right(), row.right(), rightX, column - 8, scale, y);
        }
        g.setFill(colors.subtle());
        g.fillRect(0, 0, w, AXIS);
        g.setStroke(colors.border());
        g.strokeLine(0, AXIS - 0.5, w, AXIS - 0.5);
        g.strokeLine(rightX - 4.5, 0, rightX - 4.5, h);
        g.setFill(colors.muted());
        g.setFont(SMALL);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("Span", 8, AXIS / 2);
        g.fillText("Left · " + TraceFormat.millis(comparison.left().duration()) + " (scale " + TraceFormat.millis(scale / 1e6)
                + ")", leftX, AXIS / 2);
        g.fillText("Right · " + TraceFormat.millis(comparison.right().duration()), rightX, AXIS / 2);
    }

    private void bar(GraphicsContext g, SpanTree tree, Span span, double x0, double width, long scale, double y) {
        double mid = y + ROW / 2;
        if (span == null) {
            g.setFill(colors.muted());
            g.setFont(SMALL);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText("—", x0, mid);
            return;
        }
        Instant origin = tree.root().start();
        double from = Duration.between(origin, span.start()).toNanos() / (double) scale;
        double length = Duration.between(span.start(), tree.effectiveEnd(span)).toNanos() / (double) scale;
        double left = x0 + Math.max(0, from) * width;
        double right = Math.min(x0 + width, left + Math.max(2, length * width));
        Color color = Palette.of(span);
        g.setFill(color.deriveColor(0, 1, 1, 0.8));
        g.fillRect(left, y + 5, Math.max(2, right - left), ROW - 10);
        String text = span.inProgress() ? "running" : TraceFormat.millis(span.duration());
        g.setFont(SMALL);
        g.setFill(colors.fg());
        boolean fitsAfter = right + 60 <= x0 + width;
        g.setTextAlign(fitsAfter ? TextAlignment.LEFT : TextAlignment.RIGHT);
        g.fillText(text, fitsAfter ? right + 4 : Math.max(x0 + 56, left - 4), mid);
    }
}
