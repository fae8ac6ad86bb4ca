package xraygallery.traceview;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Why some traces of an action are slow: its slowest tenth compared with the rest.
 *
 * @param action the action compared
 * @param traceCount how many traces
 * @param slowCount how many count as slow (the slowest tenth, at least one)
 * @param slowThreshold the shortest duration among the slow ones
 * @param slowMedian the median duration of the slow ones
 * @param restMedian the median duration of the rest
 * @param enoughTraces whether there were enough traces for the comparison to mean much
 * @param note a caution for the panel when there were too few traces, else null
 * @param findings the reasons found, strongest first
 */
public record SlowTraceReport(String action, int traceCount, int slowCount, Duration slowThreshold,
        Duration slowMedian, Duration restMedian, boolean enoughTraces, String note, List<Finding> findings) {

    public SlowTraceReport {
        Objects.requireNonNull(slowThreshold, "slowThreshold");
        Objects.requireNonNull(slowMedian, "slowMedian");
        Objects.requireNonNull(restMedian, "restMedian");
        findings = List.copyOf(findings);
    }
}
