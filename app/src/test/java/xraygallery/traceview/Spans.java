package xraygallery.traceview;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds span trees by hand, times in milliseconds after {@link #T0}:
 * {@code Spans.root(0, 100).children(Spans.span("resize_image", 10, 60)).tree()}. Ids are the names, with
 * {@code #1}, {@code #2}... for repeated names (depth-first); in-progress and skew flags are set as the parser
 * sets them.
 */
final class Spans {
    static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    private final String name;
    private final long startMicros;
    private final Long endMicros;
    private String namespace;
    private String id;
    private String builtId;
    private boolean sql;
    private boolean fault;
    private boolean error;
    private boolean throttle;
    private final Set<SpanFlag> extraFlags = EnumSet.noneOf(SpanFlag.class);
    private final Map<String, AnnotationValue> annotations = new LinkedHashMap<>();
    private final List<Spans> children = new ArrayList<>();

    private Spans(String name, long startMicros, Long endMicros) {
        this.name = name;
        this.startMicros = startMicros;
        this.endMicros = endMicros;
    }

    static Spans root(double startMs, double endMs) {
        return span("xray-gallery", startMs, endMs);
    }

    static Spans span(String name, double startMs, double endMs) {
        return new Spans(name, Math.round(startMs * 1000), Math.round(endMs * 1000));
    }

    static Spans inProgress(String name, double startMs) {
        return new Spans(name, Math.round(startMs * 1000), null);
    }

    static Spans s3(double startMs, double endMs) {
        return span("S3", startMs, endMs).namespace("aws");
    }

    static Spans rekognition(double startMs, double endMs) {
        return span("Rekognition", startMs, endMs).namespace("aws");
    }

    static Spans mysql(double startMs, double endMs) {
        Spans spans = span("photos@127.0.0.1", startMs, endMs).namespace("remote");
        spans.sql = true;
        return spans;
    }

    static Spans resize(double startMs, double endMs) {
        return span("resize_image", startMs, endMs);
    }

    static Instant at(double ms) {
        return T0.plusNanos(Math.round(ms * 1_000_000));
    }

    Spans namespace(String value) {
        this.namespace = value;
        return this;
    }

    Spans id(String value) {
        this.id = value;
        return this;
    }

    Spans fault() {
        this.fault = true;
        return this;
    }

    Spans error() {
        this.error = true;
        return this;
    }

    Spans throttle() {
        this.throttle = true;
        return this;
    }

    Spans orphan() {
        extraFlags.add(SpanFlag.ORPHAN);
        return this;
    }

    Spans annotate(String key, Object value) {
        if (value instanceof Number number) {
            annotations.put(key, AnnotationValue.of(number.doubleValue()));
        } else if (value instanceof Boolean bool) {
            annotations.put(key, AnnotationValue.of(bool));
        } else {
            annotations.put(key, AnnotationValue.of(String.valueOf(value)));
        }
        return this;
    }

    Spans children(Spans... more) {
        children.addAll(List.of(more));
        return this;
    }

    SpanTree tree() {
        return tree("1-" + Long.toHexString(T0.getEpochSecond()) + "-000000000000000000000001");
    }

    SpanTree tree(String traceId) {
        return SpanTree.of(traceId, build(null, new HashMap<>(), true));
    }

    private Span build(Spans parent, Map<String, Integer> names, boolean isRoot) {
        String spanId = id;
        if (spanId == null) {
            int seen = names.merge(name, 1, Integer::sum) - 1;
            spanId = seen == 0 ? name : name + "#" + seen;
        }
        builtId = spanId;
        Set<SpanFlag> flags = EnumSet.noneOf(SpanFlag.class);
        flags.addAll(extraFlags);
        if (endMicros == null) {
            flags.add(SpanFlag.IN_PROGRESS);
        }
        if (parent != null && !flags.contains(SpanFlag.ORPHAN)) {
            if (startMicros < parent.startMicros) {
                flags.add(SpanFlag.STARTS_BEFORE_PARENT);
            }
            if (endMicros != null && parent.endMicros != null && endMicros > parent.endMicros) {
                flags.add(SpanFlag.ENDS_AFTER_PARENT);
            }
        }
        List<Span> built = new ArrayList<>();
        for (Spans child : children) {
            built.add(child.build(this, names, false));
        }
        built.sort(java.util.Comparator.comparing(Span::start));
        return new Span(spanId, parent == null ? null : parent.builtId, name, namespace,
                isRoot ? SpanKind.SEGMENT : SpanKind.SUBSEGMENT, T0.plusNanos(startMicros * 1000),
                endMicros == null ? null : T0.plusNanos(endMicros * 1000), fault, error, throttle, null, null, null,
                List.of(), null, annotations, Map.of(), Component.classify(name, namespace, sql, false), flags, built);
    }
}
