package xraygallery.cloud;

/** A cloud call failed; {@link #isRetryable()} says whether trying again later may work (throttling, 5xx, no connection). */
public class CloudCallException extends RuntimeException {
    private final boolean retryable;

    public CloudCallException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean isRetryable() {
        return retryable;
    }
}
