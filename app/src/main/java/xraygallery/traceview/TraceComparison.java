package xraygallery.traceview;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Two traces of the same action side by side: their component splits with the difference per component, and
 * their span trees aligned row by row. Spans are matched by their path of names and their occurrence among
 * siblings of the same name ({@code xray-gallery/S3#2}: the third S3 call under the root), so a UI can draw
 * the two waterfalls with matching rows.
 *
 * @param left one trace
 * @param right the other
 * @param components each component's self time in both, largest difference first
 * @param spans the aligned rows in depth-first order; a span only one trace has leaves the other side null
 */
public record TraceComparison(SpanTree left, SpanTree right, List<ComponentDelta> components,
        List<AlignedSpan> spans) {

    /**
     * A component's self time in both traces.
     *
     * @param component the component
     * @param left its self time in the left trace
     * @param right its self time in the right trace
     */
    public record ComponentDelta(Component component, Duration left, Duration right) {
        /** Right minus left: positive when the right trace spent more. */
        public Duration difference() {
            return right.minus(left);
        }
    }

    /**
     * One row of the aligned waterfalls.
     *
     * @param path names from the root, each child with its occurrence index ({@code xray-gallery/S3#2})
     * @param depth 0 for the roots
     * @param left the left trace's span, or null
     * @param right the right trace's span, or null
     */
    public record AlignedSpan(String path, int depth, Span left, Span right) {
        public boolean matched() {
            return left != null && right != null;
        }
    }

    public TraceComparison {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        components = List.copyOf(components);
        spans = List.copyOf(spans);
    }

    public static TraceComparison of(SpanTree left, SpanTree right) {
        ComponentSplit a = ComponentSplit.of(left);
        ComponentSplit b = ComponentSplit.of(right);
        Set<Component> present = EnumSet.noneOf(Component.class);
        a.parts().forEach(p -> present.add(p.component()));
        b.parts().forEach(p -> present.add(p.component()));
        List<ComponentDelta> deltas = new ArrayList<>();
        for (Component component : present) {
            deltas.add(new ComponentDelta(component, a.of(component), b.of(component)));
        }
        deltas.sort(Comparator.comparing((ComponentDelta d) -> d.difference().abs()).reversed()
                .thenComparing(ComponentDelta::component));
        List<AlignedSpan> rows = new ArrayList<>();
        align(left.root(), right.root(), left.root().name(), 0, rows);
        return new TraceComparison(left, right, deltas, rows);
    }

    private static void align(Span left, Span right, String path, int depth, List<AlignedSpan> rows) {
        rows.add(new AlignedSpan(path, depth, left, right));
        Map<String, Span> leftChildren = keyed(left);
        Map<String, Span> rightChildren = keyed(right);
        for (String key : merge(new ArrayList<>(leftChildren.keySet()), new ArrayList<>(rightChildren.keySet()))) {
            align(leftChildren.get(key), rightChildren.get(key), path + "/" + key, depth + 1, rows);
        }
    }

    /** A span's children by name and occurrence ({@code S3#0}, {@code S3#1}), in start order. */
    private static Map<String, Span> keyed(Span span) {
        if (span == null) {
            return Map.of();
        }
        Map<String, Span> keyed = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Span child : span.children()) {
            int occurrence = seen.merge(child.name(), 1, Integer::sum) - 1;
            keyed.put(child.name() + "#" + occurrence, child);
        }
        return keyed;
    }

    /** The left keys in order, each right-only key placed after the key that precedes it on the right. */
    private static List<String> merge(List<String> left, List<String> right) {
        List<String> merged = new ArrayList<>(left);
        Set<String> placed = new java.util.HashSet<>(left);
        String previous = null;
        for (String key : right) {
            if (placed.add(key)) {
                int at = previous == null ? 0 : merged.indexOf(previous) + 1;
                merged.add(at, key);
            }
            previous = key;
        }
        return merged;
    }
}
