package xraygallery.ui.traces;

import xraygallery.traceview.InvalidFilterExpressionException;
import xraygallery.traceview.TraceAccessDeniedException;
import xraygallery.traceview.TraceSourceException;
import xraygallery.traceview.TraceSourceFailedException;
import xraygallery.traceview.TraceSourceUnreachableException;
import xraygallery.ui.common.ErrorMessages;

/** What the panel says when reading traces fails: one sentence, never a stack trace. */
final class TraceMessages {
    private TraceMessages() {
    }

    /** "The X-Ray daemon does not answer; retrying…". */
    static String notAnswering(String sourceName) {
        return sourceName + " does not answer; retrying…";
    }

    /**
     * @param error what a trace-source call threw
     * @param sourceName "The X-Ray daemon" or "AWS X-Ray"
     */
    static String describe(Throwable error, String sourceName) {
        if (error instanceof TraceSourceUnreachableException) {
            return notAnswering(sourceName);
        }
        if (error instanceof TraceAccessDeniedException) {
            return "Not allowed to read X-Ray traces: " + error.getMessage()
                    + ". Check the AWS credentials, or grant the AWSXrayReadOnlyAccess policy.";
        }
        if (error instanceof InvalidFilterExpressionException || error instanceof TraceSourceFailedException) {
            return shorten(error.getMessage());
        }
        if (error instanceof TraceSourceException) {
            return shorten(error.getMessage());
        }
        return ErrorMessages.describe(error);
    }

    private static String shorten(String message) {
        if (message == null || message.isBlank()) {
            return "Reading traces failed; details are in the log.";
        }
        return message.length() > 400 ? message.substring(0, 400) + " …" : message;
    }
}
