package xraygallery.traceview;

/** Any other failure: a bad request, a service error, an unreadable answer, a configuration problem. */
public final class TraceSourceFailedException extends TraceSourceException {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    public TraceSourceFailedException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    @Override
    public boolean retryable() {
        return retryable;
    }
}
