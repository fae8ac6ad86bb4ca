package xraygallery.daemon.segment;

/** Why a document was refused at the door; each reason is counted separately in telemetry. */
public enum RejectReason {
    /** The datagram has no {@code \n}, or its header is not {@code {"format": "json", "version": 1}}. */
    BAD_HEADER,
    /** The body is not one well-formed JSON object (truncated, junk, bad UTF-8, too deep). */
    MALFORMED_JSON,
    /** A required field is missing ({@code name}, {@code id}, {@code start_time}, ...). */
    MISSING_FIELD,
    /** A field has the wrong type or format (id not 16 hex digits, bad trace id, ...). */
    INVALID_FIELD,
    /** The document is over the 64 KiB limit of one X-Ray segment document. */
    TOO_LARGE
}
