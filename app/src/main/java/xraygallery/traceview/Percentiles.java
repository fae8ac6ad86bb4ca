package xraygallery.traceview;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** Medians and percentiles of durations and of histograms. */
final class Percentiles {
    private Percentiles() {
    }

    /** Durations as sorted nanoseconds. */
    static long[] sortedNanos(Collection<Duration> durations) {
        long[] nanos = new long[durations.size()];
        int i = 0;
        for (Duration duration : durations) {
            nanos[i++] = duration.toNanos();
        }
        Arrays.sort(nanos);
        return nanos;
    }

    /**
     * The {@code p}-th quantile (0..1) of sorted values, linearly interpolated between the closest ranks (so the
     * median of an even count is the mean of the middle two); zero for no values.
     */
    static Duration quantile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Duration.ZERO;
        }
        double rank = p * (sortedNanos.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(sortedNanos.length - 1, below + 1);
        double fraction = rank - below;
        return Duration.ofNanos(Math.round(sortedNanos[below] + fraction * (sortedNanos[above] - sortedNanos[below])));
    }

    static Duration median(long[] sortedNanos) {
        return quantile(sortedNanos, 0.5);
    }

    /** One histogram entry: how many values were about {@code value}. */
    record Bucket(double value, long count) {
    }

    /**
     * The {@code p}-th quantile (0..1) of a histogram by nearest rank: the smallest bucket value at or below which
     * at least {@code p} of the counts lie. NaN for an empty histogram.
     */
    static double ofHistogram(List<Bucket> buckets, double p) {
        long total = 0;
        for (Bucket bucket : buckets) {
            total += Math.max(0, bucket.count());
        }
        if (total == 0) {
            return Double.NaN;
        }
        List<Bucket> sorted = buckets.stream().sorted((a, b) -> Double.compare(a.value(), b.value())).toList();
        long rank = Math.max(1, (long) Math.ceil(p * total));
        long seen = 0;
        for (Bucket bucket : sorted) {
            seen += Math.max(0, bucket.count());
            if (seen >= rank) {
                return bucket.value();
            }
        }
        return sorted.get(sorted.size() - 1).value();
    }
}
