package xraygallery.daemon.segment;

/** A segment document that cannot be accepted, with the counted reason and a message for people. */
public final class InvalidSegmentException extends Exception {
    private static final long serialVersionUID = 1L;
    private final RejectReason reason;
    private final String documentId;

    public InvalidSegmentException(RejectReason reason, String message, String documentId) {
        super(message, null, false, false);
        this.reason = reason;
        this.documentId = documentId;
    }

    public RejectReason reason() {
        return reason;
    }

    /** The document's {@code id} if it could be read, else null. */
    public String documentId() {
        return documentId;
    }
}
