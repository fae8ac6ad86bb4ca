package xraygallery.traceview;

import static org.assertj.core.api.Assertions.assertThat;
import static xraygallery.traceview.Spans.inProgress;
import static xraygallery.traceview.Spans.resize;
import static xraygallery.traceview.Spans.root;
import static xraygallery.traceview.Spans.s3;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActionProfileTest {

    @Test
    void manyUploads_giveComponentStatistics_aHistogramAndTheSlowTraceReport_withoutTheRunningOnes() {
        List<SpanTree> trees = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double s3 = i >= 18 ? 300 : 40;
            trees.add(root(0, 100 + s3).children(resize(0, 100), s3(100, 100 + s3)).annotate("action", "upload")
                    .tree(String.format("1-00000001-%024d", i)));
        }
        trees.add(inProgress("xray-gallery", 0).children(resize(0, 50)).tree("1-00000001-000000000000000000000099"));

        ActionProfile profile = ActionProfile.of("upload", trees);

        assertThat(profile.inProgressSkipped()).isEqualTo(1);
        assertThat(profile.components().traceCount()).isEqualTo(20);
        assertThat(profile.components().row(Component.RESIZE).orElseThrow().median()).isEqualTo(Duration.ofMillis(100));
        assertThat(profile.latency().count()).isEqualTo(20);
        assertThat(profile.latency().buckets().stream().mapToInt(LatencyHistogram.Bucket::count).sum()).isEqualTo(20);
        assertThat(profile.slowTraces().slowCount()).isEqualTo(2);
        assertThat(profile.slowTraces().findings().get(0).subject()).isEqualTo("S3");
    }
}
