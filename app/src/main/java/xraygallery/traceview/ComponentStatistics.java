package xraygallery.traceview;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Self time by component over many traces of one action (the last 100 uploads, say).
 *
 * @param traceCount how many traces
 * @param totalTime their durations added up
 * @param rows one row per component that had time in any trace, largest share first
 */
public record ComponentStatistics(int traceCount, Duration totalTime, List<Row> rows) {

    /**
     * One component over the traces. A trace in which the component took no time counts as zero.
     *
     * @param component the component
     * @param median the median of its self time per trace
     * @param p95 the 95th percentile of its self time per trace
     * @param share its part of all the traces' time (0..1)
     * @param traces in how many traces it took any time
     */
    public record Row(Component component, Duration median, Duration p95, double share, int traces) {
    }

    public ComponentStatistics {
        Objects.requireNonNull(totalTime, "totalTime");
        rows = List.copyOf(rows);
    }

    /** The row of a component, if it took time in any trace. */
    public java.util.Optional<Row> row(Component component) {
        return rows.stream().filter(r -> r.component() == component).findFirst();
    }

    public static ComponentStatistics ofTrees(Collection<SpanTree> trees) {
        return of(trees.stream().map(ComponentSplit::of).toList());
    }

    public static ComponentStatistics of(Collection<ComponentSplit> splits) {
        Map<Component, List<Duration>> times = new EnumMap<>(Component.class);
        long totalNanos = 0;
        for (ComponentSplit split : splits) {
            totalNanos += split.total().toNanos();
            for (ComponentSplit.Part part : split.parts()) {
                times.computeIfAbsent(part.component(), c -> new ArrayList<>()).add(part.selfTime());
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Component, List<Duration>> entry : times.entrySet()) {
            List<Duration> values = new ArrayList<>(entry.getValue());
            long sum = values.stream().mapToLong(Duration::toNanos).sum();
            int present = values.size();
            while (values.size() < splits.size()) {
                values.add(Duration.ZERO);
            }
            long[] sorted = Percentiles.sortedNanos(values);
            rows.add(new Row(entry.getKey(), Percentiles.median(sorted), Percentiles.quantile(sorted, 0.95),
                    totalNanos > 0 ? (double) sum / totalNanos : 0, present));
        }
        rows.sort(Comparator.comparingDouble(Row::share).reversed().thenComparing(Row::component));
        return new ComponentStatistics(splits.size(), Duration.ofNanos(totalNanos), rows);
    }
}
