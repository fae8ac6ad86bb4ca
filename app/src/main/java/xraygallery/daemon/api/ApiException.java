package xraygallery.daemon.api;

/** An X-Ray API error: HTTP status, the error code clients map to an exception type, and a message. */
public final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static ApiException invalid(String message) {
        return new ApiException(400, "InvalidRequestException", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
