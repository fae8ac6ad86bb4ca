package xraygallery.traceview;

import static org.assertj.core.api.Assertions.assertThat;
import static xraygallery.traceview.Spans.mysql;
import static xraygallery.traceview.Spans.rekognition;
import static xraygallery.traceview.Spans.resize;
import static xraygallery.traceview.Spans.root;
import static xraygallery.traceview.Spans.s3;
import static xraygallery.traceview.Spans.span;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceComparisonTest {
    static final SpanTree FAST = root(0, 300).children(span("validate", 0, 5),
            resize(5, 100).children(span("decode", 10, 60)), s3(100, 130), s3(130, 160), rekognition(160, 290))
            .tree("1-00000001-000000000000000000000001");
    static final SpanTree SLOW = root(0, 500).children(span("validate", 0, 5), resize(5, 100), s3(100, 200),
            s3(200, 300), s3(300, 350), rekognition(350, 480), mysql(480, 495))
            .tree("1-00000001-000000000000000000000002");

    static String row(TraceComparison.AlignedSpan span) {
        return "  ".repeat(span.depth()) + span.path() + (span.left() == null ? " (right only)"
                : span.right() == null ? " (left only)" : "");
    }

    @Test
    void spansAreMatchedByPathOfNamesAndOccurrence_andUnmatchedOnesKeepTheirPlace() {
        TraceComparison comparison = TraceComparison.of(FAST, SLOW);

        assertThat(comparison.spans()).extracting(TraceComparisonTest::row).containsExactly(
                "xray-gallery",
                "  xray-gallery/validate#0",
                "  xray-gallery/resize_image#0",
                "    xray-gallery/resize_image#0/decode#0 (left only)",
                "  xray-gallery/S3#0",
                "  xray-gallery/S3#1",
                "  xray-gallery/S3#2 (right only)",
                "  xray-gallery/Rekognition#0",
                "  xray-gallery/photos@127.0.0.1#0 (right only)");
        TraceComparison.AlignedSpan secondS3 = comparison.spans().get(5);
        assertThat(secondS3.matched()).isTrue();
        assertThat(secondS3.left().id()).isEqualTo("S3#1");
        assertThat(secondS3.right().duration()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void componentSplitsSideBySide_largestDifferenceFirst() {
        TraceComparison comparison = TraceComparison.of(FAST, SLOW);

        assertThat(comparison.components()).extracting(d -> d.component() + " " + d.left().toMillis() + " → "
                + d.right().toMillis() + " (" + d.difference().toMillis() + ")").containsExactly(
                "S3 60 → 250 (190)",
                "RESIZE 45 → 95 (50)",
                "LOCAL 55 → 5 (-50)",
                "MYSQL 0 → 15 (15)",
                "UNCOVERED 10 → 5 (-5)",
                "REKOGNITION 130 → 130 (0)");
    }

    @Test
    void aTraceComparedWithItself_matchesEverySpan_withoutDifferences() {
        TraceComparison comparison = TraceComparison.of(SLOW, SLOW);

        assertThat(comparison.spans()).hasSize(SLOW.size()).allMatch(TraceComparison.AlignedSpan::matched);
        assertThat(comparison.components()).allMatch(d -> d.difference().isZero());
        List<String> paths = comparison.spans().stream().map(TraceComparison.AlignedSpan::path).toList();
        assertThat(paths).doesNotHaveDuplicates();
    }
}
