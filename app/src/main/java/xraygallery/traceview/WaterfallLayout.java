package xraygallery.traceview;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Flattens a span tree into waterfall rows: depth-first, children by start time, the children of collapsed
 * spans left out. O(n) in the spans shown, no recursion, so a Canvas can lay out thousands of spans per frame.
 */
public final class WaterfallLayout {
    private WaterfallLayout() {
    }

    /** The rows over the whole trace: from the earliest start to the latest end of any span. */
    public static List<WaterfallRow> rows(SpanTree tree, Set<String> collapsedSpanIds) {
        Instant from = tree.root().start();
        for (Span span : tree.spans()) {
            if (span.start().isBefore(from)) {
                from = span.start();
            }
        }
        return rows(tree, collapsedSpanIds, from, tree.observedEnd());
    }

    /** The rows relative to a time window (zoomed in, or shared by two traces drawn one above the other). */
    public static List<WaterfallRow> rows(SpanTree tree, Set<String> collapsedSpanIds, Instant windowStart,
            Instant windowEnd) {
        double window = Duration.between(windowStart, windowEnd).toNanos();
        List<WaterfallRow> rows = new ArrayList<>();
        Deque<Span> spans = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        spans.push(tree.root());
        depths.push(0);
        while (!spans.isEmpty()) {
            Span span = spans.pop();
            int depth = depths.pop();
            double start = Duration.between(windowStart, span.start()).toNanos();
            double length = Duration.between(span.start(), tree.effectiveEnd(span)).toNanos();
            boolean collapsed = collapsedSpanIds.contains(span.id());
            rows.add(new WaterfallRow(span, depth, window > 0 ? start / window : 0, window > 0 ? length / window : 0,
                    !span.children().isEmpty(), collapsed));
            if (!collapsed) {
                List<Span> children = span.children();
                for (int i = children.size() - 1; i >= 0; i--) {
                    spans.push(children.get(i));
                    depths.push(depth + 1);
                }
            }
        }
        return rows;
    }
}
