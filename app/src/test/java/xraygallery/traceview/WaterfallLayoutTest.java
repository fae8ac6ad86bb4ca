package xraygallery.traceview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static xraygallery.traceview.Spans.at;
import static xraygallery.traceview.Spans.inProgress;
import static xraygallery.traceview.Spans.rekognition;
import static xraygallery.traceview.Spans.resize;
import static xraygallery.traceview.Spans.root;
import static xraygallery.traceview.Spans.s3;
import static xraygallery.traceview.Spans.span;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WaterfallLayoutTest {
    static final SpanTree UPLOAD = root(0, 200).children(span("validate", 0, 10),
            resize(10, 110).children(span("decode", 20, 60)), s3(110, 150), rekognition(150, 190)).tree();

    static String row(WaterfallRow row) {
        return row.depth() + " " + row.span().name() + " " + Math.round(row.x() * 1000) / 1000.0 + "+"
                + Math.round(row.width() * 1000) / 1000.0 + (row.hasChildren() ? " ▸" : "") + (row.collapsed() ? " …" : "");
    }

    @Test
    void rowsAreDepthFirst_withDepth_andOffsetsAsFractionsOfTheTrace() {
        assertThat(WaterfallLayout.rows(UPLOAD, Set.of())).extracting(WaterfallLayoutTest::row).containsExactly(
                "0 xray-gallery 0.0+1.0 ▸",
                "1 validate 0.0+0.05",
                "1 resize_image 0.05+0.5 ▸",
                "2 decode 0.1+0.2",
                "1 S3 0.55+0.2",
                "1 Rekognition 0.75+0.2");
    }

    @Test
    void collapsedSpans_hideTheirChildren() {
        assertThat(WaterfallLayout.rows(UPLOAD, Set.of("resize_image"))).extracting(WaterfallLayoutTest::row)
                .containsExactly(
                "0 xray-gallery 0.0+1.0 ▸",
                "1 validate 0.0+0.05",
                "1 resize_image 0.05+0.5 ▸ …",
                "1 S3 0.55+0.2",
                "1 Rekognition 0.75+0.2");
        assertThat(WaterfallLayout.rows(UPLOAD, Set.of("xray-gallery"))).hasSize(1);
    }

    @Test
    void aZoomedWindow_putsSpansOutsideItBeyondZeroAndOne() {
        List<WaterfallRow> rows = WaterfallLayout.rows(UPLOAD, Set.of(), at(100), at(150));

        WaterfallRow validate = rows.get(1);
        assertThat(validate.x()).isCloseTo(-2.0, within(1e-9));
        WaterfallRow s3 = rows.get(4);
        assertThat(s3.x()).isCloseTo(0.2, within(1e-9));
        assertThat(s3.width()).isCloseTo(0.8, within(1e-9));
        assertThat(rows.get(5).x()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void skewedChildren_areDrawnWhereTheyAre_andTheWholeTraceFitsTheDefaultWindow() {
        SpanTree tree = root(0, 100).children(s3(-25, 50), rekognition(80, 150)).tree();

        List<WaterfallRow> rows = WaterfallLayout.rows(tree, Set.of());

        assertThat(rows).extracting(WaterfallLayoutTest::row).containsExactly("0 xray-gallery 0.143+0.571 ▸",
                "1 S3 0.0+0.429", "1 Rekognition 0.6+0.4");
        assertThat(rows.get(1).span().flags()).contains(SpanFlag.STARTS_BEFORE_PARENT);
    }

    @Test
    void spansInProgress_runToTheLatestEvent() {
        SpanTree tree = inProgress("xray-gallery", 0).children(resize(0, 40), inProgress("Rekognition", 40)
                .namespace("aws"), s3(50, 80)).tree();

        assertThat(WaterfallLayout.rows(tree, Set.of())).extracting(WaterfallLayoutTest::row).containsExactly(
                "0 xray-gallery 0.0+1.0 ▸", "1 resize_image 0.0+0.5", "1 Rekognition 0.5+0.5", "1 S3 0.625+0.375");
    }

    @Test
    void aZeroLengthWindow_drawsNothingWide() {
        SpanTree tree = root(10, 10).tree();

        assertThat(WaterfallLayout.rows(tree, Set.of())).extracting(WaterfallLayoutTest::row)
                .containsExactly("0 xray-gallery 0.0+0.0");
    }

    @Test
    void thousandsOfSpans_andDeepNesting_layOutWithoutRecursion() {
        int depth = 20_000;
        Instant start = Spans.T0;
        Span chain = null;
        for (int i = depth - 1; i >= 0; i--) {
            Span span = new Span("s" + i, i == 0 ? null : "s" + (i - 1), "step", null,
                    i == 0 ? SpanKind.SEGMENT : SpanKind.SUBSEGMENT, start.plusMillis(i), start.plusMillis(2L * depth - i),
                    false, false, false, null, null, null, List.of(), null, Map.of(), Map.of(), Component.LOCAL, Set.of(),
                    chain == null ? List.of() : List.of(chain));
            chain = span;
        }
        SpanTree deep = SpanTree.of("1-00000001-000000000000000000000001", chain);

        List<WaterfallRow> rows = WaterfallLayout.rows(deep, Set.of());

        assertThat(rows).hasSize(depth);
        assertThat(rows.get(depth - 1).depth()).isEqualTo(depth - 1);

        List<Spans> wide = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            wide.add(s3(i * 0.1, i * 0.1 + 5));
        }
        SpanTree many = root(0, 105).children(wide.toArray(Spans[]::new)).tree();
        assertThat(WaterfallLayout.rows(many, Set.of())).hasSize(1001);
        assertThat(ComponentSplit.of(many).total().toMillis()).isEqualTo(105);
        assertThat(CriticalPath.of(many).spanIds()).contains("S3#999");
    }
}
