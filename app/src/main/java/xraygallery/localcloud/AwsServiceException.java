package xraygallery.localcloud;

/**
 * An error answered to an AWS client in its service's wire format: an HTTP status, an AWS error
 * code such as {@code NoSuchKey}, and a human message. Thrown anywhere below a request handler
 * and rendered by the protocol of the service that was called.
 */
public class AwsServiceException extends RuntimeException {
    private final int status;
    private final String code;
    private final String resource;

    public AwsServiceException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public AwsServiceException(int status, String code, String message, String resource) {
        super(message);
        this.status = status;
        this.code = code;
        this.resource = resource;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The bucket, key or instance the error is about, or null. */
    public String resource() {
        return resource;
    }

    /** True for 5xx and throttling answers, which the caller may retry. */
    public boolean isServerSide() {
        return status >= 500;
    }
}
