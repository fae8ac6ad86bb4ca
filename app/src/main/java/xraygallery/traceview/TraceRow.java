package xraygallery.traceview;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One trace in the list of recent traces (from a trace summary).
 *
 * @param traceId the trace id
 * @param start when the trace started
 * @param action the {@code action} annotation ({@code upload}), or null
 * @param user the {@code user} annotation (else the segment's user), or null
 * @param duration from the root's start to the last end of any part; null if nothing has ended yet
 * @param responseTime the root segment's own duration; null while it runs
 * @param httpStatus the root segment's HTTP status, or null
 * @param fault a fault (5xx-like) on the root
 * @param error an error (4xx-like) on the root
 * @param throttle throttled anywhere in the trace
 * @param inProgress still running, or not all its parts have arrived (the summary is partial)
 * @param annotations every annotation in the trace, each key with the values seen
 */
public record TraceRow(String traceId, Instant start, String action, String user, Duration duration,
        Duration responseTime, Integer httpStatus, boolean fault, boolean error, boolean throttle, boolean inProgress,
        Map<String, List<AnnotationValue>> annotations) {

    public TraceRow {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(start, "start");
        Map<String, List<AnnotationValue>> copy = new LinkedHashMap<>();
        annotations.forEach((key, values) -> copy.put(key, List.copyOf(values)));
        annotations = Collections.unmodifiableMap(copy);
    }

    /** The first value of an annotation. */
    public Optional<AnnotationValue> annotation(String key) {
        List<AnnotationValue> values = annotations.get(key);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Fault, error or throttle. */
    public boolean failed() {
        return fault || error || throttle;
    }
}
