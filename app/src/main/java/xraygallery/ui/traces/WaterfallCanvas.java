package xraygallery.ui.traces;

import java.time.Duration;
import java.util.List;
import javafx.geometry.Orientation;
import javafx.geometry.Rectangle2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.CycleMethod;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Stop;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import xraygallery.traceview.Span;
import xraygallery.traceview.SpanFlag;
import xraygallery.traceview.SpanTree;
import xraygallery.traceview.WaterfallRow;

/**
 * The waterfall drawn on a canvas: a sticky time axis with tick labels, then one row per span — its name indented
 * under its parent with a chevron to collapse it, its duration, and its bar on the shared time axis, coloured by
 * component (red: fault or error, orange: throttled), the critical path outlined and the rest paler. Only the
 * rows in view are drawn, so a trace of thousands of spans scrolls as fast as a small one. Hover shows a tooltip;
 * a click on a chevron collapses or expands; a double click zooms to the bar; Escape zooms back out.
 */
final class WaterfallCanvas extends Region {
    static final double ROW = 22;
    static final double AXIS = 24;
    static final double DURATION_WIDTH = 78;
    private static final double INDENT = 12;
    private static final Font NAME = Font.font("System", 12);
    private static final Font SMALL = Font.font("System", 11);
    private static final Font BOLD = Font.font("System", FontWeight.BOLD, 12);

    private final WaterfallViewModel viewModel;
    private final Canvas canvas = new Canvas();
    private final ScrollBar scroll = new ScrollBar();
    private final Tooltip tooltip = new Tooltip();
    private final CanvasColors colors = new CanvasColors(this::draw);
    private int hoveredRow = -1;

    WaterfallCanvas(WaterfallViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("waterfall");
        scroll.setOrientation(Orientation.VERTICAL);
        scroll.setUnitIncrement(ROW);
        getChildren().addAll(canvas, scroll, colors.node());
        canvas.setFocusTraversable(true);
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(520);
        tooltip.getStyleClass().add("waterfall-tooltip");
        viewModel.rowsProperty().addListener((o, was, now) -> {
            clampScroll();
            draw();
        });
        viewModel.windowProperty().addListener((o, was, now) -> draw());
        scroll.valueProperty().addListener((o, was, now) -> draw());
        canvas.setOnScroll(e -> scroll.setValue(clamp(scroll.getValue() - e.getDeltaY(), 0, scroll.getMax())));
        canvas.setOnMouseMoved(this::hover);
        canvas.setOnMouseExited(e -> {
            hoveredRow = -1;
            tooltip.hide();
            draw();
        });
        canvas.setOnMouseClicked(this::click);
        setMinHeight(AXIS + 3 * ROW);
        setPrefHeight(AXIS + 12 * ROW);
    }

    @Override
    protected void layoutChildren() {
        double barWidth = scroll.prefWidth(-1);
        double w = Math.max(0, getWidth() - barWidth);
        double h = Math.max(0, getHeight());
        canvas.setWidth(w);
        canvas.setHeight(h);
        canvas.relocate(0, 0);
        scroll.resizeRelocate(w, 0, barWidth, h);
        clampScroll();
        draw();
    }

    private void clampScroll() {
        double content = viewModel.rows().size() * ROW;
        double view = Math.max(0, canvas.getHeight() - AXIS);
        scroll.setMax(Math.max(0, content - view));
        scroll.setVisibleAmount(Math.max(1, view));
        scroll.setBlockIncrement(Math.max(ROW, view - ROW));
        scroll.setDisable(content <= view);
        if (scroll.getValue() > scroll.getMax()) {
            scroll.setValue(scroll.getMax());
        }
    }

    double nameWidth() {
        return clamp(canvas.getWidth() * 0.3, 170, 360);
    }

    double barLeft() {
        return nameWidth() + DURATION_WIDTH + 10;
    }

    double barWidth() {
        return Math.max(20, canvas.getWidth() - barLeft() - 14);
    }

    /** Where a row's bar is drawn on the canvas (for tests and pixel checks); null when it is out of view. */
    Rectangle2D barBounds(int index) {
        List<WaterfallRow> rows = viewModel.rows();
        if (index < 0 || index >= rows.size()) {
            return null;
        }
        double y = AXIS + index * ROW - scroll.getValue();
        if (y < AXIS - ROW || y > canvas.getHeight()) {
            return null;
        }
        WaterfallRow row = rows.get(index);
        double x = barLeft() + row.x() * barWidth();
        double w = Math.max(2, row.width() * barWidth());
        return new Rectangle2D(x, y + 5, w, ROW - 10);
    }

