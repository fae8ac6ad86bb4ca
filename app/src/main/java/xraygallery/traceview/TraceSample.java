package xraygallery.traceview;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One trace as {@link SlowTraceAnalysis} sees it: how long it took, its annotations and its component split.
 *
 * @param traceId the trace id
 * @param duration the root's duration
 * @param annotations the trace's annotations (one value per key)
 * @param split where its time went
 */
public record TraceSample(String traceId, Duration duration, Map<String, AnnotationValue> annotations,
        ComponentSplit split) {

    public TraceSample {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(split, "split");
        annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    /** A trace's sample: annotations of every span, the root's first (a key keeps its first value). */
    public static TraceSample of(SpanTree tree) {
        Map<String, AnnotationValue> annotations = new LinkedHashMap<>();
        for (Span span : tree.spans()) {
            span.annotations().forEach(annotations::putIfAbsent);
        }
        return new TraceSample(tree.traceId(), tree.duration(), annotations, ComponentSplit.of(tree));
    }

    /** The same sample with one more annotation (from a trace summary, say). */
    public TraceSample withAnnotation(String key, AnnotationValue value) {
        Map<String, AnnotationValue> more = new LinkedHashMap<>(annotations);
        more.put(key, value);
        return new TraceSample(traceId, duration, more, split);
    }
}
