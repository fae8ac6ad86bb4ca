package xraygallery.traceview;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where one trace's time went: the root's duration split by {@link Component} as self time.
 *
 * <p>Every instant of the root's interval is attributed exactly once, to the deepest spans running then (those
 * with no running descendant); when several run at once (parallel calls) the instant is shared equally among
 * them. Time in the root that no subsegment covers is {@link Component#UNCOVERED}. So the parts add up to the
 * root's duration. Children are clipped to the root's interval; spans in progress run to the trace's
 * {@link SpanTree#observedEnd()}.
 *
 * @param total the root's duration
 * @param parts the components with time, largest first
 * @param selfTimeBySpanId each span's self time (zero for spans entirely outside the root)
 */
public record ComponentSplit(Duration total, List<Part> parts, Map<String, Duration> selfTimeBySpanId) {

    /**
     * One component's time.
     *
     * @param component the component
     * @param selfTime its self time in this trace
     * @param share its part of the total (0..1; 0 when the total is 0)
     */
    public record Part(Component component, Duration selfTime, double share) {
    }

    public ComponentSplit {
        Objects.requireNonNull(total, "total");
        parts = List.copyOf(parts);
        selfTimeBySpanId = Collections.unmodifiableMap(new LinkedHashMap<>(selfTimeBySpanId));
    }

    /** A component's self time (zero if it has none). */
    public Duration of(Component component) {
        for (Part part : parts) {
            if (part.component() == component) {
                return part.selfTime();
            }
        }
        return Duration.ZERO;
    }

    /** The largest part, if any time was spent. */
    public Part largest() {
        return parts.isEmpty() ? null : parts.get(0);
    }

    /** Splits a trace. Runs in O(n log n + n·depth) for n spans. */
    public static ComponentSplit of(SpanTree tree) {
        List<Span> spans = tree.spans();
        int n = spans.size();
        Span root = tree.root();
        Instant origin = root.start();
        long rootEnd = nanosBetween(origin, tree.effectiveEnd(root));
        int[] parent = new int[n];
        Map<String, Integer> indexById = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            indexById.put(spans.get(i).id(), i);
        }
        parent[0] = -1;
        for (int i = 0; i < n; i++) {
            for (Span child : spans.get(i).children()) {
                parent[indexById.get(child.id())] = i;
            }
        }
        // a span runs over its clipped interval [start, end); at the same instant, ends come before starts
        List<Event> events = new ArrayList<>(2 * n);
        for (int i = 0; i < n; i++) {
            Span span = spans.get(i);
            long start = clamp(nanosBetween(origin, span.start()), rootEnd);
            long end = clamp(nanosBetween(origin, tree.effectiveEnd(span)), rootEnd);
            if (end > start) {
                events.add(new Event(start, true, i));
                events.add(new Event(end, false, i));
            }
        }
        events.sort(Comparator.comparingLong(Event::time).thenComparing(Event::start));
        double[] self = new double[n];
        int[] runningDescendants = new int[n];
        List<Integer> active = new ArrayList<>();
        long previous = 0;
        for (Event event : events) {
            long time = event.time();
            if (time > previous && !active.isEmpty()) {
                attribute(time - previous, active, runningDescendants, self);
            }
            previous = Math.max(previous, time);
            int i = event.index();
            boolean start = event.start();
            if (start) {
                active.add(i);
            } else {
                active.remove(Integer.valueOf(i));
            }
            for (int a = parent[i]; a >= 0; a = parent[a]) {
                runningDescendants[a] += start ? 1 : -1;
            }
        }
        Map<Component, Double> byComponent = new EnumMap<>(Component.class);
        Map<String, Duration> bySpan = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Span span = spans.get(i);
            bySpan.put(span.id(), Duration.ofNanos(Math.round(self[i])));
            if (self[i] > 0) {
                Component component = i == 0 ? Component.UNCOVERED : span.component();
                byComponent.merge(component, self[i], Double::sum);
            }
        }
        List<Part> parts = new ArrayList<>();
        byComponent.forEach((component, nanos) -> parts.add(new Part(component, Duration.ofNanos(Math.round(nanos)),
                rootEnd > 0 ? nanos / rootEnd : 0)));
        parts.sort(Comparator.comparing(Part::selfTime).reversed().thenComparing(Part::component));
        return new ComponentSplit(Duration.ofNanos(rootEnd), parts, bySpan);
    }

    /** Shares an elementary interval among the running spans that have no running descendant. */
    private static void attribute(long nanos, List<Integer> active, int[] runningDescendants, double[] self) {
        int leaves = 0;
        for (int i : active) {
            if (runningDescendants[i] == 0) {
                leaves++;
            }
        }
        double each = (double) nanos / leaves;
        for (int i : active) {
            if (runningDescendants[i] == 0) {
                self[i] += each;
            }
        }
    }

    private record Event(long time, boolean start, int index) {
    }

    private static long clamp(long value, long max) {
        return Math.max(0, Math.min(max, value));
    }

    static long nanosBetween(Instant from, Instant to) {
        return Duration.between(from, to).toNanos();
    }
}
