package xraygallery.ui.traces;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the trace panel writes durations, times and shares. */
final class TraceFormat {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("MMM d HH:mm:ss", Locale.ROOT);

    private TraceFormat() {
    }

    /** "0.4 ms", "8.2 ms", "159 ms", "12840 ms"; "—" for null. */
    static String millis(Duration duration) {
        return duration == null ? "—" : millis(duration.toNanos() / 1e6);
    }

    static String millis(double ms) {
        if (Double.isNaN(ms)) {
            return "—";
        }
        if (ms == 0) {
            return "0 ms";
        }
        if (Math.abs(ms) < 10) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        return Math.round(ms) + " ms";
    }

    /** A signed difference: "+12 ms", "−3.5 ms", "±0 ms". */
    static String signedMillis(Duration difference) {
        double ms = difference.toNanos() / 1e6;
        if (Math.abs(ms) < 0.05) {
            return "±0 ms";
        }
        return (ms > 0 ? "+" : "−") + millis(Math.abs(ms));
    }

    /** "31%". */
    static String percent(double share) {
        return Math.round(share * 100) + "%";
    }

    /** "14:03:21" today, "Nov 28 14:03:21" on another day. */
    static String time(Instant instant, Instant now, ZoneId zone) {
        var at = instant.atZone(zone);
        return at.toLocalDate().equals(now.atZone(zone).toLocalDate()) ? TIME.format(at) : DAY_TIME.format(at);
    }

    /** "1,234". */
    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
