package xraygallery.traceview;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Which recent traces to list.
 *
 * @param from start of the time range (inclusive)
 * @param to end of the time range (inclusive)
 * @param filterExpression an X-Ray filter expression ({@code annotation.action = "upload"}), or null for all
 * @param limit at most this many rows, newest first
 * @param rangeBasis which time of a trace the range applies to
 */
public record TraceQuery(Instant from, Instant to, String filterExpression, int limit, RangeBasis rangeBasis) {
    public static final int DEFAULT_LIMIT = 100;

    /** Which time of a trace a range applies to (the API's TimeRangeType). */
    public enum RangeBasis {
        /** When the trace started (the time in its id): AWS X-Ray's default. */
        TRACE_START,
        /** The trace's latest event: a trace still running shows up while it runs. */
        LAST_EVENT
    }

    public TraceQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(rangeBasis, "rangeBasis");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, not " + limit);
        }
        if (filterExpression != null && filterExpression.isBlank()) {
            filterExpression = null;
        }
    }

    /** Traces with a last event in the {@code period} before {@code now}, up to {@link #DEFAULT_LIMIT}. */
    public static TraceQuery last(Duration period, Instant now) {
        return new TraceQuery(now.minus(period), now, null, DEFAULT_LIMIT, RangeBasis.LAST_EVENT);
    }

    public TraceQuery withFilter(String expression) {
        return new TraceQuery(from, to, expression, limit, rangeBasis);
    }

    public TraceQuery withLimit(int newLimit) {
        return new TraceQuery(from, to, filterExpression, newLimit, rangeBasis);
    }

    public TraceQuery withRangeBasis(RangeBasis basis) {
        return new TraceQuery(from, to, filterExpression, limit, basis);
    }
}