    /** Scrolls so that the row is in view. */
    void reveal(int index) {
        double y = index * ROW;
        double view = canvas.getHeight() - AXIS;
        if (y < scroll.getValue() || y + ROW > scroll.getValue() + view) {
            scroll.setValue(clamp(y - view / 3, 0, scroll.getMax()));
        }
    }

    Canvas canvas() {
        return canvas;
    }

    void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double width = canvas.getWidth();
        double height = canvas.getHeight();
        g.setFill(colors.bg());
        g.fillRect(0, 0, width, height);
        SpanTree tree = viewModel.treeProperty().get();
        WaterfallViewModel.Window window = viewModel.windowProperty().get();
        List<WaterfallRow> rows = viewModel.rows();
        if (tree == null || window == null || rows.isEmpty() || width < 50) {
            return;
        }
        double barLeft = barLeft();
        double barWidth = barWidth();
        double top = scroll.getValue();
        int first = Math.max(0, (int) Math.floor(top / ROW));
        int last = Math.min(rows.size() - 1, (int) Math.ceil((top + height - AXIS) / ROW));
        long offset = Duration.between(tree.root().start(), window.start()).toNanos();
        List<TimeAxis.Tick> ticks = TimeAxis.ticks(offset, window.nanos(), Math.max(2, (int) (barWidth / 90)));

