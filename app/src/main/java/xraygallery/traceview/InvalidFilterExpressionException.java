package xraygallery.traceview;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filter expression was refused. When the service names where it went wrong (the bundled daemon does:
 * "Invalid FilterExpression at position 12: ..."), {@link #position()} is that 1-based character position.
 */
public final class InvalidFilterExpressionException extends TraceSourceException {
    private static final long serialVersionUID = 1L;
    private static final Pattern POSITION = Pattern.compile("(?i)\\bposition\\s+(\\d+)");
    private final String expression;
    private final int position;

    public InvalidFilterExpressionException(String expression, String message, Throwable cause) {
        super(message, cause);
        this.expression = expression;
        this.position = positionIn(message);
    }

    /** The 1-based position of the error in a service's message, or -1 if it names none. */
    static int positionIn(String message) {
        if (message == null) {
            return -1;
        }
        Matcher matcher = POSITION.matcher(message);
        if (matcher.find()) {
            try {
                return Integer.parseInt(matcher.group(1));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    /** The expression that was refused. */
    public String expression() {
        return expression;
    }

    /** The 1-based character position where the expression went wrong, if the service said. */
    public OptionalInt position() {
        return position > 0 ? OptionalInt.of(position) : OptionalInt.empty();
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
