package xraygallery.traceview;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    static List<Duration> millis(long... values) {
        List<Duration> durations = new ArrayList<>();
        for (long value : values) {
            durations.add(Duration.ofMillis(value));
        }
        return durations;
    }

    @Test
    void bucketsHaveANiceWidth_andStartAtAMultipleOfIt() {
        LatencyHistogram histogram = LatencyHistogram.of(millis(120, 250, 480, 900));

        assertThat(histogram.bucketWidth()).isEqualTo(Duration.ofMillis(100));
        assertThat(histogram.buckets()).hasSize(9);
        assertThat(histogram.buckets().get(0).from()).isEqualTo(Duration.ofMillis(100));
        assertThat(histogram.buckets().get(8).to()).isEqualTo(Duration.ofMillis(1000));
        assertThat(histogram.buckets()).extracting(LatencyHistogram.Bucket::count)
                .containsExactly(1, 1, 0, 1, 0, 0, 0, 0, 1);
        assertThat(histogram.count()).isEqualTo(4);
        assertThat(histogram.median()).isEqualTo(Duration.ofMillis(365));
        assertThat(histogram.bucketOf(Duration.ofMillis(480))).isEqualTo(3);
        assertThat(histogram.bucketOf(Duration.ofMillis(50))).isEqualTo(-1);
    }

    @Test
    void everyDurationFallsInABucket_andTheLongestInTheLast() {
        List<Duration> durations = IntStream.range(0, 100).mapToObj(Duration::ofMillis).toList();

        LatencyHistogram histogram = LatencyHistogram.of(durations);

        assertThat(histogram.bucketWidth()).isEqualTo(Duration.ofMillis(10));
        assertThat(histogram.buckets()).hasSize(10).allMatch(b -> b.count() == 10);
        assertThat(histogram.p95()).isEqualTo(Duration.ofNanos(94_050_000));
        for (Duration duration : durations) {
            assertThat(histogram.bucketOf(duration)).isBetween(0, 9);
        }
    }

    @Test
    void bucketCountStaysNearTheTarget() {
        for (int target : new int[] {1, 5, 12, 30}) {
            LatencyHistogram histogram = LatencyHistogram.of(millis(3, 17, 250, 251, 4_999), target);
            assertThat(histogram.buckets().size()).isBetween(1, target + 2);
            assertThat(histogram.buckets().stream().mapToInt(LatencyHistogram.Bucket::count).sum()).isEqualTo(5);
        }
    }

    @Test
    void oneDuration_oneBucket() {
        LatencyHistogram histogram = LatencyHistogram.of(millis(500, 500));

        assertThat(histogram.buckets()).containsExactly(new LatencyHistogram.Bucket(Duration.ofMillis(500),
                Duration.ofMillis(550), 2));
    }

    @Test
    void noDurations_noBuckets_andZeroDurationsFit() {
        assertThat(LatencyHistogram.of(List.of()).buckets()).isEmpty();
        assertThat(LatencyHistogram.of(millis(0, 0)).buckets()).hasSize(1).allMatch(b -> b.count() == 2);
    }

    @Test
    void niceWidthsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(LatencyHistogram.niceWidth(65_000_000)).isEqualTo(100_000_000);
        assertThat(LatencyHistogram.niceWidth(11_000_000)).isEqualTo(20_000_000);
        assertThat(LatencyHistogram.niceWidth(3_000_000)).isEqualTo(5_000_000);
        assertThat(LatencyHistogram.niceWidth(2_000_000)).isEqualTo(2_000_000);
        assertThat(LatencyHistogram.niceWidth(1)).isEqualTo(1_000);
    }
}