        // grid lines under the rows
        Color grid = colors.border();
        g.setStroke(grid);
        g.setLineWidth(1);
        for (TimeAxis.Tick tick : ticks) {
            double x = Math.round(barLeft + tick.fraction() * barWidth) + 0.5;
            g.strokeLine(x, AXIS, x, height);
        }
        g.setTextBaseline(VPos.CENTER);
        for (int i = first; i <= last; i++) {
            drawRow(g, tree, rows.get(i), i, AXIS + i * ROW - top, barLeft, barWidth);
        }
        // the axis on top, over rows scrolled under it
        g.setFill(colors.subtle());
        g.fillRect(0, 0, width, AXIS);
        g.setStroke(grid);
        g.strokeLine(0, AXIS - 0.5, width, AXIS - 0.5);
        g.setFill(colors.muted());
        g.setFont(SMALL);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("Span", 8, AXIS / 2);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText("Duration", nameWidth() + DURATION_WIDTH, AXIS / 2);
        for (TimeAxis.Tick tick : ticks) {
            double x = barLeft + tick.fraction() * barWidth;
            g.setTextAlign(tick.fraction() > 0.97 ? TextAlignment.RIGHT : tick.fraction() < 0.03
                    ? TextAlignment.LEFT : TextAlignment.CENTER);
            g.fillText(tick.label(), x, AXIS / 2);
        }
    }

    private void drawRow(GraphicsContext g, SpanTree tree, WaterfallRow row, int index, double y, double barLeft,
            double barWidth) {
        Span span = row.span();
        boolean critical = viewModel.onCriticalPath(span.id());
        if (index == hoveredRow) {
            g.setFill(colors.subtle());
            g.fillRect(0, y, canvas.getWidth(), ROW);
        }
        double mid = y + ROW / 2;
        double x = 8 + row.depth() * INDENT;
        g.setFill(colors.muted());
        if (row.hasChildren()) {
            double cx = x + 4;
            if (row.collapsed()) {
                g.fillPolygon(new double[] {cx - 3, cx + 4, cx - 3}, new double[] {mid - 5, mid, mid + 5}, 3);
            } else {
                g.fillPolygon(new double[] {cx - 5, cx + 5, cx}, new double[] {mid - 3, mid - 3, mid + 4}, 3);
            }
        }
        x += 14;
        boolean flagged = span.clockSkewed() || span.hasFlag(SpanFlag.ORPHAN);
        double nameWidth = nameWidth();
        g.save();
        g.beginPath();
        g.rect(0, y, nameWidth, ROW);
        g.clip();
        if (flagged) {
            g.setFill(Palette.THROTTLE);
            g.setFont(BOLD);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText("⚠", x, mid);
            x += 14;
        }
        g.setFill(span.fault() || span.error() ? Palette.FAULT : colors.fg());
        g.setFont(critical ? BOLD : NAME);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(label(span), x, mid);
        g.restore();
        g.setFont(SMALL);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setFill(span.inProgress() ? colors.accent() : colors.muted());
        g.fillText(viewModel.durationText(span), nameWidth + DURATION_WIDTH, mid);

        double left = barLeft + row.x() * barWidth;
        double right = left + Math.max(2, row.width() * barWidth);
        double clippedLeft = Math.max(barLeft, left);
        double clippedRight = Math.min(barLeft + barWidth, right);
        if (clippedRight < clippedLeft) {
            return; // outside the zoomed window
        }
        double barY = y + 5;
        double barH = ROW - 10;
        Color color = Palette.of(span);
        Color fill = critical ? color : color.deriveColor(0, 0.75, colors.dark() ? 0.8 : 1.0, 0.55);
        if (span.inProgress()) {
            g.setFill(new LinearGradient(clippedLeft, 0, clippedRight, 0, false, CycleMethod.NO_CYCLE,
                    new Stop(0, fill), new Stop(0.7, fill), new Stop(1, fill.deriveColor(0, 1, 1, 0.15))));
        } else {
            g.setFill(fill);
        }
        g.fillRect(clippedLeft, barY, Math.max(2, clippedRight - clippedLeft), barH);
        if (critical) {
            g.setStroke(colors.fg());
            g.setLineWidth(1.5);
            g.strokeRect(clippedLeft + 0.75, barY + 0.75, Math.max(1, clippedRight - clippedLeft - 1.5), barH - 1.5);
        }
        if (span.inProgress()) {
            g.setStroke(colors.accent());
            g.setLineWidth(1.5);
            g.setLineDashes(3, 3);
            g.strokeLine(clippedRight, barY - 2, clippedRight, barY + barH + 2);
            g.setLineDashes();
        }
        if (span.clockSkewed()) {
            g.setStroke(Palette.THROTTLE);
            g.setLineWidth(1.5);
            g.setLineDashes(2, 2);
            g.strokeRect(clippedLeft - 1, barY - 2, clippedRight - clippedLeft + 2, barH + 4);
            g.setLineDashes();
        }
    }

    /** "S3 PutObject", "photos@127.0.0.1 (MySQL)", else the span's name. */
    static String label(Span span) {
        if (span.aws() != null && span.aws().operation() != null) {
            return span.name() + " " + span.aws().operation();
        }
        if (span.sql() != null) {
            String query = span.sql().sanitizedQuery();
            return span.name() + " (SQL" + (query == null ? ")" : ": " + query.strip().split("\\s+")[0] + ")");
        }
        return span.name();
    }

    private int rowAt(double y) {
        if (y < AXIS) {
            return -1;
        }
        int index = (int) Math.floor((y - AXIS + scroll.getValue()) / ROW);
        return index < viewModel.rows().size() ? index : -1;
    }

    private void hover(MouseEvent e) {
        int index = rowAt(e.getY());
        if (index != hoveredRow) {
            hoveredRow = index;
            draw();
            if (index < 0) {
                tooltip.hide();
            } else {
                tooltip.setText(viewModel.describe(viewModel.rows().get(index).span()));
                tooltip.show(canvas, e.getScreenX() + 14, e.getScreenY() + 14);
            }
        } else if (index >= 0 && tooltip.isShowing()) {
            tooltip.setAnchorX(e.getScreenX() + 14);
            tooltip.setAnchorY(e.getScreenY() + 14);
        }
    }

    private void click(MouseEvent e) {
        canvas.requestFocus();
        if (e.getButton() != MouseButton.PRIMARY) {
            return;
        }
        int index = rowAt(e.getY());
        if (index < 0) {
            return;
        }
        WaterfallRow row = viewModel.rows().get(index);
        double chevron = 8 + row.depth() * INDENT;
        if (e.getClickCount() == 1 && row.hasChildren() && e.getX() >= chevron - 4 && e.getX() <= chevron + 14) {
            viewModel.toggle(row.span().id());
        } else if (e.getClickCount() == 2) {
            viewModel.zoomTo(row.span().id());
        }
    }

    /** Where a row's chevron is (tests click it). */
    double chevronX(int index) {
        return 8 + viewModel.rows().get(index).depth() * INDENT + 4;
    }

    double rowCenterY(int index) {
        return AXIS + index * ROW - scroll.getValue() + ROW / 2;
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }
}
