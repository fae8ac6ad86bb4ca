package xraygallery.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import xraygallery.daemon.Doc;
import xraygallery.daemon.MutableClock;
import xraygallery.daemon.model.Edge;
import xraygallery.daemon.model.Service;
import xraygallery.daemon.model.TraceSummary;
import xraygallery.daemon.segment.SegmentDocument;
import xraygallery.daemon.trace.AssembledTrace;

/** The behaviour every {@link TraceStorage} must have, run against each implementation. */
class TraceStorageContractTest {
    static final double T0 = 1_732_000_000;

    abstract static class Contract {
        final MutableClock clock = new MutableClock(Instant.ofEpochSecond((long) T0));
        TraceStorage storage;

        abstract TraceStorage open();

        @BeforeEach
        void openStorage() {
            storage = open();
        }

        @AfterEach
        void closeStorage() {
            storage.close();
        }

        /** As the daemon does: each document prepared (on the decoding thread), then the batch stored. */
        void accept(Doc... docs) {
            List<SegmentDocument> batch = new ArrayList<>();
            for (Doc doc : docs) {
                batch.add(storage.prepare(doc.build()));
            }
            storage.sink().accept(batch);
            storage.flush();
        }

        TraceSummary summary(String traceId) {
            SummaryPage page = storage.store().summaries(SummaryQuery.of(0, Double.MAX_VALUE));
            return page.summaries().stream().filter(s -> s.id().equals(traceId)).findFirst().orElseThrow(
                    () -> new AssertionError("no summary for " + traceId + " in " + page.summaries()));
        }

        AssembledTrace trace(String traceId) {
            List<AssembledTrace> traces = storage.store().traces(List.of(traceId));
            assertThat(traces).hasSize(1);
            return traces.get(0);
        }

