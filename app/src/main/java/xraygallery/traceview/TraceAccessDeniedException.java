package xraygallery.traceview;

/** AWS refused the call: no credentials, invalid or expired ones, or no permission to read X-Ray traces. */
public final class TraceAccessDeniedException extends TraceSourceException {
    private static final long serialVersionUID = 1L;

    public TraceAccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
