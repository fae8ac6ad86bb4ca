package xraygallery.traceview;

/**
 * An exception recorded on a span ({@code cause.exceptions[]}).
 *
 * @param id the exception's id (a parent's {@code cause} may name it), or null
 * @param type the exception's type, or null
 * @param message its message, or null
 * @param remote whether it was raised by the called service
 * @param causeId the id of the exception that caused this one, or null
 */
public record SpanException(String id, String type, String message, boolean remote, String causeId) {
}
