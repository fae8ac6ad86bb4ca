package xraygallery.traceview;

/** The daemon (or AWS X-Ray) did not answer: not running, not reachable, or too slow. Retry later. */
public final class TraceSourceUnreachableException extends TraceSourceException {
    private static final long serialVersionUID = 1L;

    public TraceSourceUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
