package xraygallery.traceview;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One trace as a tree of spans under a single root, with an index by id. Immutable.
 *
 * <p>Spans still in progress have no end; analyses and the waterfall draw them up to {@link #observedEnd()},
 * the latest start or end anywhere in the trace (the trace's "now", as far as its documents tell).
 */
public final class SpanTree {
    private final String traceId;
    private final Span root;
    private final List<Span> spans;
    private final Map<String, Span> byId;
    private final Map<String, Span> parents;
    private final Instant observedEnd;
    private final int orphanCount;
    private final int documentCount;

    private SpanTree(String traceId, Span root, int documentCount) {
        this.traceId = Objects.requireNonNull(traceId, "traceId");
        this.root = Objects.requireNonNull(root, "root");
        this.documentCount = documentCount;
        List<Span> order = new ArrayList<>();
        Map<String, Span> index = new HashMap<>();
        Map<String, Span> parentIndex = new HashMap<>();
        Instant latest = root.start();
        int orphans = 0;
        Deque<Span> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Span span = stack.pop();
            order.add(span);
            if (index.putIfAbsent(span.id(), span) != null) {
                throw new IllegalArgumentException("span id " + span.id() + " occurs twice in trace " + traceId);
            }
            Instant last = span.end() != null && span.end().isAfter(span.start()) ? span.end() : span.start();
            if (last.isAfter(latest)) {
                latest = last;
            }
            if (span.hasFlag(SpanFlag.ORPHAN)) {
                orphans++;
            }
            List<Span> children = span.children();
            for (int i = children.size() - 1; i >= 0; i--) {
                parentIndex.put(children.get(i).id(), span);
                stack.push(children.get(i));
            }
        }
        this.spans = Collections.unmodifiableList(order);
        this.byId = Collections.unmodifiableMap(index);
        this.parents = Collections.unmodifiableMap(parentIndex);
        this.observedEnd = latest;
        this.orphanCount = orphans;
    }

    /** A tree around a root built by hand or by {@link SpanTreeParser}; span ids must be unique. */
    public static SpanTree of(String traceId, Span root) {
        return new SpanTree(traceId, root, 0);
    }

    static SpanTree of(String traceId, Span root, int documentCount) {
        return new SpanTree(traceId, root, documentCount);
    }

    public String traceId() {
        return traceId;
    }

    public Span root() {
        return root;
    }

    /** Every span, root first, in depth-first order (children by start time). */
    public List<Span> spans() {
        return spans;
    }

    public int size() {
        return spans.size();
    }

    public Optional<Span> span(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The span's parent in this tree (for an orphan: the root), or empty for the root. */
    public Optional<Span> parentOf(Span span) {
        return Optional.ofNullable(parents.get(span.id()));
    }

    /** The latest start or end of any span: where in-progress spans are drawn to. */
    public Instant observedEnd() {
        return observedEnd;
    }

    /** The span's end, or {@link #observedEnd()} while it is in progress (never before its start). */
    public Instant effectiveEnd(Span span) {
        Instant end = span.end() != null ? span.end() : observedEnd;
        return end.isBefore(span.start()) ? span.start() : end;
    }

    /** The root's duration; while the root is in progress, up to {@link #observedEnd()}. */
    public Duration duration() {
        return Duration.between(root.start(), effectiveEnd(root));
    }

    /** Whether any span is still in progress. */
    public boolean inProgress() {
        return spans.stream().anyMatch(Span::inProgress);
    }

    /** Spans whose parent was missing, shown under the root. */
    public int orphanCount() {
        return orphanCount;
    }

    /** Whether any child starts before or ends after its parent. */
    public boolean hasClockSkew() {
        return spans.stream().anyMatch(Span::clockSkewed);
    }

    /** How many documents the trace arrived as (0 for a tree built by hand). */
    public int documentCount() {
        return documentCount;
    }

    /** The root's annotations. */
    public Map<String, AnnotationValue> annotations() {
        return root.annotations();
    }

    @Override
    public String toString() {
        return "SpanTree[" + traceId + ", " + spans.size() + " spans, root " + root + "]";
    }
}
