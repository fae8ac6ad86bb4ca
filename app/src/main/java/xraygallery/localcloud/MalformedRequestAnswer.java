package xraygallery.localcloud;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server's error handler: a request refused before any handler runs (a bad request line,
 * a malformed or oversized header, a bad Content-Length, a URI with a character RFC 3986 forbids)
 * gets an S3 REST-XML error with S3's code and a request id, never Jetty's HTML page. Its service
 * cannot be known, so the format is S3's, the local cloud's default.
 */
final class MalformedRequestAnswer implements Request.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(MalformedRequestAnswer.class);

    private final RequestIds ids;

    MalformedRequestAnswer(RequestIds ids) {
        this.ids = ids;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer s ? s : 500;
        AwsServiceException error = s3Error(status, hasBadUri(request));
        String requestId = ids.next();
        LOG.debug("{} refused by the HTTP server ({} {}) -> {} {}", requestId, status,
                request.getAttribute(ErrorHandler.ERROR_MESSAGE), error.status(), error.code());
        byte[] body = WireProtocol.REST_XML.errorBody(error, requestId);
        response.setStatus(error.status());
        HttpFields.Mutable headers = response.getHeaders();
        WireProtocol.REST_XML.requestIdHeaders(requestId).forEach(headers::put);
        headers.put(HttpHeader.CONTENT_TYPE, WireProtocol.REST_XML.contentType());
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        // the body such a request announced is not read: the connection cannot carry another request
        headers.put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /**
     * Whether the request was refused for its URI: one with something {@link CloudHttpServer#URI_COMPLIANCE}
     * refuses (a raw backslash), or one Jetty's URI parser could not read at all (a bad escape, a path
     * above the root), which reaches here as a 400 caused by the parser's IllegalArgumentException.
     */
    private static boolean hasBadUri(Request request) {
        HttpURI uri = request.getHttpURI();
        if (uri != null && UriCompliance.checkUriCompliance(CloudHttpServer.URI_COMPLIANCE, uri, null) != null) {
            return true;
        }
        Throwable cause = request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof Throwable failure
                ? failure.getCause() : null;
        return cause instanceof IllegalArgumentException && Arrays.stream(cause.getStackTrace())
                .anyMatch(frame -> frame.getClassName().startsWith(HttpURI.class.getName()));
    }

    /** The error S3 answers for what Jetty refused with {@code status}. */
    static AwsServiceException s3Error(int status, boolean refusedUri) {
        if (refusedUri || status == 414) {
            return new AwsServiceException(400, "InvalidURI", "Couldn't parse the specified URI.");
        }
        return switch (status) {
            case 408 -> new AwsServiceException(400, "RequestTimeout", "Your socket connection to the server was not"
                    + " read from or written to within the timeout period.");
            case 411 -> new AwsServiceException(411, "MissingContentLength",
                    "You must provide the Content-Length HTTP header.");
            case 413 -> new AwsServiceException(400, "EntityTooLarge",
                    "Your proposed upload exceeds the maximum allowed size.");
            case 431 -> new AwsServiceException(400, "RequestHeaderSectionTooLarge",
                    "Your request header section exceeds the maximum allowed size.");
            case 501 -> new AwsServiceException(501, "NotImplemented",
                    "A header you provided implies functionality that is not implemented.");
            case 503 -> new AwsServiceException(503, "ServiceUnavailable", "Service is unable to handle request.");
            // 505: an HTTP version Jetty does not speak is a bad request line, like any other 4xx here
            default -> status >= 500 && status != 505
                    ? new AwsServiceException(500, "InternalError", "We encountered an internal error. Please try again.")
                    : new AwsServiceException(400, "BadRequest", "An error occurred when parsing the HTTP request.");
        };
    }
}
