package xraygallery.traceview;

import java.util.Objects;

/**
 * One reason some traces are slow, for a ranked list.
 *
 * @param kind what was compared
 * @param subject the component's label or the annotation key
 * @param description a sentence for the panel
 * @param score how strongly it separates the slow traces from the rest, 0..1 (1: completely)
 */
public record Finding(Kind kind, String subject, String description, double score) {

    /** What a finding compares. */
    public enum Kind {
        /** A component's median self time, slow traces against the rest. */
        COMPONENT,
        /** How often a string or boolean annotation value occurs among slow traces against the rest. */
        ANNOTATION_VALUE,
        /** A numeric annotation's values among slow traces against the rest. */
        ANNOTATION_NUMBER
    }

    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(description, "description");
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be within 0..1, not " + score);
        }
    }
}
