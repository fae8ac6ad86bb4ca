package xraygallery.ui.traces;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import xraygallery.traceview.Component;
import xraygallery.traceview.ComponentSplit;

/**
 * One part of the "which component is slow?" bar, as shown: whole milliseconds and whole percents, rounded so
 * that the parts add up to the trace's duration in ms and to 100% (largest remainder first).
 *
 * @param component the component
 * @param millis its self time, in whole ms as shown
 * @param percent its share in whole percents as shown
 * @param share its exact share, 0..1 (for the bar's widths)
 */
public record SplitSegment(Component component, long millis, int percent, double share) {

    /** "Resize 159 ms · 30%". */
    public String text() {
        return component.label() + " " + millis + " ms · " + percent + "%";
    }

    /** The split's parts, largest first, rounded to add up. */
    static List<SplitSegment> of(ComponentSplit split) {
        List<ComponentSplit.Part> parts = split.parts();
        double[] millis = parts.stream().mapToDouble(p -> p.selfTime().toNanos() / 1e6).toArray();
        double[] percents = parts.stream().mapToDouble(p -> p.share() * 100).toArray();
        long totalMillis = Math.round(split.total().toNanos() / 1e6);
        long[] roundedMillis = largestRemainder(millis, totalMillis);
        long[] roundedPercents = largestRemainder(percents, parts.isEmpty() ? 0 : 100);
        List<SplitSegment> segments = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            segments.add(new SplitSegment(parts.get(i).component(), roundedMillis[i], (int) roundedPercents[i],
                    parts.get(i).share()));
        }
        segments.sort(Comparator.comparingDouble(SplitSegment::share).reversed()
                .thenComparing(SplitSegment::component));
        return List.copyOf(segments);
    }

    /** Rounds values down, then gives the units still missing to {@code total} to the largest remainders. */
    static long[] largestRemainder(double[] values, long total) {
        long[] rounded = new long[values.length];
        long sum = 0;
        for (int i = 0; i < values.length; i++) {
            rounded[i] = (long) Math.floor(values[i]);
            sum += rounded[i];
        }
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> values[i] - Math.floor(values[i]))
                .reversed());
        for (int k = 0; sum < total && values.length > 0; k = (k + 1) % values.length) {
            rounded[order[k]]++;
            sum++;
        }
        for (int k = values.length - 1; sum > total && k >= 0; k--) {
            int i = order[k];
            if (rounded[i] > 0) {
                rounded[i]--;
                sum--;
            }
        }
        return rounded;
    }
}
