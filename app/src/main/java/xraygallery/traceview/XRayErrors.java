package xraygallery.traceview;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.xray.model.InvalidRequestException;
import software.amazon.awssdk.services.xray.model.ThrottledException;

/** Turns the AWS SDK's exceptions into the panel's {@link TraceSourceException}s. */
final class XRayErrors {
    private static final Set<String> ACCESS_DENIED = Set.of("AccessDeniedException", "AccessDenied",
            "UnrecognizedClientException", "InvalidSignatureException", "SignatureDoesNotMatch", "ExpiredTokenException",
            "ExpiredToken", "MissingAuthenticationTokenException", "InvalidClientTokenId", "IncompleteSignature");

    private XRayErrors() {
    }

    /**
     * @param error what the SDK threw
     * @param source where the call went, for messages
     * @param filterExpression the filter expression sent, or null
     */
    static TraceSourceException translate(RuntimeException error, String source, String filterExpression) {
        if (error instanceof InvalidRequestException invalid) {
            String message = message(invalid);
            if (filterExpression != null && message.toLowerCase(Locale.ROOT).contains("filter")) {
                return new InvalidFilterExpressionException(filterExpression, message, error);
            }
            return new TraceSourceFailedException(source + " refused the request: " + message, false, error);
        }
        if (error instanceof ThrottledException throttled) {
            return new TraceSourceFailedException(source + " is throttling requests; try again shortly ("
                    + message(throttled) + ")", true, error);
        }
        if (error instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() != null ? service.awsErrorDetails().errorCode() : null;
            if (service.statusCode() == 403 || (code != null && ACCESS_DENIED.contains(code))) {
                return new TraceAccessDeniedException(source + " refused access: " + message(service)
                        + " (reading traces needs xray:GetTraceSummaries, xray:BatchGetTraces and xray:GetServiceGraph)",
                        error);
            }
            return new TraceSourceFailedException(source + " failed: " + (code != null ? code + ": " : "")
                    + message(service), service.statusCode() >= 500 || service.isThrottlingException(), error);
        }
        if (error instanceof SdkClientException client) {
            String message = String.valueOf(client.getMessage());
            if (message.contains("Unable to load credentials") || message.contains("credentials")
                    && message.toLowerCase(Locale.ROOT).contains("unable to")) {
                return new TraceAccessDeniedException("no AWS credentials for " + source + ": " + message, error);
            }
            if (isUnreachable(client)) {
                return new TraceSourceUnreachableException(source + " is not answering (" + describe(client) + ")",
                        error);
            }
            if (client instanceof AbortedException) {
                return new TraceSourceFailedException("the call to " + source + " was interrupted", true, error);
            }
            return new TraceSourceFailedException("calling " + source + " failed: " + message, false, error);
        }
        return new TraceSourceFailedException("calling " + source + " failed: " + error, false, error);
    }

    private static boolean isUnreachable(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException
                    || e instanceof ConnectException || e instanceof NoRouteToHostException
                    || e instanceof UnknownHostException || e instanceof InterruptedIOException
                    || e instanceof SocketException
                    || e.getClass().getName().endsWith("NoHttpResponseException")) {
                return true;
            }
        }
        return false;
    }

    /** The deepest cause's message, short: "Connection refused". */
    static String describe(Throwable error) {
        Throwable deepest = error;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String message = deepest.getMessage();
        return message == null || message.isBlank() ? deepest.getClass().getSimpleName() : message;
    }

    private static String message(AwsServiceException error) {
        if (error.awsErrorDetails() != null && error.awsErrorDetails().errorMessage() != null) {
            return error.awsErrorDetails().errorMessage();
        }
        return String.valueOf(error.getMessage());
    }
}
