package xraygallery.daemon.store;

/** Storage failed (disk full, corrupt file, closed store). */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
