package xraygallery.ui.traces;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xraygallery.daemon.MutableClock;
import xraygallery.traceview.CallStats;
import xraygallery.traceview.Component;
import xraygallery.traceview.DaemonHealth;
import xraygallery.traceview.DaemonTelemetry;
import xraygallery.traceview.InvalidFilterExpressionException;
import xraygallery.traceview.ServiceGraph;
import xraygallery.traceview.SpanFlag;
import xraygallery.traceview.SpanTree;
import xraygallery.traceview.TraceAccessDeniedException;
import xraygallery.traceview.TraceRow;
import xraygallery.traceview.TraceSourceUnreachableException;
import xraygallery.traceview.WaterfallRow;
import xraygallery.ui.common.CurrentThreadTaskExecutor;

/** The panel's view-model on a fake source and the current thread: every poll is a call to runScheduled(). */
class TracePanelViewModelTest {
    private final MutableClock clock = new MutableClock(Trees.T0.plusSeconds(60));
    private final CurrentThreadTaskExecutor tasks = new CurrentThreadTaskExecutor();
    private final FakeTraceSource source = new FakeTraceSource();
    private TracePanelViewModel panel;

    @BeforeEach
    void open() {
        panel = new TracePanelViewModel(source, tasks, "alice",
                TracePanelViewModel.Options.localDaemon().withClock(clock));
    }

    private SpanTree upload(int n, double resizeMs) {
        Instant start = Trees.T0.plusSeconds(n);
        return Trees.typicalUpload("alice", resizeMs).tree(Trees.traceId(start, n), start);
    }

    private List<String> listedIds() {
        return panel.list().items().stream().map(TraceListItem::traceId).toList();
    }

    @Test
    void theList_isNewestFirst_andRefreshesKeepTheSelectedRowObject() {
        SpanTree first = upload(1, 100);
        SpanTree second = upload(2, 100);
        source.add(first).add(second);
        panel.start();
        assertThat(listedIds()).containsExactly(second.traceId(), first.traceId());
        TraceListItem selected = panel.list().items().get(1);
        panel.list().selectedProperty().set(selected);

        SpanTree third = upload(3, 100);
        source.add(third);
        clock.advance(Duration.ofSeconds(1));
        tasks.runScheduled();

        assertThat(listedIds()).containsExactly(third.traceId(), second.traceId(), first.traceId());
        assertThat(panel.list().selectedProperty().get()).isSameAs(selected);
        assertThat(panel.list().items().get(2)).isSameAs(selected);
        assertThat(panel.lastInsertedAbove()).isEqualTo(1);
        assertThat(panel.summaryProperty().get()).startsWith("3 traces");
    }

    @Test
    void polling_isScheduledAboutOnceASecond_offTheUiThreadThroughTheExecutor() {
        panel.start();
        assertThat(tasks.scheduled()).extracting(CurrentThreadTaskExecutor.Scheduled::delay)
                .contains(Duration.ofSeconds(1));
        int before = source.queries.size();
        tasks.runScheduled();
        assertThat(source.queries).hasSize(before + 1);
        panel.stop();
        assertThat(tasks.scheduled()).isEmpty();
    }

    @Test
    void aRunningAction_showsAtOnce_andItsDurationGrows_untilItEnds() {
        Instant start = Trees.T0.plusSeconds(50);
        String id = Trees.traceId(start, 7);
        SpanTree running = Trees.action("upload", "alice", 0, null).child(Trees.resize(0, 40)).tree(id, start);
        source.add(running);
        panel.start();
        TraceListItem item = panel.list().item(id);
        assertThat(item.inProgressProperty().get()).isTrue();
        assertThat(item.durationProperty().get()).isEqualTo(Duration.ofSeconds(10));

        clock.advance(Duration.ofSeconds(1));
        tasks.runScheduled();
        assertThat(panel.list().item(id)).isSameAs(item);
        assertThat(item.durationProperty().get()).isEqualTo(Duration.ofSeconds(11));

        SpanTree done = Trees.action("upload", "alice", 0, 420.0).child(Trees.resize(0, 40)).tree(id, start);
        source.add(done);
        tasks.runScheduled();
        assertThat(item.inProgressProperty().get()).isFalse();
        assertThat(item.durationProperty().get()).isEqualTo(Duration.ofMillis(420));
    }