        @Test
        void acceptedSegment_isReadableAndSummarized() {
            String traceId = Doc.newTraceId((long) T0);
            Doc root = Doc.segment("xray-gallery").trace(traceId).times(T0, T0 + 0.5).user("alice")
                    .annotation("action", "upload_photo").annotation("user", "alice").annotation("photos", 3)
                    .httpRequest("POST", "app://upload").httpStatus(200)
                    .sub(Doc.subsegment("resize_image").times(T0 + 0.01, T0 + 0.1))
                    .sub(Doc.subsegment("S3").namespace("aws").times(T0 + 0.1, T0 + 0.4).throttle());
            accept(root);

            AssembledTrace trace = trace(traceId);
            assertThat(trace.documents()).hasSize(1);
            assertThat(trace.documents().get(0).path("subsegments")).hasSize(2);

            TraceSummary summary = summary(traceId);
            assertThat(summary.duration()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(summary.responseTime()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(summary.startTime()).isEqualTo(T0);
            assertThat(summary.hasFault()).isFalse();
            assertThat(summary.hasError()).isFalse();
            assertThat(summary.hasThrottle()).isTrue();
            assertThat(summary.isPartial()).isFalse();
            assertThat(summary.http().httpStatus()).isEqualTo(200);
            assertThat(summary.http().httpMethod()).isEqualTo("POST");
            assertThat(summary.annotations()).containsKeys("action", "user", "photos");
            assertThat(summary.annotations().get("action").get(0).annotationValue().stringValue())
                    .isEqualTo("upload_photo");
            assertThat(summary.annotations().get("photos").get(0).annotationValue().numberValue()).isEqualTo(3.0);
            assertThat(summary.annotations().get("action").get(0).serviceIds())
                    .extracting(s -> s.name()).containsExactly("xray-gallery");
            assertThat(summary.users()).extracting(u -> u.userName()).containsExactly("alice");
            assertThat(summary.serviceIds()).extracting(s -> s.name() + "|" + s.type())
                    .containsExactly("xray-gallery|null", "S3|AWS::S3");
            assertThat(summary.entryPoint().name()).isEqualTo("xray-gallery");
            assertThat(summary.responseTimeRootCauses().get(0).services().get(0).entityPath())
                    .extracting(e -> e.name()).containsExactly("xray-gallery", "S3");
        }

        @Test
        void streamedSubsegments_areAssembledUnderTheirParents_inAnyOrder() {
            String traceId = Doc.newTraceId((long) T0);
            Doc root = Doc.segment("xray-gallery").trace(traceId).times(T0, T0 + 1);
            Doc child = Doc.subsegment("upload").times(T0 + 0.1, T0 + 0.9).standalone(traceId, root.id());
            Doc grandchild = Doc.subsegment("S3").namespace("aws").times(T0 + 0.2, T0 + 0.8)
                    .standalone(traceId, child.id());
            accept(grandchild);
            accept(child);
            accept(root);

            AssembledTrace trace = trace(traceId);
            assertThat(trace.orphans()).isZero();
            assertThat(trace.documents()).hasSize(1);
            JsonNode upload = trace.documents().get(0).path("subsegments").get(0);
            assertThat(upload.path("name").asText()).isEqualTo("upload");
            assertThat(upload.has("parent_id")).as("embedded subsegments do not repeat parent_id").isFalse();
            assertThat(upload.path("subsegments").get(0).path("name").asText()).isEqualTo("S3");
            assertThat(summary(traceId).isPartial()).isFalse();
            assertThat(summary(traceId).serviceIds()).extracting(s -> s.name()).contains("S3");
        }

        @Test
        void orphanSubsegment_makesTheTracePartial_untilItsParentArrives() {
            String traceId = Doc.newTraceId((long) T0);
            String rootId = Doc.newId();
            accept(Doc.subsegment("resize_image").times(T0 + 0.1, T0 + 0.2).standalone(traceId, rootId));

            assertThat(trace(traceId).orphans()).isEqualTo(1);
            assertThat(summary(traceId).isPartial()).isTrue();

            accept(Doc.segment("xray-gallery").id(rootId).trace(traceId).times(T0, T0 + 0.3));
            assertThat(trace(traceId).orphans()).isZero();
            assertThat(summary(traceId).isPartial()).isFalse();
        }

        @Test
        void laterDocument_replacesEarlier_butAnInProgressCopyNeverReplacesACompleteOne() {
            String traceId = Doc.newTraceId((long) T0);
            Doc started = Doc.segment("xray-gallery").trace(traceId).inProgress(T0);
            accept(started);
            assertThat(summary(traceId).isPartial()).isTrue();
            assertThat(summary(traceId).responseTime()).isNull();

            Doc finished = Doc.segment("xray-gallery").id(started.id()).trace(traceId).times(T0, T0 + 2).fault();
            accept(finished);
            assertThat(trace(traceId).documents()).hasSize(1);
            assertThat(summary(traceId).isPartial()).isFalse();
            assertThat(summary(traceId).hasFault()).isTrue();
            assertThat(summary(traceId).responseTime()).isEqualTo(2.0);

            accept(Doc.segment("xray-gallery").id(started.id()).trace(traceId).inProgress(T0));
            assertThat(summary(traceId).isPartial()).isFalse();
            assertThat(trace(traceId).documents().get(0).path("fault").asBoolean()).isTrue();
        }

        @Test
        void aCompleteSegment_isReplacedByALaterCompleteCopy_inTheSameOrALaterBatch() {
            String traceId = Doc.newTraceId((long) T0);
            Doc first = Doc.segment("xray-gallery").trace(traceId).times(T0, T0 + 1);
            accept(first);
            accept(Doc.segment("xray-gallery").id(first.id()).trace(traceId).times(T0, T0 + 3).error());
            assertThat(trace(traceId).documents()).singleElement()
                    .satisfies(d -> assertThat(d.path("end_time").asDouble()).isEqualTo(T0 + 3));
            assertThat(summary(traceId).responseTime()).isEqualTo(3.0);
            assertThat(summary(traceId).hasError()).isTrue();

            accept(Doc.segment("xray-gallery").id(first.id()).trace(traceId).inProgress(T0));
            assertThat(trace(traceId).documents()).singleElement()
                    .satisfies(d -> assertThat(d.path("end_time").asDouble()).isEqualTo(T0 + 3));

            String other = Doc.newTraceId((long) T0);
            Doc v1 = Doc.segment("xray-gallery").trace(other).times(T0, T0 + 1);
            accept(v1, Doc.segment("xray-gallery").id(v1.id()).trace(other).times(T0, T0 + 2));
            assertThat(trace(other).documents()).singleElement()
                    .satisfies(d -> assertThat(d.path("end_time").asDouble()).isEqualTo(T0 + 2));
        }

        @Test
        void summaries_comeNewestFirst_inPages_andStayInTheRange() {
            List<Doc> docs = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                docs.add(Doc.segment("xray-gallery").trace(Doc.newTraceId((long) T0)).times(T0 + i, T0 + i + 0.5));
            }
            docs.add(Doc.segment("too-early").trace(Doc.newTraceId((long) T0)).times(T0 - 100, T0 - 99));
            docs.add(Doc.segment("too-late").trace(Doc.newTraceId((long) T0)).times(T0 + 1000, T0 + 1001));
            accept(docs.toArray(Doc[]::new));

            SummaryQuery query = SummaryQuery.of(T0, T0 + 300).withPage(null, 100);
            List<TraceSummary> all = new ArrayList<>();
            List<Integer> pageSizes = new ArrayList<>();
            SummaryQuery.Cursor cursor = null;
            do {
                SummaryPage page = storage.store().summaries(query.withPage(cursor, 100));
                pageSizes.add(page.summaries().size());
                all.addAll(page.summaries());
                cursor = page.next();
            } while (cursor != null);

            assertThat(pageSizes).containsExactly(100, 100, 50);
            assertThat(all).extracting(TraceSummary::id).doesNotHaveDuplicates().hasSize(250);
            assertThat(all).extracting(TraceSummary::startTime).isSortedAccordingTo((a, b) -> Double.compare(b, a));
            assertThat(all).allSatisfy(s -> assertThat(s.entryPoint().name()).isEqualTo("xray-gallery"));
        }

        @Test
        void timeRangeTypeTraceId_comparesTheTimeInTheTraceId() {
            String oldId = Doc.newTraceId((long) T0 - 3600);
            accept(Doc.segment("xray-gallery").trace(oldId).times(T0, T0 + 1));

            SummaryQuery byEvent = SummaryQuery.of(T0 - 10, T0 + 10);
            assertThat(storage.store().summaries(byEvent).summaries()).extracting(TraceSummary::id).containsExactly(oldId);
            assertThat(storage.store().summaries(byEvent.withRangeType(TimeRangeType.TraceId)).summaries()).isEmpty();
            SummaryQuery anHourEarlier = SummaryQuery.of(T0 - 3700, T0 - 3500).withRangeType(TimeRangeType.TraceId);
            assertThat(storage.store().summaries(anHourEarlier).summaries()).extracting(TraceSummary::id)
                    .containsExactly(oldId);
        }

        @Test
        void filter_selectsSummaries_andProcessedCountsEveryTraceExamined() {
            for (int i = 0; i < 10; i++) {
                Doc doc = Doc.segment("xray-gallery").trace(Doc.newTraceId((long) T0)).times(T0 + i, T0 + i + 1);
                accept(i % 3 == 0 ? doc.fault() : doc);
            }
            SummaryPage page = storage.store().summaries(SummaryQuery.of(T0, T0 + 100).withFilter(TraceSummary::hasFault));
            assertThat(page.summaries()).hasSize(4).allMatch(TraceSummary::hasFault);
            assertThat(page.processed()).isEqualTo(10);
            assertThat(page.next()).isNull();

            SummaryPage limited = storage.store().summaries(SummaryQuery.of(T0, T0 + 100)
                    .withFilter(TraceSummary::hasFault).withScanLimit(5));
            assertThat(limited.processed()).isEqualTo(5);
            assertThat(limited.next()).isNotNull();
            SummaryPage rest = storage.store().summaries(SummaryQuery.of(T0, T0 + 100)
                    .withFilter(TraceSummary::hasFault).withPage(limited.next(), 100));
            assertThat(limited.summaries().size() + rest.summaries().size()).isEqualTo(4);
        }

        @Test
        void filtersOnServicesAndEdges_seeEachTracesGraphFacts_forOneAndManyDocumentTraces_inBothRangeTypes()
                throws Exception {
            String s3Faulted = Doc.newTraceId((long) T0);
            accept(Doc.segment("xray-gallery").trace(s3Faulted).times(T0, T0 + 1)
                    .sub(Doc.subsegment("S3").namespace("aws").times(T0 + 0.1, T0 + 0.2).fault()));
            String s3Ok = Doc.newTraceId((long) T0);
            accept(Doc.segment("xray-gallery").trace(s3Ok).times(T0 + 1, T0 + 2)
                    .sub(Doc.subsegment("S3").namespace("aws").times(T0 + 1.1, T0 + 1.2)));
            String streamed = Doc.newTraceId((long) T0); // two documents: its summary is stored, not recomputed
            Doc root = Doc.segment("xray-gallery").trace(streamed).times(T0 + 2, T0 + 3);
            accept(Doc.subsegment("S3").namespace("aws").times(T0 + 2.1, T0 + 2.2).fault()
                    .standalone(streamed, root.id()), root);

            xraygallery.daemon.query.TraceFilter faulted =
                    xraygallery.daemon.query.FilterExpression.parse("service(\"S3\") { fault }");
            xraygallery.daemon.query.TraceFilter edge =
                    xraygallery.daemon.query.FilterExpression.parse("edge(\"xray-gallery\", \"S3\") { ok }");
            for (TimeRangeType type : TimeRangeType.values()) {
                SummaryQuery query = SummaryQuery.of(T0 - 10, T0 + 10).withRangeType(type);
                assertThat(storage.store().summaries(query.withFilter(faulted)).summaries()).as(type.name())
                        .extracting(TraceSummary::id).containsExactlyInAnyOrder(s3Faulted, streamed);
                assertThat(storage.store().summaries(query.withFilter(edge)).summaries()).as(type.name())
                        .extracting(TraceSummary::id).containsExactly(s3Ok);
            }
        }

        @Test
        void serviceGraph_hasANodePerSegmentName_inferredNodes_andEdgesWithStatistics() {
            for (int i = 0; i < 3; i++) {
                Doc s3 = Doc.subsegment("S3").namespace("aws").times(T0 + i + 0.1, T0 + i + 0.3);
                accept(Doc.segment("xray-gallery").trace(Doc.newTraceId((long) T0)).times(T0 + i, T0 + i + 0.5)
                        .sub(i == 2 ? s3.fault() : s3)
                        .sub(Doc.subsegment("photos@127.0.0.1").namespace("remote").sql("jdbc:mysql://127.0.0.1/photos")
                                .times(T0 + i + 0.3, T0 + i + 0.35))
                        .sub(Doc.subsegment("resize_image").times(T0 + i, T0 + i + 0.1)));
            }
            List<Service> graph = storage.store().serviceGraph(T0 - 1, T0 + 10);
            Map<String, Service> byName = graph.stream().collect(Collectors.toMap(Service::name, Function.identity()));
            assertThat(byName).containsOnlyKeys("xray-gallery", "S3", "photos@127.0.0.1");
            Service app = byName.get("xray-gallery");
            Service s3 = byName.get("S3");
            assertThat(app.root()).isTrue();
            assertThat(app.summaryStatistics().totalCount()).isEqualTo(3);
            assertThat(app.summaryStatistics().okCount()).isEqualTo(3);
            assertThat(s3.type()).isEqualTo("AWS::S3");
            assertThat(byName.get("photos@127.0.0.1").type()).isEqualTo("Database::SQL");
            assertThat(s3.summaryStatistics().faultStatistics().totalCount()).isEqualTo(1);
            Edge toS3 = app.edges().stream().filter(e -> e.referenceId().equals(s3.referenceId())).findFirst().orElseThrow();
            assertThat(toS3.summaryStatistics().totalCount()).isEqualTo(3);
            assertThat(toS3.summaryStatistics().okCount()).isEqualTo(2);
            assertThat(toS3.summaryStatistics().faultStatistics().totalCount()).isEqualTo(1);
            assertThat(toS3.summaryStatistics().totalResponseTime()).isCloseTo(0.6,
                    org.assertj.core.data.Offset.offset(1e-6));
            assertThat(toS3.responseTimeHistogram()).extracting(h -> h.value() + "x" + h.count()).containsExactly("0.2x3");
            assertThat(app.edges()).hasSize(2);
            assertThat(storage.store().serviceGraph(T0 + 100, T0 + 200)).isEmpty();
        }

        @Test
        void downstreamSegment_isAnEdgeBetweenServices_notAnInferredNode() {
            String traceId = Doc.newTraceId((long) T0);
            Doc call = Doc.subsegment("api.example.com").namespace("remote").times(T0 + 0.1, T0 + 0.9);
            Doc front = Doc.segment("front").trace(traceId).times(T0, T0 + 1).sub(call);
            Doc back = Doc.segment("back").trace(traceId).parent(call.id()).times(T0 + 0.2, T0 + 0.8).error();
            accept(front, back);

            List<Service> graph = storage.store().traceGraph(List.of(traceId));
            assertThat(graph).extracting(Service::name).containsExactlyInAnyOrder("front", "back");
            Service frontNode = graph.stream().filter(s -> s.name().equals("front")).findFirst().orElseThrow();
            Service backNode = graph.stream().filter(s -> s.name().equals("back")).findFirst().orElseThrow();
            assertThat(frontNode.root()).isTrue();
            assertThat(backNode.root()).isFalse();
            assertThat(frontNode.edges()).singleElement().satisfies(e -> {
                assertThat(e.referenceId()).isEqualTo(backNode.referenceId());
                assertThat(e.summaryStatistics().errorStatistics().totalCount()).isEqualTo(1);
            });
            TraceSummary summary = summary(traceId);
            assertThat(summary.entryPoint().name()).isEqualTo("front");
            assertThat(summary.hasError()).as("error is the root segment's").isFalse();
        }

        @Test
        void traceGraph_coversOnlyTheGivenTraces() {
            String a = Doc.newTraceId((long) T0);
            accept(Doc.segment("one").trace(a).times(T0, T0 + 1),
                    Doc.segment("two").trace(Doc.newTraceId((long) T0)).times(T0, T0 + 1));
            assertThat(storage.store().traceGraph(List.of(a, Doc.newTraceId((long) T0)))).extracting(Service::name)
                    .containsExactly("one");
        }

        @Test
        void retention_deletesByAgeOfTheLastEvent_thenOldestFirstBySize() {
            String old = Doc.newTraceId((long) T0);
            accept(Doc.segment("old").trace(old).times(T0, T0 + 1));
            clock.advance(Duration.ofDays(2));
            List<String> recent = new ArrayList<>();
            double now = clock.instant().getEpochSecond();
            for (int i = 0; i < 40; i++) {
                String traceId = Doc.newTraceId((long) now);
                recent.add(traceId);
                accept(Doc.segment("recent").trace(traceId).times(now + i, now + i + 1)
                        .put("padding", "x".repeat(20_000)));
            }
            assertThat(storage.enforceRetention(clock.instant(), Duration.ofDays(1), Long.MAX_VALUE)).isEqualTo(1);
            assertThat(storage.store().traces(List.of(old))).isEmpty();
            assertThat(storage.stats().traces()).isEqualTo(40);

            long limit = storage.stats().bytes() / 2;
            assertThat(storage.enforceRetention(clock.instant(), Duration.ofDays(1), limit)).isPositive();
            assertThat(storage.stats().bytes()).isLessThanOrEqualTo(limit);
            Set<String> kept = new HashSet<>();
            storage.store().traces(recent).forEach(t -> kept.add(t.traceId()));
            assertThat(kept).isNotEmpty().contains(recent.get(recent.size() - 1)).doesNotContain(recent.get(0));
        }
    }

