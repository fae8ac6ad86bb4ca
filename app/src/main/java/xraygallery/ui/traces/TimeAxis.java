package xraygallery.ui.traces;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Tick marks for a waterfall's time axis: "nice" steps (1, 2 or 5 × 10^k ms), labelled from the trace's start. */
final class TimeAxis {
    private TimeAxis() {
    }

    /**
     * One tick.
     *
     * @param fraction where it is, 0..1 across the window
     * @param label its time from the trace's start ("250 ms")
     */
    record Tick(double fraction, String label) {
    }

    /**
     * @param offsetNanos where the window starts, after the trace's start
     * @param windowNanos how long the window is
     * @param maxTicks at most this many ticks
     */
    static List<Tick> ticks(long offsetNanos, long windowNanos, int maxTicks) {
        List<Tick> ticks = new ArrayList<>();
        if (windowNanos <= 0 || maxTicks < 1) {
            return ticks;
        }
        long step = step(windowNanos, maxTicks);
        long first = Math.floorDiv(offsetNanos + step - 1, step) * step;
        for (long t = first; t <= offsetNanos + windowNanos; t += step) {
            ticks.add(new Tick((double) (t - offsetNanos) / windowNanos, label(t, step)));
        }
        return ticks;
    }

    /** The smallest nice step that gives at most {@code maxTicks} ticks over the window. */
    static long step(long windowNanos, int maxTicks) {
        long magnitude = 1_000; // 1 µs
        while (true) {
            for (long unit : new long[] {1, 2, 5}) {
                long step = unit * magnitude;
                if (windowNanos / step + 1 <= maxTicks) {
                    return step;
                }
            }
            magnitude *= 10;
        }
    }

    private static String label(long nanos, long step) {
        double ms = nanos / 1e6;
        if (step >= 1_000_000_000L && nanos % 1_000_000_000L == 0) {
            return (nanos / 1_000_000_000L) + " s";
        }
        if (step >= 1_000_000) {
            return Math.round(ms) + " ms";
        }
        int decimals = step >= 100_000 ? 1 : step >= 10_000 ? 2 : 3;
        return String.format(Locale.ROOT, "%." + decimals + "f ms", ms);
    }
}
