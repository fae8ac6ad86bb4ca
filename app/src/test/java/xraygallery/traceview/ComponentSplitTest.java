package xraygallery.traceview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static xraygallery.traceview.Spans.inProgress;
import static xraygallery.traceview.Spans.mysql;
import static xraygallery.traceview.Spans.rekognition;
import static xraygallery.traceview.Spans.resize;
import static xraygallery.traceview.Spans.root;
import static xraygallery.traceview.Spans.s3;
import static xraygallery.traceview.Spans.span;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ComponentSplitTest {

    static Duration ms(double millis) {
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    static List<String> parts(ComponentSplit split) {
        return split.parts().stream().map(p -> p.component() + "=" + p.selfTime().toNanos() / 1e6).toList();
    }

    static void assertAddsUp(ComponentSplit split) {
        long sum = split.parts().stream().mapToLong(p -> p.selfTime().toNanos()).sum();
        assertThat(Math.abs(sum - split.total().toNanos())).isLessThanOrEqualTo(1_000_000L);
        long bySpan = split.selfTimeBySpanId().values().stream().mapToLong(Duration::toNanos).sum();
        assertThat(Math.abs(bySpan - split.total().toNanos())).isLessThanOrEqualTo(1_000_000L);
        if (!split.total().isZero()) {
            assertThat(split.parts().stream().mapToDouble(ComponentSplit.Part::share).sum()).isCloseTo(1.0, within(1e-9));
        }
    }

    @Test
    void sequentialChildren_eachGetTheirDuration_andTheGapsAreUncovered() {
        SpanTree tree = root(0, 100).children(span("validate", 0, 5), resize(5, 45), s3(50, 70), rekognition(70, 95))
                .tree();

        ComponentSplit split = ComponentSplit.of(tree);

        assertThat(parts(split)).containsExactly("RESIZE=40.0", "REKOGNITION=25.0", "S3=20.0", "UNCOVERED=10.0",
                "LOCAL=5.0");
        assertThat(split.total()).isEqualTo(ms(100));
        assertThat(split.of(Component.S3)).isEqualTo(ms(20));
        assertThat(split.of(Component.MYSQL)).isZero();
        assertThat(split.largest().component()).isEqualTo(Component.RESIZE);
        assertThat(split.largest().share()).isEqualTo(0.4);
        assertThat(split.selfTimeBySpanId()).containsEntry("xray-gallery", ms(10)).containsEntry("resize_image", ms(40));
        assertAddsUp(split);
    }

    @Test
    void overlappingChildren_shareTheOverlappedTimeEqually_soItIsCountedOnce() {
        SpanTree tree = root(0, 100).children(s3(10, 60), rekognition(40, 90)).tree();

        ComponentSplit split = ComponentSplit.of(tree);

        assertThat(parts(split)).containsExactly("S3=40.0", "REKOGNITION=40.0", "UNCOVERED=20.0");
        assertAddsUp(split);
    }

    @Test
    void nestedChildren_takeTheirTimeOutOfTheirParentsSelfTime() {
        SpanTree tree = root(0, 100).children(resize(0, 80).children(span("decode", 10, 50), s3(60, 70))).tree();

        ComponentSplit split = ComponentSplit.of(tree);

        assertThat(parts(split)).containsExactly("LOCAL=40.0", "RESIZE=30.0", "UNCOVERED=20.0", "S3=10.0");
        assertAddsUp(split);
    }

    @Test
    void aParentWithARunningChild_isNotADeepestSpan_whileAParallelSiblingIs() {
        // [30,40): S3 and Rekognition are the deepest running spans; [40,50): resize and Rekognition are
        SpanTree tree = root(0, 100).children(resize(0, 100).children(s3(20, 40)), rekognition(30, 50)).tree();

        ComponentSplit split = ComponentSplit.of(tree);

        assertThat(parts(split)).containsExactly("RESIZE=75.0", "S3=15.0", "REKOGNITION=10.0");
        assertAddsUp(split);
    }

    @Test
    void spansInProgress_runToTheLatestEventOfTheTrace() {
        SpanTree tree = inProgress("xray-gallery", 0).children(resize(0, 30), inProgress("Rekognition", 40)
                .namespace("aws"), s3(40, 70)).tree();

        ComponentSplit split = ComponentSplit.of(tree);

        assertThat(split.total()).isEqualTo(ms(70));
        assertThat(parts(split)).containsExactly("RESIZE=30.0", "S3=15.0", "REKOGNITION=15.0", "UNCOVERED=10.0");
        assertAddsUp(split);
    }

    @Test
    void orphansCountLikeAnyOtherChildOfTheRoot() {
        SpanTree tree = root(0, 100).children(resize(0, 50), s3(60, 80).orphan()).tree();

        ComponentSplit split = ComponentSplit.of(tree);

        assertThat(split.of(Component.S3)).isEqualTo(ms(20));
        assertAddsUp(split);
    }

    @Test
    void childrenOutsideTheRoot_areClippedToIt() {
        SpanTree tree = root(0, 100).children(s3(-20, 30), rekognition(90, 130)).tree();

        ComponentSplit split = ComponentSplit.of(tree);

        assertThat(parts(split)).containsExactly("UNCOVERED=60.0", "S3=30.0", "REKOGNITION=10.0");
        assertThat(split.total()).isEqualTo(ms(100));
        assertAddsUp(split);
    }

    @Test
    void aZeroDurationRoot_hasNoParts() {
        SpanTree tree = root(50, 50).children(s3(50, 60)).tree();

        ComponentSplit split = ComponentSplit.of(tree);

        assertThat(split.total()).isZero();
        assertThat(split.parts()).isEmpty();
        assertThat(split.largest()).isNull();
        assertAddsUp(split);
    }

    @Test
    void partsAlwaysAddUpToTheRootDuration_forRandomTrees() {
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            SpanTree tree = randomTree(random);
            ComponentSplit split = ComponentSplit.of(tree);
            assertThat(split.total()).isEqualTo(tree.duration());
            assertAddsUp(split);
        }
    }

    /** Overlapping, nested, skewed and in-progress spans, at microsecond-ish times. */
    static SpanTree randomTree(Random random) {
        double rootEnd = random.nextInt(5) == 0 ? 0 : random.nextDouble() * 1000;
        Spans root = random.nextInt(10) == 0 ? inProgress("xray-gallery", 0) : root(0, rootEnd);
        List<Spans> level = new ArrayList<>(List.of(root));
        int count = 1 + random.nextInt(40);
        String[] names = {"validate", "resize_image", "S3", "Rekognition", "RDS", "photos@127.0.0.1", "other"};
        for (int i = 0; i < count; i++) {
            double start = random.nextDouble() * 1200 - 100;
            double length = random.nextDouble() * 400;
            String name = names[random.nextInt(names.length)];
            Spans child = random.nextInt(15) == 0 ? inProgress(name, start)
                    : name.equals("photos@127.0.0.1") ? mysql(start, start + length)
                    : span(name, start, start + length).namespace(name.equals("S3") || name.equals("Rekognition")
                            || name.equals("RDS") ? "aws" : null);
            level.get(random.nextInt(level.size())).children(child);
            level.add(child);
        }
        return root.tree();
    }
}
