package xraygallery.traceview;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One segment or subsegment of a trace, with its children (ordered by start time) under it.
 *
 * @param id the span's id
 * @param parentId the id of its parent as recorded (for an embedded subsegment, the enclosing span's id); null
 *     for the root and for a segment that names no parent. An {@link SpanFlag#ORPHAN orphan} keeps the id of
 *     its missing parent, though it sits under the root.
 * @param name the span's name ({@code xray-gallery}, {@code resize_image}, {@code S3}, {@code photos@127.0.0.1})
 * @param namespace {@code aws}, {@code remote} or null
 * @param kind segment, subsegment, or a placeholder for a missing root
 * @param start when it started
 * @param end when it ended; null while it is in progress
 * @param fault a 5xx-like failure
 * @param error a 4xx-like failure
 * @param throttle throttled (429)
 * @param httpStatus the HTTP response status, or null
 * @param aws the AWS call it records, or null
 * @param sql the SQL statement it records, or null
 * @param exceptions exceptions recorded on it
 * @param causeExceptionId when the span's {@code cause} names an exception of a child by id, that id; else null
 * @param annotations its annotations, in document order
 * @param metadata its metadata, one compact JSON text per namespace
 * @param component the part of the app its time belongs to
 * @param flags what to mark on it
 * @param children its children, ordered by start time
 */
public record Span(String id, String parentId, String name, String namespace, SpanKind kind, Instant start,
        Instant end, boolean fault, boolean error, boolean throttle, Integer httpStatus, AwsCall aws, SqlCall sql,
        List<SpanException> exceptions, String causeExceptionId, Map<String, AnnotationValue> annotations,
        Map<String, String> metadata, Component component, Set<SpanFlag> flags, List<Span> children) {

    public Span {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(component, "component");
        exceptions = List.copyOf(exceptions);
        annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(flags);
        children = List.copyOf(children);
    }

    /** True while the span has no end. */
    public boolean inProgress() {
        return end == null;
    }

    /** How long it took; null while in progress. */
    public Duration duration() {
        return end == null ? null : Duration.between(start, end);
    }

    public boolean hasFlag(SpanFlag flag) {
        return flags.contains(flag);
    }

    /** Starts before or ends after its parent. */
    public boolean clockSkewed() {
        return flags.contains(SpanFlag.STARTS_BEFORE_PARENT) || flags.contains(SpanFlag.ENDS_AFTER_PARENT);
    }

    /** Fault, error or throttle. */
    public boolean failed() {
        return fault || error || throttle;
    }

    /** The span with other children (for building trees by hand). */
    public Span withChildren(List<Span> newChildren) {
        return new Span(id, parentId, name, namespace, kind, start, end, fault, error, throttle, httpStatus, aws, sql,
                exceptions, causeExceptionId, annotations, metadata, component, flags, newChildren);
    }

    /** The span with other flags. */
    public Span withFlags(Set<SpanFlag> newFlags) {
        return new Span(id, parentId, name, namespace, kind, start, end, fault, error, throttle, httpStatus, aws, sql,
                exceptions, causeExceptionId, annotations, metadata, component, newFlags, children);
    }

    @Override
    public String toString() {
        return "Span[" + name + " " + id + (end == null ? " in progress" : " " + duration().toMillis() + " ms")
                + (flags.isEmpty() ? "" : " " + flags) + ", " + children.size() + " children]";
    }
}
