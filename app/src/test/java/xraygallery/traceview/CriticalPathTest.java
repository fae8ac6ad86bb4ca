package xraygallery.traceview;

import static org.assertj.core.api.Assertions.assertThat;
import static xraygallery.traceview.Spans.at;
import static xraygallery.traceview.Spans.inProgress;
import static xraygallery.traceview.Spans.rekognition;
import static xraygallery.traceview.Spans.resize;
import static xraygallery.traceview.Spans.root;
import static xraygallery.traceview.Spans.s3;
import static xraygallery.traceview.Spans.span;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CriticalPathTest {

    static List<String> steps(CriticalPath path) {
        return path.steps().stream().map(s -> s.spanId() + "[" + (s.from().toEpochMilli() - at(0).toEpochMilli()) + ","
                + (s.to().toEpochMilli() - at(0).toEpochMilli()) + "]").toList();
    }

    @Test
    void sequentialChildren_areAllOnThePath_withTheGapsOnTheParent() {
        CriticalPath path = CriticalPath.of(root(0, 100).children(resize(0, 40), s3(50, 90)).tree());

        assertThat(path.spanIds()).containsExactlyInAnyOrder("xray-gallery", "resize_image", "S3");
        assertThat(steps(path)).containsExactly("resize_image[0,40]", "xray-gallery[40,50]", "S3[50,90]",
                "xray-gallery[90,100]");
    }

    @Test
    void ofParallelChildren_theOneThatFinishedLast_isOnThePath() {
        CriticalPath path = CriticalPath.of(root(0, 100).children(s3(10, 60), rekognition(20, 90)).tree());

        assertThat(path.spanIds()).containsExactlyInAnyOrder("xray-gallery", "Rekognition");
        assertThat(path.contains("S3")).isFalse();
        assertThat(steps(path)).containsExactly("xray-gallery[0,20]", "Rekognition[20,90]", "xray-gallery[90,100]");
    }

    @Test
    void thePathGoesDownIntoNestedChildren() {
        CriticalPath path = CriticalPath.of(root(0, 100).children(resize(0, 30), span("upload", 30, 95)
                .children(s3(30, 50), s3(40, 90))).tree());

        assertThat(path.spanIds()).containsExactlyInAnyOrder("xray-gallery", "resize_image", "upload", "S3#1");
        assertThat(steps(path)).containsExactly("resize_image[0,30]", "upload[30,40]", "S3#1[40,90]", "upload[90,95]",
                "xray-gallery[95,100]");
    }

    @Test
    void aChildThatEndsExactlyWhenTheNextStarts_isOnThePath() {
        CriticalPath path = CriticalPath.of(root(0, 100).children(resize(0, 50), s3(50, 100)).tree());

        assertThat(steps(path)).containsExactly("resize_image[0,50]", "S3[50,100]");
    }

    @Test
    void aSkewedChild_isClippedToItsParent() {
        CriticalPath path = CriticalPath.of(root(0, 100).children(s3(50, 130), rekognition(-10, 20)).tree());

        assertThat(steps(path)).containsExactly("Rekognition[0,20]", "xray-gallery[20,50]", "S3[50,100]");
    }

    @Test
    void aSpanStillRunning_isWhatTheTraceWaitsOn() {
        CriticalPath path = CriticalPath.of(inProgress("xray-gallery", 0)
                .children(resize(0, 60), inProgress("Rekognition", 10).namespace("aws")).tree());

        assertThat(path.spanIds()).containsExactlyInAnyOrder("xray-gallery", "Rekognition");
        assertThat(steps(path)).containsExactly("xray-gallery[0,10]", "Rekognition[10,60]");
    }

    @Test
    void aZeroDurationRoot_isAPathOfItsOwn() {
        CriticalPath path = CriticalPath.of(root(10, 10).children(s3(10, 10)).tree());

        assertThat(path.spanIds()).containsExactly("xray-gallery");
        assertThat(path.steps()).isEmpty();
    }

    @Test
    void theStepsCoverTheRootExactlyOnce_forRandomTrees() {
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            SpanTree tree = ComponentSplitTest.randomTree(random);
            CriticalPath path = CriticalPath.of(tree);
            var cursor = tree.root().start();
            for (CriticalPath.Step step : path.steps()) {
                assertThat(step.from()).isEqualTo(cursor);
                assertThat(step.to()).isAfter(step.from());
                assertThat(path.spanIds()).contains(step.spanId());
                cursor = step.to();
            }
            assertThat(cursor).isEqualTo(tree.effectiveEnd(tree.root()));
            assertThat(path.spanIds()).contains(tree.root().id());
        }
    }
}
