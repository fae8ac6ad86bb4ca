package xraygallery.traceview;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Everything the panel shows about many traces of one action (the last 100 uploads): self time per component,
 * the latency histogram and why the slow ones are slow. Traces still in progress are left out (they have no
 * final duration) and counted.
 *
 * @param action the action
 * @param components self time per component over the complete traces
 * @param latency the complete traces' durations
 * @param slowTraces the slowest tenth compared with the rest
 * @param inProgressSkipped how many traces were left out because they were still running
 */
public record ActionProfile(String action, ComponentStatistics components, LatencyHistogram latency,
        SlowTraceReport slowTraces, int inProgressSkipped) {

    public ActionProfile {
        Objects.requireNonNull(components, "components");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(slowTraces, "slowTraces");
    }

    public static ActionProfile of(String action, Collection<SpanTree> trees) {
        List<TraceSample> samples = new ArrayList<>(trees.size());
        int skipped = 0;
        for (SpanTree tree : trees) {
            if (tree.root().inProgress()) {
                skipped++;
            } else {
                samples.add(TraceSample.of(tree));
            }
        }
        return new ActionProfile(action, ComponentStatistics.of(samples.stream().map(TraceSample::split).toList()),
                LatencyHistogram.of(samples.stream().map(TraceSample::duration).toList()),
                SlowTraceAnalysis.analyze(action, samples), skipped);
    }
}
