package xraygallery.traceview;

/** Something worth marking on a span in the waterfall. */
public enum SpanFlag {
    /** Still running: the document has no end time (or says {@code in_progress}). */
    IN_PROGRESS,
    /** Its parent is not in the trace (not arrived, or a cycle of parent ids): shown under the root. */
    ORPHAN,
    /** Starts before its parent (clock skew between hosts or threads); drawn where it is. */
    STARTS_BEFORE_PARENT,
    /** Ends after its parent (clock skew, or work the parent did not wait for); drawn where it is. */
    ENDS_AFTER_PARENT
}
