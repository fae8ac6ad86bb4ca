package xraygallery.traceview;

import java.util.Locale;

/**
 * What part of the app a span's time belongs to, for "which component is slow?". Every span has one;
 * {@link #UNCOVERED} is only used by {@link ComponentSplit}: time in the action's root segment that no
 * subsegment accounts for.
 */
public enum Component {
    /** Local work named {@code resize_image}. */
    RESIZE("Resize"),
    /** S3 calls (namespace {@code aws}, name {@code S3}). */
    S3("S3"),
    /** Rekognition calls. */
    REKOGNITION("Rekognition"),
    /** RDS API calls (the control plane, not SQL). */
    RDS_API("RDS API"),
    /** SQL statements: a subsegment with an {@code sql} block (MySQL/MariaDB here). */
    MYSQL("MySQL"),
    /** Calls to any other AWS service. */
    OTHER_AWS("Other AWS"),
    /** Other remote calls (namespace {@code remote} without {@code sql}), and downstream services' segments. */
    REMOTE("Remote"),
    /** Other local work ({@code validate}, ...) and the root segment itself. */
    LOCAL("Local"),
    /** In a split: time in the root segment not covered by any subsegment. */
    UNCOVERED("Uncovered");

    private final String label;

    Component(String label) {
        this.label = label;
    }

    /** A short human-readable name ("RDS API"). */
    public String label() {
        return label;
    }

    /**
     * Classifies a span.
     *
     * @param name the span's name
     * @param namespace its namespace ({@code aws}, {@code remote} or null)
     * @param hasSql whether it carries an {@code sql} block
     * @param downstreamSegment whether it is a segment other than the trace's root (another service's work)
     */
    public static Component classify(String name, String namespace, boolean hasSql, boolean downstreamSegment) {
        if (hasSql) {
            return MYSQL;
        }
        String ns = namespace == null ? "" : namespace.toLowerCase(Locale.ROOT);
        if (ns.equals("aws")) {
            return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
                case "s3" -> S3;
                case "rekognition" -> REKOGNITION;
                case "rds" -> RDS_API;
                default -> OTHER_AWS;
            };
        }
        if (ns.equals("remote") || downstreamSegment) {
            return REMOTE;
        }
        if ("resize_image".equals(name)) {
            return RESIZE;
        }
        return LOCAL;
    }
}
