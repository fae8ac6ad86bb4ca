package xraygallery.traceview;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * How an action's durations are spread: equal buckets of a "nice" width (1, 2 or 5 × a power of ten: 20 ms,
 * 50 ms, 100 ms, ...) starting at a multiple of the width, so the edges read well on an axis.
 *
 * @param bucketWidth each bucket's width
 * @param buckets the buckets, from the one holding the shortest duration to the one holding the longest; each
 *     holds durations in [from, to)
 * @param count how many durations
 * @param median their median
 * @param p95 their 95th percentile
 */
public record LatencyHistogram(Duration bucketWidth, List<Bucket> buckets, int count, Duration median, Duration p95) {
    /** About this many buckets, unless asked otherwise. */
    public static final int DEFAULT_BUCKETS = 12;

    /** Durations in [from, to). */
    public record Bucket(Duration from, Duration to, int count) {
    }

    public LatencyHistogram {
        Objects.requireNonNull(bucketWidth, "bucketWidth");
        buckets = List.copyOf(buckets);
    }

    public static LatencyHistogram of(Collection<Duration> durations) {
        return of(durations, DEFAULT_BUCKETS);
    }

    /** A histogram with about {@code targetBuckets} buckets (at most two more, so the edges stay nice). */
    public static LatencyHistogram of(Collection<Duration> durations, int targetBuckets) {
        if (targetBuckets < 1) {
            throw new IllegalArgumentException("targetBuckets must be positive");
        }
        long[] sorted = Percentiles.sortedNanos(durations);
        if (sorted.length == 0) {
            return new LatencyHistogram(Duration.ofMillis(1), List.of(), 0, Duration.ZERO, Duration.ZERO);
        }
        long min = Math.max(0, sorted[0]);
        long max = Math.max(min, sorted[sorted.length - 1]);
        long range = max - min;
        long width = niceWidth(range > 0 ? Math.max(1, range / targetBuckets) : Math.max(1, max / targetBuckets));
        // widen until the buckets fit the target (the floor of the low edge can add one)
        while ((max / width) - (min / width) + 1 > targetBuckets + 2) {
            width = niceWidth(width + 1);
        }
        long low = (min / width) * width;
        int bucketCount = (int) ((max - low) / width) + 1;
        int[] counts = new int[bucketCount];
        for (long value : sorted) {
            int index = (int) ((Math.max(0, value) - low) / width);
            counts[Math.min(bucketCount - 1, Math.max(0, index))]++;
        }
        List<Bucket> buckets = new ArrayList<>(bucketCount);
        for (int i = 0; i < bucketCount; i++) {
            buckets.add(new Bucket(Duration.ofNanos(low + i * width), Duration.ofNanos(low + (i + 1) * width),
                    counts[i]));
        }
        return new LatencyHistogram(Duration.ofNanos(width), buckets, sorted.length, Percentiles.median(sorted),
                Percentiles.quantile(sorted, 0.95));
    }

    /** The index of the bucket holding a duration, or -1 if it lies outside the buckets. */
    public int bucketOf(Duration duration) {
        for (int i = 0; i < buckets.size(); i++) {
            Bucket bucket = buckets.get(i);
            if (duration.compareTo(bucket.from()) >= 0 && duration.compareTo(bucket.to()) < 0) {
                return i;
            }
        }
        return -1;
    }

    /** The smallest 1, 2 or 5 × 10^k nanoseconds, at least a microsecond, that is at least {@code nanos}. */
    static long niceWidth(long nanos) {
        long magnitude = 1_000;
        while (true) {
            for (long step : new long[] {1, 2, 5}) {
                if (step * magnitude >= nanos) {
                    return step * magnitude;
                }
            }
            magnitude *= 10;
        }
    }
}
