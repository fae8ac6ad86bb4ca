package xraygallery.traceview;

/**
 * A trace source query that failed, in a form the panel can show: {@link TraceSourceUnreachableException}
 * (retry later), {@link InvalidFilterExpressionException} (fix the expression), {@link TraceAccessDeniedException}
 * (fix credentials or permissions) or {@link TraceSourceFailedException} (anything else).
 */
public abstract sealed class TraceSourceException extends Exception
        permits TraceSourceUnreachableException, InvalidFilterExpressionException, TraceAccessDeniedException,
        TraceSourceFailedException {
    private static final long serialVersionUID = 1L;

    TraceSourceException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether asking again later may succeed without the user changing anything. */
    public abstract boolean retryable();
}