    @Test
    void aSelectedRunningTrace_isReadAgain_whenItChanges() {
        Instant start = Trees.T0.plusSeconds(50);
        String id = Trees.traceId(start, 8);
        source.add(Trees.action("upload", "alice", 0, null).child(Trees.resize(0, 40)).tree(id, start));
        panel.start();
        panel.list().selectedProperty().set(panel.list().item(id));
        assertThat(panel.waterfall().treeProperty().get().inProgress()).isTrue();

        source.add(Trees.action("upload", "alice", 0, 300.0).child(Trees.resize(0, 40), Trees.s3("PutObject", 40, 290))
                .tree(id, start));
        tasks.runScheduled();

        assertThat(panel.waterfall().treeProperty().get().inProgress()).isFalse();
        assertThat(panel.waterfall().rows()).hasSize(3);
    }

    @Test
    void aDaemonThatIsDown_isSaidSo_andRetried_untilItAnswersAgain() {
        source.add(upload(1, 100));
        source.failure = new TraceSourceUnreachableException("the X-Ray daemon at http://127.0.0.1:2 is not answering",
                null);
        panel.start();
        assertThat(panel.problemProperty().get()).isEqualTo("The X-Ray daemon does not answer; retrying…");
        assertThat(tasks.scheduled()).extracting(CurrentThreadTaskExecutor.Scheduled::delay)
                .contains(Duration.ofSeconds(2));
        tasks.runScheduled();
        assertThat(panel.problemProperty().get()).isNotEmpty();

        source.failure = null;
        tasks.runScheduled();
        assertThat(panel.problemProperty().get()).isEmpty();
        assertThat(panel.list().items()).hasSize(1);
    }

