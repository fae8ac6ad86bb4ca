package xraygallery.traceview;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The chain of spans that determines when a trace ends. From the root's end, walk back through the child that
 * finished last before the current point, recursively into it, then on from that child's start; time where no
 * child was running belongs to the span itself. Children are clipped to their parent; spans in progress run to
 * the trace's {@link SpanTree#observedEnd()} and, on a tie, are preferred: the trace is waiting on them.
 *
 * @param spanIds the spans on the path (the root included), for highlighting
 * @param steps the path as time slices, in time order: which span the trace was waiting on, from when to when
 */
public record CriticalPath(Set<String> spanIds, List<Step> steps) {

    /** A slice of the path: during [from, to] the trace was waiting on this span itself. */
    public record Step(String spanId, Instant from, Instant to) {
    }

    public CriticalPath {
        spanIds = Collections.unmodifiableSet(new LinkedHashSet<>(spanIds));
        steps = List.copyOf(steps);
    }

    public boolean contains(String spanId) {
        return spanIds.contains(spanId);
    }

    public static CriticalPath of(SpanTree tree) {
        Walk walk = new Walk(tree);
        Span root = tree.root();
        walk.visit(root, root.start(), tree.effectiveEnd(root));
        Collections.reverse(walk.steps);
        return new CriticalPath(walk.ids, walk.steps);
    }

    private static final class Walk {
        final SpanTree tree;
        final Set<String> ids = new LinkedHashSet<>();
        final List<Step> steps = new ArrayList<>();

        Walk(SpanTree tree) {
            this.tree = tree;
        }

        /** Walks a span clipped to [from, to], appending steps latest first. */
        void visit(Span span, Instant from, Instant to) {
            ids.add(span.id());
            List<Clipped> children = new ArrayList<>(span.children().size());
            for (Span child : span.children()) {
                Instant start = max(child.start(), from);
                Instant end = min(tree.effectiveEnd(child), to);
                if (!end.isBefore(start)) {
                    children.add(new Clipped(child, start, end));
                }
            }
            // latest end first; on a tie, a span still running (the trace waits on it), then the later start
            children.sort(Comparator.comparing(Clipped::end).reversed()
                    .thenComparing(c -> !c.span().inProgress())
                    .thenComparing(Comparator.comparing(Clipped::start).reversed()));
            Instant cursor = to;
            for (Clipped child : children) {
                // the child that finished last at or before the cursor, and ran before it
                if (child.end().isAfter(cursor) || !child.start().isBefore(cursor)) {
                    continue;
                }
                if (cursor.isAfter(child.end())) {
                    steps.add(new Step(span.id(), child.end(), cursor));
                }
                visit(child.span(), child.start(), child.end());
                cursor = child.start();
            }
            if (cursor.isAfter(from)) {
                steps.add(new Step(span.id(), from, cursor));
            }
        }
    }

    private record Clipped(Span span, Instant start, Instant end) {
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
