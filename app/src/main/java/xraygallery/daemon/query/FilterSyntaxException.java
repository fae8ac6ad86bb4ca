package xraygallery.daemon.query;

/** A filter expression that cannot be parsed; {@link #position()} is the 1-based character where it went wrong. */
public final class FilterSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int position;

    FilterSyntaxException(String problem, int index, String expression) {
        super("Invalid FilterExpression at position " + (index + 1) + ": " + problem + pointer(expression, index),
                null, false, false);
        this.position = index + 1;
    }

    public int position() {
        return position;
    }

    private static String pointer(String expression, int index) {
        if (expression.length() > 200) {
            return "";
        }
        return " in \"" + expression + "\" (" + "-".repeat(Math.max(0, index)) + "^)";
    }
}
