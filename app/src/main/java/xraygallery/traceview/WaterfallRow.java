package xraygallery.traceview;

/**
 * One row of the waterfall, ready to draw: the bar spans {@code [x, x + width]} as fractions of the time window
 * (0 at its start, 1 at its end; outside 0..1 where the span leaves the window).
 *
 * @param span the span
 * @param depth 0 for the root
 * @param x where the bar starts, as a fraction of the window
 * @param width how long the bar is, as a fraction of the window (a span in progress runs to the trace's
 *     observed end)
 * @param hasChildren whether the span has children (drawn with an expander)
 * @param collapsed whether its children are hidden
 */
public record WaterfallRow(Span span, int depth, double x, double width, boolean hasChildren, boolean collapsed) {
}
