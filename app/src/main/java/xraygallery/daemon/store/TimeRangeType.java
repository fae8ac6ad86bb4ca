package xraygallery.daemon.store;

/**
 * Which time of a trace GetTraceSummaries compares with its time range (the API's TimeRangeType):
 * {@code TraceId}, the time encoded in the trace id (when the request started); {@code Event}, the trace's last
 * update (the latest end or start of any of its segments); {@code Service}, treated here as {@code Event}.
 */
public enum TimeRangeType {
    TraceId, Event, Service;

    public static TimeRangeType parse(String value) {
        if (value == null || value.isEmpty()) {
            return Event;
        }
        for (TimeRangeType type : values()) {
            if (type.name().equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("TimeRangeType must be TraceId, Event or Service, not " + value);
    }
}
