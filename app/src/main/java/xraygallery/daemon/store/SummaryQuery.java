package xraygallery.daemon.store;

import java.util.Objects;
import java.util.function.Predicate;
import xraygallery.daemon.model.TraceSummary;
import xraygallery.daemon.query.TraceFilter;

/**
 * A page request for trace summaries, newest first.
 *
 * @param startTime start of the range, epoch seconds, inclusive
 * @param endTime end of the range, epoch seconds, inclusive
 * @param rangeType which trace time the range applies to
 * @param filter the parsed filter expression ({@link TraceFilter#ALL} for none)
 * @param after where the previous page stopped, or null for the first page
 * @param pageSize at most this many summaries in the page
 * @param scanLimit stop after examining this many traces, even if the page is not full (then a cursor is returned)
 */
public record SummaryQuery(double startTime, double endTime, TimeRangeType rangeType, TraceFilter filter,
        Cursor after, int pageSize, int scanLimit) {
    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int DEFAULT_SCAN_LIMIT = 20_000;

    public SummaryQuery {
        Objects.requireNonNull(rangeType, "rangeType");
        Objects.requireNonNull(filter, "filter");
        if (pageSize < 1 || scanLimit < 1) {
            throw new IllegalArgumentException("pageSize and scanLimit must be positive");
        }
    }

    public static SummaryQuery of(double startTime, double endTime) {
        return new SummaryQuery(startTime, endTime, TimeRangeType.Event, TraceFilter.ALL, null, DEFAULT_PAGE_SIZE,
                DEFAULT_SCAN_LIMIT);
    }

    public SummaryQuery withFilter(TraceFilter newFilter) {
        return new SummaryQuery(startTime, endTime, rangeType, newFilter, after, pageSize, scanLimit);
    }

    /** A filter over summaries only. */
    public SummaryQuery withFilter(Predicate<TraceSummary> newFilter) {
        return withFilter(TraceFilter.of(newFilter));
    }

    public SummaryQuery withRangeType(TimeRangeType type) {
        return new SummaryQuery(startTime, endTime, type, filter, after, pageSize, scanLimit);
    }

    public SummaryQuery withPage(Cursor cursor, int size) {
        return new SummaryQuery(startTime, endTime, rangeType, filter, cursor, size, scanLimit);
    }

    public SummaryQuery withScanLimit(int limit) {
        return new SummaryQuery(startTime, endTime, rangeType, filter, after, pageSize, limit);
    }

    /** A position in the newest-first order: the sort time and trace id of the last trace examined. */
    public record Cursor(double time, String traceId) {
        /** True if a trace at {@code time}/{@code id} comes after this cursor (is older) in the order. */
        public boolean isBefore(double otherTime, String otherId) {
            return otherTime < time || (otherTime == time && otherId.compareTo(traceId) < 0);
        }
    }
}