    @Nested
    class InMemory extends Contract {
        @Override
        TraceStorage open() {
            return new InMemoryTraceStorage(clock, 100_000);
        }
    }

    @Nested
    class Sqlite extends Contract {
        Path dir;

        @Override
        TraceStorage open() {
            try {
                dir = Files.createDirectories(Path.of("target", "test-data", "store-" + UUID.randomUUID()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return SqliteTraceStorage.open(dir, clock);
        }

        @Test
        void reopening_keepsTracesSummariesAndGraphs() {
            String traceId = Doc.newTraceId((long) T0);
            accept(Doc.segment("xray-gallery").trace(traceId).times(T0, T0 + 1).annotation("action", "sign_in"));
            storage.close();
            storage = SqliteTraceStorage.open(dir, clock);

            assertThat(trace(traceId).documents()).hasSize(1);
            assertThat(summary(traceId).annotations()).containsKey("action");
            assertThat(storage.store().serviceGraph(T0, T0 + 1)).extracting(Service::name).containsExactly("xray-gallery");
            assertThat(storage.stats().traces()).isEqualTo(1);
        }

        @Test
        void changedTrace_isResummarized_onceItSettles() {
            String traceId = Doc.newTraceId((long) T0);
            Doc root = Doc.segment("xray-gallery").trace(traceId).times(T0, T0 + 1);
            storage.sink().accept(List.of(root.build()));
            storage.sink().accept(List.of(Doc.subsegment("S3").namespace("aws").times(T0 + 0.1, T0 + 0.2)
                    .standalone(traceId, root.id()).build()));
            storage.maintain(clock.instant());
            assertThat(summary(traceId).serviceIds()).as("not settled yet").hasSize(1);

            clock.advance(Duration.ofMillis(SqliteTraceStorage.SETTLE_MILLIS));
            storage.maintain(clock.instant());
            assertThat(summary(traceId).serviceIds()).extracting(s -> s.name()).containsExactly("xray-gallery", "S3");
            assertThat(summary(traceId).revision()).isEqualTo(2);
        }
    }
}
