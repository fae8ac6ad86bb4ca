package xraygallery.traceview;

/** Where a span came from. */
public enum SpanKind {
    /** A segment document: a service's work for the trace. */
    SEGMENT,
    /** A subsegment, embedded in its parent or sent as a document of its own. */
    SUBSEGMENT,
    /** Stands in for a root segment that has not arrived (only subsegments of the trace are known). */
    PLACEHOLDER
}
