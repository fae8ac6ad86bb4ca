package xraygallery.ui.traces;

import java.time.Duration;

/** The time ranges the trace list offers: traces whose last event falls in the last 5 minutes, hour, day or week. */
public enum TimeRange {
    FIVE_MINUTES("Last 5 minutes", Duration.ofMinutes(5)),
    HOUR("Last hour", Duration.ofHours(1)),
    DAY("Last 24 hours", Duration.ofHours(24)),
    WEEK("Last 7 days", Duration.ofDays(7));

    private final String label;
    private final Duration period;

    TimeRange(String label, Duration period) {
        this.label = label;
        this.period = period;
    }

    public String label() {
        return label;
    }

    public Duration period() {
        return period;
    }

    @Override
    public String toString() {
        return label;
    }
}
