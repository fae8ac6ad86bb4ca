package xraygallery.traceview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static xraygallery.traceview.Spans.resize;
import static xraygallery.traceview.Spans.root;
import static xraygallery.traceview.Spans.s3;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComponentStatisticsTest {

    @Test
    void perComponent_medianAndP95OfSelfTime_countingAbsentComponentsAsZero_andTheirShareOfAllTime() {
        List<SpanTree> uploads = List.of(
                root(0, 100).children(resize(0, 40), s3(50, 60)).tree("1-00000001-000000000000000000000001"),
                root(0, 100).children(resize(0, 60), s3(70, 90)).tree("1-00000001-000000000000000000000002"),
                root(0, 100).children(s3(10, 40)).tree("1-00000001-000000000000000000000003"));

        ComponentStatistics statistics = ComponentStatistics.ofTrees(uploads);

        assertThat(statistics.traceCount()).isEqualTo(3);
        assertThat(statistics.totalTime()).isEqualTo(Duration.ofMillis(300));
        assertThat(statistics.rows()).extracting(r -> r.component()).containsExactly(Component.UNCOVERED,
                Component.RESIZE, Component.S3);
        ComponentStatistics.Row resize = statistics.row(Component.RESIZE).orElseThrow();
        assertThat(resize.median()).isEqualTo(Duration.ofMillis(40)); // of 0, 40, 60
        assertThat(resize.p95()).isEqualTo(Duration.ofMillis(58)); // 40 + 0.9 × 20
        assertThat(resize.share()).isCloseTo(100.0 / 300, within(1e-9));
        assertThat(resize.traces()).isEqualTo(2);
        ComponentStatistics.Row s3 = statistics.row(Component.S3).orElseThrow();
        assertThat(s3.median()).isEqualTo(Duration.ofMillis(20));
        assertThat(s3.traces()).isEqualTo(3);
        assertThat(statistics.rows().stream().mapToDouble(ComponentStatistics.Row::share).sum()).isCloseTo(1.0,
                within(1e-9));
        assertThat(statistics.row(Component.MYSQL)).isEmpty();
    }

    @Test
    void noTraces_noRows() {
        ComponentStatistics statistics = ComponentStatistics.of(List.of());

        assertThat(statistics.traceCount()).isZero();
        assertThat(statistics.rows()).isEmpty();
    }

    @Test
    void percentilesInterpolateBetweenRanks() {
        long[] values = Percentiles.sortedNanos(new ArrayList<>(List.of(Duration.ofMillis(40), Duration.ofMillis(10),
                Duration.ofMillis(20), Duration.ofMillis(30))));

        assertThat(Percentiles.median(values)).isEqualTo(Duration.ofMillis(25));
        assertThat(Percentiles.quantile(values, 0)).isEqualTo(Duration.ofMillis(10));
        assertThat(Percentiles.quantile(values, 1)).isEqualTo(Duration.ofMillis(40));
        assertThat(Percentiles.quantile(new long[0], 0.5)).isZero();
    }

    @Test
    void histogramPercentilesTakeTheNearestRank() {
        List<Percentiles.Bucket> buckets = List.of(new Percentiles.Bucket(0.5, 1), new Percentiles.Bucket(0.1, 18),
                new Percentiles.Bucket(0.2, 1));

        assertThat(Percentiles.ofHistogram(buckets, 0.95)).isEqualTo(0.2); // the 19th of 20 values
        assertThat(Percentiles.ofHistogram(buckets, 0.5)).isEqualTo(0.1);
        assertThat(Percentiles.ofHistogram(buckets, 1.0)).isEqualTo(0.5);
        assertThat(Percentiles.ofHistogram(List.of(), 0.95)).isNaN();
    }
}