    @Test
    void awsWithoutPermission_saysSoClearly_withoutAStackTrace() {
        source.failure = new TraceAccessDeniedException("AWS X-Ray in eu-west-1 refused access: User is not authorized"
                + " (reading traces needs xray:GetTraceSummaries, xray:BatchGetTraces and xray:GetServiceGraph)", null);
        panel.start();
        assertThat(panel.problemProperty().get()).startsWith("Not allowed to read X-Ray traces")
                .contains("xray:GetTraceSummaries").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void anInvalidFilter_isShownWithItsPosition_andTheListStaysAsItWas() {
        source.add(upload(1, 100));
        panel.start();
        String bad = "annotation.action =";
        source.refusedFilter = bad;
        source.filterFailure = new InvalidFilterExpressionException(bad,
                "Invalid FilterExpression at position 20: expected a value", null);

        panel.list().filterTextProperty().set(bad);
        panel.applyFilterText();

        assertThat(panel.list().filterErrorProperty().get()).isNotNull()
                .satisfies(e -> assertThat(e.position()).isEqualTo(20))
                .satisfies(e -> assertThat(e.expression()).isEqualTo(bad));
        assertThat(panel.list().appliedFilterProperty().get()).isEmpty();
        assertThat(panel.list().items()).hasSize(1);
        assertThat(panel.problemProperty().get()).isEmpty();

        panel.list().filterTextProperty().set("annotation.action = \"upload\"");
        assertThat(panel.list().filterErrorProperty().get()).as("editing clears the mark").isNull();
        panel.applyFilterText();
        assertThat(panel.list().appliedFilterProperty().get()).isEqualTo("annotation.action = \"upload\"");
    }

    @Test
    void presets_includeSlowUploadsFaultsMyActionsAndS3Faults() {
        assertThat(panel.list().presets()).extracting(TraceListViewModel.Preset::expression).contains(
                "annotation.action = \"upload\" AND responsetime > 1", "fault OR error", "annotation.user = \"alice\"",
                "service(\"S3\") { fault }");
    }

    @Test
    void theTimeRange_isTheQuerysRange() {
        panel.start();
        panel.list().rangeProperty().set(TimeRange.FIVE_MINUTES);
        var query = source.queries.get(source.queries.size() - 1);
        assertThat(Duration.between(query.from(), query.to())).isEqualTo(Duration.ofMinutes(5));
        assertThat(query.to()).isEqualTo(clock.instant());
    }

    @Test
    void selectTrace_ofATraceInTheList_selectsItsRow_andShowsItsWaterfall() {
        SpanTree tree = upload(1, 100);
        source.add(tree).add(upload(2, 100));
        panel.start();
        panel.selectTrace(tree.traceId());
        assertThat(panel.list().selectedProperty().get().traceId()).isEqualTo(tree.traceId());
        assertThat(panel.waterfall().treeProperty().get().traceId()).isEqualTo(tree.traceId());
        assertThat(panel.waterfall().messageProperty().get()).isEmpty();
    }

    @Test
    void selectTrace_ofATraceNotInTheList_readsIt_orWaitsForItToArrive() {
        panel.start();
        SpanTree later = upload(1, 100);
        panel.selectTrace(later.traceId());
        assertThat(panel.waterfall().messageProperty().get()).contains("has not arrived yet");

        source.trees.put(later.traceId(), later);
        tasks.runScheduled();
        assertThat(panel.waterfall().treeProperty().get().traceId()).isEqualTo(later.traceId());
        assertThat(panel.waterfall().messageProperty().get()).contains("not in the list");

        source.add(later);
        tasks.runScheduled();
        assertThat(panel.list().selectedProperty().get().traceId()).isEqualTo(later.traceId());
    }

    @Test
    void theWaterfall_laysOutEverySpan_withTheCriticalPath_andASplitThatAddsUpToTheDuration() {
        SpanTree tree = upload(1, 159);
        source.add(tree);
        panel.start();
        panel.selectTrace(tree.traceId());
        WaterfallViewModel waterfall = panel.waterfall();

        assertThat(waterfall.rows()).hasSize(tree.size());
        assertThat(waterfall.rows()).extracting(r -> r.span().name()).contains("resize_image", "S3", "Rekognition",
                "photos@127.0.0.1");
        WaterfallRow resize = waterfall.rows().stream().filter(r -> r.span().name().equals("resize_image"))
                .findFirst().orElseThrow();
        assertThat(waterfall.onCriticalPath(resize.span().id())).isTrue();
        assertThat(waterfall.splitProperty().get()).extracting(SplitSegment::millis)
                .satisfies(ms -> assertThat(ms.stream().mapToLong(Long::longValue).sum())
                        .isEqualTo(Math.round(tree.duration().toNanos() / 1e6)));
        assertThat(waterfall.splitProperty().get().get(0).component()).isEqualTo(Component.RESIZE);
        assertThat(waterfall.splitProperty().get()).extracting(SplitSegment::percent)
                .satisfies(p -> assertThat(p.stream().mapToInt(Integer::intValue).sum()).isEqualTo(100));
        assertThat(waterfall.describe(resize.span())).contains("resize_image").contains("159 ms");
    }

    @Test
    void collapsing_hidesChildren_andZoom_goesToABar_andBack() {
        SpanTree tree = Trees.upload("alice", 0, 500).child(Trees.local("save", 100, 400)
                .child(Trees.s3("PutObject", 110, 200), Trees.sql(200, 390))).tree("1-00000001-000000000000000000000001");
        WaterfallViewModel waterfall = new WaterfallViewModel();
        waterfall.show(tree);
        assertThat(waterfall.rows()).hasSize(4);
        String save = waterfall.rows().get(1).span().id();

        waterfall.toggle(save);
        assertThat(waterfall.rows()).hasSize(2);
        assertThat(waterfall.rows().get(1).collapsed()).isTrue();
        waterfall.toggle(save);
        assertThat(waterfall.rows()).hasSize(4);

        waterfall.zoomTo(save);
        assertThat(waterfall.zoomedProperty().get()).isTrue();
        WaterfallRow saveRow = waterfall.rows().get(1);
        assertThat(saveRow.x()).isCloseTo(0.0244, org.assertj.core.data.Offset.offset(0.01));
        assertThat(saveRow.x() + saveRow.width()).isCloseTo(0.976, org.assertj.core.data.Offset.offset(0.01));
        waterfall.zoomOut();
        assertThat(waterfall.zoomedProperty().get()).isFalse();
        assertThat(waterfall.rows().get(0).x()).isEqualTo(0.0);
        assertThat(waterfall.rows().get(0).width()).isEqualTo(1.0);
    }

    @Test
    void badTraces_clockSkewOrphansAndRunningSpans_areShown_andFlaggedInTheirTooltips() {
        SpanTree tree = Trees.upload("alice", 0, 300)
                .child(Trees.s3("PutObject", -20, 100).flag(SpanFlag.STARTS_BEFORE_PARENT),
                        Trees.local("validate", 50, 80).flag(SpanFlag.ORPHAN).parent("ffffffffffffffff"),
                        Trees.running("resize_image", 120),
                        Trees.sql(200, 350).flag(SpanFlag.ENDS_AFTER_PARENT))
                .tree("1-00000001-000000000000000000000002");
        WaterfallViewModel waterfall = new WaterfallViewModel();
        waterfall.show(tree);

        assertThat(waterfall.rows()).hasSize(5);
        WaterfallRow skewed = waterfall.rows().stream().filter(r -> r.span().name().equals("S3")).findFirst().orElseThrow();
        assertThat(skewed.x()).as("drawn where it is, before its parent").isEqualTo(0.0);
        assertThat(waterfall.rows().get(0).x()).isGreaterThan(0.0);
        assertThat(waterfall.describe(skewed.span())).contains("starts before its parent");
        WaterfallRow orphan = waterfall.rows().stream().filter(r -> r.span().name().equals("validate")).findFirst()
                .orElseThrow();
        assertThat(waterfall.describe(orphan.span())).contains("is not in the trace");
        WaterfallRow running = waterfall.rows().stream().filter(r -> r.span().name().equals("resize_image"))
                .findFirst().orElseThrow();
        assertThat(waterfall.durationText(running.span())).endsWith("…");
        assertThat(waterfall.titleProperty().get()).contains("clock skew").contains("1 without their parent");
    }

    @Test
    void aHugeAnnotation_isShortenedInTheTooltip() {
        String huge = "x".repeat(1_000_000);
        SpanTree tree = Trees.upload("alice", 0, 100).annotate("note", huge).tree("1-00000001-000000000000000000000003");
        WaterfallViewModel waterfall = new WaterfallViewModel();
        waterfall.show(tree);
        assertThat(waterfall.describe(tree.root()).length()).isLessThan(1_000);
    }

    @Test
    void aFaultedCall_isDescribedWithStatusExceptionBucketAndKey() {
        SpanTree tree = Trees.upload("alice", 0, 300)
                .child(Trees.s3("PutObject", 10, 100).fault(503, "S3Exception", "Service Unavailable"))
                .tree("1-00000001-000000000000000000000004");
        WaterfallViewModel waterfall = new WaterfallViewModel();
        waterfall.show(tree);
        String text = waterfall.describe(waterfall.rows().get(1).span());
        assertThat(text).contains("operation PutObject").contains("bucket photos, key photos/alice/1.jpg")
                .contains("HTTP 503").contains("fault").contains("S3Exception: Service Unavailable");
    }

    @Test
    void theActionProfile_readsTheActionsTraces_inBatches_andRanksWhySomeAreSlow() {
        for (int i = 0; i < 25; i++) {
            source.add(upload(i, i >= 22 ? 900 : 100));
        }
        source.add(Trees.action("sign_in", "alice", 0, 30.0).tree(Trees.traceId(Trees.T0.plusSeconds(40), 99),
                Trees.T0.plusSeconds(40)));
        panel.start();
        panel.selectTrace(Trees.traceId(Trees.T0.plusSeconds(3), 3));
        panel.profileShownProperty().set(true);

        ActionProfileViewModel profile = panel.profile();
        assertThat(profile.actionProperty().get()).isEqualTo("upload");
        assertThat(profile.busyProperty().get()).isFalse();
        assertThat(profile.profileProperty().get().components().traceCount()).isEqualTo(25);
        assertThat(source.treeReads).filteredOn(ids -> ids.size() > 1)
                .allSatisfy(ids -> assertThat(ids).hasSizeLessThanOrEqualTo(ActionProfileViewModel.BATCH));
        assertThat(profile.rowsProperty().get()).extracting(ActionProfileViewModel.StatRow::component)
                .contains(Component.RESIZE, Component.S3, Component.REKOGNITION, Component.MYSQL);
        assertThat(profile.findingsProperty().get()).isNotEmpty();
        assertThat(profile.findingsProperty().get().get(0)).startsWith("Resize");
        assertThat(profile.profileProperty().get().latency().count()).isEqualTo(25);
    }

    @Test
    void comparing_twoTracesOfTheSameAction_givesTheDifferencePerComponent() {
        SpanTree fast = upload(1, 100);
        SpanTree slow = upload(2, 400);
        source.add(fast).add(slow);
        panel.start();
        panel.selectTrace(fast.traceId());
        assertThat(panel.compare().candidates(fast.traceId())).extracting(TraceListItem::traceId)
                .containsExactly(slow.traceId());

        panel.compareWith(slow.traceId());

        assertThat(panel.compare().deltasProperty().get().get(0).component()).isEqualTo(Component.RESIZE);
        assertThat(panel.compare().deltasProperty().get().get(0).difference()).isEqualTo("+300 ms");
        assertThat(panel.compare().comparisonProperty().get().spans()).allSatisfy(s -> assertThat(s.matched()).isTrue());
    }

    @Test
    void theServiceMap_placesTheAppLeft_marksFaults_addsResizeAsLocalWork_andFiltersOnClick() {
        SpanTree tree = upload(1, 100);
        source.add(tree);
        CallStats ok = new CallStats(10, 10, 0, 0, 0, Duration.ofMillis(30), Duration.ofMillis(50));
        CallStats faulty = new CallStats(10, 8, 0, 0, 2, Duration.ofMillis(40), Duration.ofMillis(90));
        source.graph = new ServiceGraph(Trees.T0, Trees.T0.plusSeconds(60), List.of(
                new ServiceGraph.Node(0, "xray-gallery", null, ServiceGraph.NodeKind.APPLICATION, true, ok),
                new ServiceGraph.Node(1, "S3", "AWS::S3", ServiceGraph.NodeKind.AWS_SERVICE, false, faulty),
                new ServiceGraph.Node(2, "Rekognition", "AWS::Rekognition", ServiceGraph.NodeKind.AWS_SERVICE, false, ok)),
                List.of(new ServiceGraph.Edge(0, 1, faulty), new ServiceGraph.Edge(0, 2, ok)));
        panel.start();
        panel.selectTrace(tree.traceId());
        panel.mapShownProperty().set(true);

        var nodes = panel.serviceMap().nodesProperty().get();
        var app = nodes.stream().filter(n -> n.name().equals("xray-gallery")).findFirst().orElseThrow();
        var s3 = nodes.stream().filter(n -> n.name().equals("S3")).findFirst().orElseThrow();
        var resize = nodes.stream().filter(n -> n.name().equals("resize_image")).findFirst().orElseThrow();
        assertThat(app.x()).isLessThan(s3.x());
        assertThat(s3.faulty()).isTrue();
        assertThat(resize.local()).isTrue();
        assertThat(resize.stats()).contains("local work").contains("1 call");
        assertThat(panel.serviceMap().edgesProperty().get()).filteredOn(e -> e.to().equals(s3.key())).singleElement()
                .satisfies(e -> assertThat(e.label()).contains("10 calls").contains("avg 40 ms").contains("p95 90 ms")
                        .contains("faults 20%"));

        panel.serviceMap().select(s3);
        assertThat(panel.list().appliedFilterProperty().get()).isEqualTo("service(\"S3\")");
    }

    @Test
    void daemonHealth_warnsWhenDocumentsWereDroppedOrRejectedSinceThePanelOpened() {
        source.health = new DaemonHealth.Reported(telemetry(100, 100, 3, 0));
        panel.start();
        assertThat(panel.health().availableProperty().get()).isTrue();
        assertThat(panel.health().warningProperty().get()).as("rejected before the panel opened").isFalse();
        assertThat(panel.health().summaryProperty().get()).isEqualTo("Received 100 · stored 100 · rejected 3 · dropped 0");

        source.health = new DaemonHealth.Reported(telemetry(200, 190, 3, 7));
        tasks.runScheduled();
        assertThat(panel.health().warningProperty().get()).isTrue();
        assertThat(panel.health().detailsProperty().get()).contains("7 dropped");
    }

    @Test
    void againstAwsXRay_daemonHealthIsNotAvailable() {
        source.health = new DaemonHealth.NotAvailable("AWS X-Ray has no daemon counters");
        panel.start();
        assertThat(panel.health().availableProperty().get()).isFalse();
        assertThat(panel.health().summaryProperty().get()).isEqualTo("Daemon counters: not available");
    }

    @Test
    void closing_stopsPollingAndClosesTheSource() {
        panel.start();
        panel.close();
        assertThat(tasks.scheduled()).isEmpty();
        assertThat(source.closed).isTrue();
    }

    private static DaemonTelemetry telemetry(long received, long stored, long rejected, long spillover) {
        return new DaemonTelemetry(Duration.ofMinutes(5), received, stored, rejected, Map.of(), null, spillover, 0, 0, 0,
                DaemonTelemetry.Forwarding.DISABLED, 10, 1000);
    }

    static TraceRow rowOf(SpanTree tree) {
        return Trees.row(tree);
    }
}
