package xraygallery.traceview;

import static org.assertj.core.api.Assertions.assertThat;
import static xraygallery.traceview.Spans.rekognition;
import static xraygallery.traceview.Spans.resize;
import static xraygallery.traceview.Spans.root;
import static xraygallery.traceview.Spans.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlowTraceAnalysisTest {

    /** An upload: resize, S3, Rekognition one after the other, and its annotations. */
    static TraceSample upload(int n, double resizeMs, double s3Ms, String format, double megapixels) {
        double s3End = resizeMs + s3Ms;
        Spans root = root(0, s3End + 100).children(resize(0, resizeMs), s3(resizeMs, s3End),
                        rekognition(s3End, s3End + 100))
                .annotate("action", "upload").annotate("user", "user" + n % 4).annotate("format", format)
                .annotate("megapixels", megapixels).annotate("photo_id", "photo-" + n);
        return TraceSample.of(root.tree(String.format("1-00000001-%024d", n)));
    }

    /** 27 ordinary uploads (S3 50 ms, 8–16 MP, mostly JPEG) and 3 slow ones (S3 400 ms, PNG, 40+ MP). */
    static List<TraceSample> uploads() {
        List<TraceSample> samples = new ArrayList<>();
        for (int i = 0; i < 27; i++) {
            samples.add(upload(i, 100 + i, 50, i < 2 ? "png" : "jpeg", 8 + i % 9));
        }
        for (int i = 27; i < 30; i++) {
            samples.add(upload(i, 110, 400, "png", 40 + i));
        }
        return samples;
    }

    @Test
    void theSlowestTenth_isComparedWithTheRest_andWhatGrewMostComesFirst() {
        SlowTraceReport report = SlowTraceAnalysis.analyze("upload", uploads());

        assertThat(report.traceCount()).isEqualTo(30);
        assertThat(report.slowCount()).isEqualTo(3);
        assertThat(report.enoughTraces()).isTrue();
        assertThat(report.note()).isNull();
        assertThat(report.slowThreshold().toMillis()).isEqualTo(610);
        assertThat(report.slowMedian().toMillis()).isEqualTo(610);
        assertThat(report.restMedian().toMillis()).isEqualTo(263);

        Finding first = report.findings().get(0);
        assertThat(first.kind()).isEqualTo(Finding.Kind.COMPONENT);
        assertThat(first.subject()).isEqualTo("S3");
        assertThat(first.score()).isEqualTo(1.0);
        assertThat(first.description()).isEqualTo(
                "S3: median 400 ms in the slowest 3 traces vs 50 ms in the other 27 (+350 ms, 100% of the difference)");
    }

    @Test
    void overRepresentedValues_andLargerNumbers_areFindings_butIdentifiersAndUsersAreNot() {
        SlowTraceReport report = SlowTraceAnalysis.analyze("upload", uploads());

        assertThat(report.findings()).extracting(Finding::subject).contains("S3", "megapixels", "format")
                .doesNotContain("photo_id", "user", "action", "Rekognition");
        Finding format = report.findings().stream().filter(f -> f.subject().equals("format")).findFirst().orElseThrow();
        assertThat(format.kind()).isEqualTo(Finding.Kind.ANNOTATION_VALUE);
        assertThat(format.description()).isEqualTo("format = png in 3 of the slowest 3 traces (100%) vs 2 of the other 27 (7%)");
        assertThat(format.score()).isEqualTo(1.0 - 2.0 / 27);
        Finding megapixels = report.findings().stream().filter(f -> f.subject().equals("megapixels")).findFirst()
                .orElseThrow();
        assertThat(megapixels.kind()).isEqualTo(Finding.Kind.ANNOTATION_NUMBER);
        assertThat(megapixels.score()).isEqualTo(1.0);
        assertThat(megapixels.description()).isEqualTo(
                "megapixels is larger in the slowest: median 68 (67–69) in 3 traces vs 12 (8–16) in 27 others");
        assertThat(report.findings()).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
    }

    @Test
    void smallerNumbersAmongTheSlow_areFoundToo_andAnyKeyCanBeCompared() {
        List<TraceSample> samples = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            boolean slow = i >= 18;
            samples.add(upload(i, slow ? 900 : 100, 50, "jpeg", 10).withAnnotation("cache_hit_ratio",
                    AnnotationValue.of(slow ? 0.1 : 0.9)));
        }

        SlowTraceReport report = SlowTraceAnalysis.analyze("upload", samples, Set.of("action"));

        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.subject()).isEqualTo("cache_hit_ratio");
            assertThat(f.description()).startsWith("cache_hit_ratio is smaller in the slowest");
        });
        assertThat(report.findings()).extracting(Finding::subject).contains("Resize").doesNotContain("format");
    }

    @Test
    void withFewerThanTenTraces_theReportSaysSo() {
        SlowTraceReport report = SlowTraceAnalysis.analyze("upload", uploads().subList(25, 30));

        assertThat(report.slowCount()).isEqualTo(1);
        assertThat(report.enoughTraces()).isFalse();
        assertThat(report.note()).isEqualTo("Only 5 traces of upload: the slowest is compared with the other 4, so"
                + " take these findings as hints.");
        assertThat(report.findings()).extracting(Finding::subject).first().isEqualTo("S3");
    }

    @Test
    void oneOrNoTraces_haveNothingToCompare() {
        assertThat(SlowTraceAnalysis.analyze("upload", uploads().subList(0, 1)).note()).contains("nothing to compare");
        SlowTraceReport none = SlowTraceAnalysis.analyze("upload", List.of());
        assertThat(none.note()).isEqualTo("No traces of upload to compare.");
        assertThat(none.findings()).isEmpty();
    }

    @Test
    void tracesThatTakeEquallyLong_giveNoComponentFinding() {
        List<TraceSample> same = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            same.add(upload(i, 100, 50, "jpeg", 10));
        }

        assertThat(SlowTraceAnalysis.analyze("upload", same).findings()).isEmpty();
    }

    @Test
    void aOneMegabyteAnnotationValue_isShortenedInTheFinding() {
        String big = "x".repeat(1024 * 1024);
        List<TraceSample> samples = List.of(
                upload(1, 900, 50, "jpeg", 10).withAnnotation("notes", AnnotationValue.of(big)),
                upload(2, 100, 50, "jpeg", 10).withAnnotation("notes", AnnotationValue.of("short")),
                upload(3, 100, 50, "jpeg", 10).withAnnotation("notes", AnnotationValue.of("short")));

        SlowTraceReport report = SlowTraceAnalysis.analyze("upload", samples);

        Finding notes = report.findings().stream().filter(f -> f.subject().equals("notes")).findFirst().orElseThrow();
        assertThat(notes.description()).hasSizeLessThan(200).contains("xxx…");
    }

    @Test
    void numbersAndDurationsReadWell() {
        assertThat(SlowTraceAnalysis.number(24)).isEqualTo("24");
        assertThat(SlowTraceAnalysis.number(0.125)).isEqualTo("0.125");
        assertThat(SlowTraceAnalysis.number(3_141_592)).isEqualTo("3140000");
        assertThat(SlowTraceAnalysis.format(java.time.Duration.ofNanos(400_000))).isEqualTo("0.4 ms");
        assertThat(SlowTraceAnalysis.format(java.time.Duration.ofMillis(420))).isEqualTo("420 ms");
        assertThat(SlowTraceAnalysis.format(java.time.Duration.ofMillis(12_500))).isEqualTo("12.5 s");
    }
}
