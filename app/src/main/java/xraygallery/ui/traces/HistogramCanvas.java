package xraygallery.ui.traces;

import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import xraygallery.traceview.LatencyHistogram;

/** An action's latency histogram: a bar per bucket with its count, the median and p95 marked. */
final class HistogramCanvas extends Region {
    private final Canvas canvas = new Canvas();
    private final CanvasColors colors = new CanvasColors(this::draw);
    private LatencyHistogram histogram;

    HistogramCanvas() {
        getStyleClass().add("histogram");
        getChildren().addAll(canvas, colors.node());
        setMinHeight(140);
        setPrefHeight(170);
    }

    void show(LatencyHistogram newHistogram) {
        this.histogram = newHistogram;
        draw();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        if (histogram == null || histogram.buckets().isEmpty() || w < 60) {
            return;
        }
        double left = 8;
        double bottom = h - 22;
        double top = 46;
        int n = histogram.buckets().size();
        double slot = (w - left - 8) / n;
        int max = histogram.buckets().stream().mapToInt(LatencyHistogram.Bucket::count).max().orElse(1);
        g.setFont(Font.font(11));
        g.setTextBaseline(VPos.BOTTOM);
        g.setTextAlign(TextAlignment.CENTER);
        for (int i = 0; i < n; i++) {
            LatencyHistogram.Bucket b = histogram.buckets().get(i);
            double barH = max == 0 ? 0 : (bottom - top) * b.count() / max;
            double x = left + i * slot;
            g.setFill(colors.accent().deriveColor(0, 1, 1, 0.75));
            g.fillRect(x + 2, bottom - barH, Math.max(1, slot - 4), barH);
            if (b.count() > 0) {
                g.setFill(colors.fg());
                g.fillText(Integer.toString(b.count()), x + slot / 2, bottom - barH - 2);
            }
        }
        g.setStroke(colors.border());
        g.strokeLine(left, bottom + 0.5, w - 8, bottom + 0.5);
        g.setFill(colors.muted());
        g.setTextBaseline(VPos.TOP);
        int every = Math.max(1, (int) Math.ceil(70 / slot));
        for (int i = 0; i <= n; i += every) {
            double x = left + i * slot;
            String label = i < n ? TraceFormat.millis(histogram.buckets().get(i).from())
                    : TraceFormat.millis(histogram.buckets().get(n - 1).to());
            g.setTextAlign(i == 0 ? TextAlignment.LEFT : i == n ? TextAlignment.RIGHT : TextAlignment.CENTER);
            g.fillText(label, x, bottom + 4);
        }
        marker(g, histogram.median().toNanos(), "median", left, slot, top, bottom);
        marker(g, histogram.p95().toNanos(), "p95", left, slot, top, bottom);
    }

    private void marker(GraphicsContext g, long nanos, String name, double left, double slot, double top,
            double bottom) {
        long from = histogram.buckets().get(0).from().toNanos();
        double x = left + (double) (nanos - from) / histogram.bucketWidth().toNanos() * slot;
        g.setStroke(name.equals("p95") ? Palette.THROTTLE : colors.fg());
        g.setLineDashes(4, 3);
        g.strokeLine(x, top - 4, x, bottom);
        g.setLineDashes();
        g.setFill(name.equals("p95") ? Palette.THROTTLE : colors.fg());
        g.setTextBaseline(VPos.TOP);
        boolean right = name.equals("p95") && x + 90 < canvas.getWidth();
        g.setTextAlign(right ? TextAlignment.LEFT : TextAlignment.RIGHT);
        g.fillText(name + " " + TraceFormat.millis(nanos / 1e6), right ? x + 3 : x - 3, name.equals("p95") ? 14 : 0);
    }
}
