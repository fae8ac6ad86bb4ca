package xraygallery.traceview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import xraygallery.daemon.DaemonFixture;
import xraygallery.daemon.Doc;
import xraygallery.daemon.StoredDocuments;

/**
 * {@link XRayTraceSource} against a real daemon: documents go in over UDP as the X-Ray SDK sends them, and every
 * number the panel would show is compared with the documents the daemon stored.
 */
@Tag("integration")
class XRayTraceSourceTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long BASE = Instant.now().getEpochSecond() - 120;
    static final String UPLOAD = Doc.newTraceId(BASE);
    static final String FAILED = Doc.newTraceId(BASE + 10);
    static final String STREAMED = Doc.newTraceId(BASE + 20);
    static final String RUNNING = Doc.newTraceId(BASE + 30);
    static final String ORPHANED = Doc.newTraceId(BASE + 40);
    static final int DOCUMENTS = 9;
    static DaemonFixture fixture;
    static XRayTraceSource source;

    static Doc sub(String name, String id, long base, double from, double to) {
        return Doc.subsegment(name).id(id).times(base + from, base + to);
    }

    static Doc aws(String service, String operation, String id, long base, double from, double to, int status) {
        Doc doc = sub(service, id, base, from, to).namespace("aws").httpStatus(status);
        doc.node().putObject("aws").put("operation", operation).put("region", "us-east-1")
                .put("bucket_name", service.equals("S3") ? "photos" : null)
                .put("key", service.equals("S3") ? "photos/tracy/" + id + ".jpg" : null);
        return doc;
    }

    @BeforeAll
    static void start() throws IOException {
        fixture = DaemonFixture.start("traceview-source");
        source = XRayTraceSource.forLocalDaemon(fixture.daemon().endpoint());

        Doc rekognition = aws("Rekognition", "DetectLabels", "b000000000000005", BASE, 0.42, 0.47, 429).throttle();
        Doc sql = sub("photos@127.0.0.1", "b000000000000006", BASE, 0.47, 0.49).namespace("remote");
        sql.node().putObject("sql").put("url", "jdbc:mysql://127.0.0.1:3306/photos").put("database_type", "MySQL")
                .put("database_version", "10.11.5-MariaDB").put("user", "photos_app");
        fixture.send(Doc.segment("xray-gallery").id("a000000000000001").trace(UPLOAD).times(BASE, BASE + 0.5)
                .user("tracy").httpStatus(200)
                .annotation("action", "upload").annotation("user", "tracy").annotation("format", "png")
                .annotation("megapixels", 12)
                .sub(sub("validate", "b000000000000001", BASE, 0.0, 0.01))
                .sub(sub("resize_image", "b000000000000002", BASE, 0.01, 0.2))
                .sub(aws("S3", "PutObject", "b000000000000003", BASE, 0.2, 0.3, 200))
                .sub(aws("S3", "PutObject", "b000000000000004", BASE, 0.3, 0.42, 200))
                .sub(rekognition).sub(sql));

        fixture.send(Doc.segment("xray-gallery").id("a000000000000002").trace(FAILED).times(BASE + 10, BASE + 10.3)
                .fault().annotation("action", "upload").annotation("user", "tracy").annotation("format", "jpeg")
                .annotation("megapixels", 3)
                .sub(aws("S3", "PutObject", "b000000000000011", BASE + 10, 0.0, 0.1, 503).fault()
                        .exception("S3Exception", "Service Unavailable")));

        // streamed: the grandchild first, the segment last
        fixture.send(sub("decode", "b000000000000023", BASE + 20, 0.02, 0.1).standalone(STREAMED, "b000000000000021"));
        fixture.send(aws("S3", "PutObject", "b000000000000022", BASE + 20, 0.2, 0.3, 200)
                .standalone(STREAMED, "a000000000000003"));
        fixture.send(sub("resize_image", "b000000000000021", BASE + 20, 0.01, 0.2).standalone(STREAMED,
                "a000000000000003"));
        fixture.send(Doc.segment("xray-gallery").id("a000000000000003").trace(STREAMED).times(BASE + 20, BASE + 20.3)
                .annotation("action", "sign_in").annotation("user", "tracy"));

        fixture.send(Doc.segment("xray-gallery").id("a000000000000004").trace(RUNNING).inProgress(BASE + 30)
                .annotation("action", "upload").annotation("user", "tracy")
                .sub(sub("resize_image", "b000000000000031", BASE + 30, 0.0, 0.05)));

        fixture.send(Doc.segment("xray-gallery").id("a000000000000005").trace(ORPHANED).times(BASE + 40, BASE + 40.2)
                .annotation("action", "list").annotation("user", "tracy"));
        fixture.send(sub("validate", "b000000000000041", BASE + 40, 0.05, 0.1).standalone(ORPHANED, "ffffffffffffffff"));

        fixture.sendDatagram("junk".getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(fixture.telemetry().path("stored").asLong()).isEqualTo(DOCUMENTS);
            assertThat(rows(all())).containsKeys(UPLOAD, FAILED, STREAMED, RUNNING, ORPHANED);
            assertThat(rows(all()).get(STREAMED).inProgress()).isFalse(); // the streamed trace has settled
            // and the orphan, stored after its complete segment, has been summarized in (the trace is partial)
            assertThat(rows(all()).get(ORPHANED).inProgress()).isTrue();
        });
    }

    @AfterAll
    static void stop() {
        source.close();
        fixture.close();
    }

    static TraceQuery all() {
        return new TraceQuery(Instant.ofEpochSecond(BASE - 60), Instant.now().plusSeconds(60), null, 100,
                TraceQuery.RangeBasis.LAST_EVENT);
    }

    static Map<String, TraceRow> rows(TraceQuery query) throws TraceSourceException {
        Map<String, TraceRow> rows = new HashMap<>();
        source.recentTraces(query).forEach(r -> rows.put(r.traceId(), r));
        return rows;
    }

    static Instant at(double epochSeconds) {
        return SpanTreeParser.instant(epochSeconds);
    }

    /** The daemon's stored documents of a trace, read with the plain SDK, every entity flattened. */
    static List<JsonNode> storedEntities(String traceId) {
        return StoredDocuments.of(fixture.xray(), traceId);
    }

    /** Every span matches the stored entity with its id: name, times, flags, HTTP status, AWS and SQL fields. */
    static void assertMatchesStoredDocuments(SpanTree tree) throws IOException {
        List<JsonNode> stored = storedEntities(tree.traceId());
        List<Span> real = tree.spans().stream().filter(s -> s.kind() != SpanKind.PLACEHOLDER).toList();
        assertThat(real).hasSameSizeAs(stored);
        for (JsonNode entity : stored) {
            Span span = tree.span(entity.path("id").asText()).orElseThrow();
            assertThat(span.name()).isEqualTo(entity.path("name").asText());
            assertThat(span.start()).isEqualTo(at(entity.path("start_time").asDouble()));
            if (entity.hasNonNull("end_time")) {
                assertThat(span.end()).isEqualTo(at(entity.path("end_time").asDouble()));
            } else {
                assertThat(span.end()).isNull();
            }
            assertThat(span.fault()).isEqualTo(entity.path("fault").asBoolean());
            assertThat(span.error()).isEqualTo(entity.path("error").asBoolean());
            assertThat(span.throttle()).isEqualTo(entity.path("throttle").asBoolean());
            JsonNode status = entity.path("http").path("response").path("status");
            assertThat(span.httpStatus()).isEqualTo(status.isNumber() ? status.asInt() : null);
            assertThat(span.aws() == null ? null : span.aws().operation())
                    .isEqualTo(entity.path("aws").path("operation").asText(null));
            assertThat(span.sql() == null ? null : span.sql().databaseType())
                    .isEqualTo(entity.path("sql").path("database_type").asText(null));
        }
    }

    @Test
    void recentTraces_listsEveryTraceNewestFirst_withTheNumbersOfItsDocuments() throws Exception {
        List<TraceRow> rows = source.recentTraces(all());

        assertThat(rows).extracting(TraceRow::traceId).containsExactly(ORPHANED, RUNNING, STREAMED, FAILED, UPLOAD);
        TraceRow upload = rows.get(4);
        assertThat(upload.start()).isEqualTo(Instant.ofEpochSecond(BASE));
        assertThat(upload.action()).isEqualTo("upload");
        assertThat(upload.user()).isEqualTo("tracy");
        assertThat(upload.duration()).isEqualTo(Duration.ofMillis(500));
        assertThat(upload.responseTime()).isEqualTo(Duration.ofMillis(500));
        assertThat(upload.httpStatus()).isEqualTo(200);
        assertThat(upload.fault()).isFalse();
        assertThat(upload.error()).isFalse();
        assertThat(upload.throttle()).isTrue(); // Rekognition was throttled
        assertThat(upload.inProgress()).isFalse();
        assertThat(upload.annotation("format")).contains(AnnotationValue.of("png"));
        assertThat(upload.annotation("megapixels")).contains(AnnotationValue.of(12.0));

        TraceRow failed = rows.get(3);
        assertThat(failed.fault()).isTrue();
        assertThat(failed.failed()).isTrue();
        assertThat(failed.duration()).isEqualTo(Duration.ofMillis(300));
        assertThat(failed.httpStatus()).isNull();

        TraceRow streamed = rows.get(2);
        assertThat(streamed.action()).isEqualTo("sign_in");
        assertThat(streamed.duration()).isEqualTo(Duration.ofMillis(300));
        assertThat(streamed.inProgress()).isFalse();

        TraceRow running = rows.get(1);
        assertThat(running.inProgress()).isTrue();
        assertThat(running.responseTime()).isNull();
        assertThat(running.duration()).isEqualTo(Duration.ofMillis(50)); // up to the last end seen
        assertThat(running.start()).isEqualTo(Instant.ofEpochSecond(BASE + 30));

        TraceRow orphaned = rows.get(0);
        assertThat(orphaned.inProgress()).isTrue(); // a part is missing: the summary is partial
        assertThat(orphaned.responseTime()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void recentTraces_applyTheFilterExpression_andTheLimit() throws Exception {
        assertThat(source.recentTraces(all().withFilter("annotation.action = \"upload\""))).extracting(TraceRow::traceId)
                .containsExactly(RUNNING, FAILED, UPLOAD);
        assertThat(source.recentTraces(all().withFilter("fault"))).extracting(TraceRow::traceId).containsExactly(FAILED);
        assertThat(source.recentTraces(all().withFilter("annotation.megapixels > 10"))).extracting(TraceRow::traceId)
                .containsExactly(UPLOAD);
        assertThat(source.recentTraces(all().withLimit(2))).extracting(TraceRow::traceId).containsExactly(ORPHANED,
                RUNNING);
        assertThat(source.recentTraces(all().withRangeBasis(TraceQuery.RangeBasis.TRACE_START)))
                .extracting(TraceRow::traceId).containsExactly(ORPHANED, RUNNING, STREAMED, FAILED, UPLOAD);
        assertThat(source.recentTraces(new TraceQuery(Instant.ofEpochSecond(BASE + 15), Instant.ofEpochSecond(BASE + 35),
                null, 100, TraceQuery.RangeBasis.TRACE_START))).extracting(TraceRow::traceId)
                .containsExactly(RUNNING, STREAMED);
    }

    @Test
    void aTrace_isItsStoredDocumentsAsATree() throws Exception {
        SpanTree upload = source.trace(UPLOAD).orElseThrow();

        assertMatchesStoredDocuments(upload);
        assertThat(upload.root().children()).extracting(Span::name).containsExactly("validate", "resize_image", "S3",
                "S3", "Rekognition", "photos@127.0.0.1");
        Span put = upload.span("b000000000000004").orElseThrow();
        assertThat(put.aws()).isEqualTo(new AwsCall("PutObject", "photos", "photos/tracy/b000000000000004.jpg", null,
                "us-east-1", null));
        assertThat(upload.span("b000000000000006").orElseThrow().sql().user()).isEqualTo("photos_app");
        assertThat(upload.span("b000000000000005").orElseThrow().throttle()).isTrue();
        assertThat(upload.annotations()).containsEntry("megapixels", AnnotationValue.of(12.0));

        ComponentSplit split = ComponentSplit.of(upload);
        assertThat(split.parts()).extracting(p -> p.component() + "=" + p.selfTime().toMillis()).containsExactly(
                "S3=220", "RESIZE=190", "REKOGNITION=50", "MYSQL=20", "LOCAL=10", "UNCOVERED=10");
        assertThat(split.total()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aStreamedTrace_isAssembledWithEveryPartUnderItsParent() throws Exception {
        SpanTree streamed = source.trace(STREAMED).orElseThrow();

        assertMatchesStoredDocuments(streamed);
        assertThat(streamed.spans()).extracting(Span::name).containsExactly("xray-gallery", "resize_image", "decode",
                "S3");
        assertThat(streamed.orphanCount()).isZero();
    }

    @Test
    void aTraceStillRunning_andAnOrphan_areShownAsTheyAre() throws Exception {
        SpanTree running = source.trace(RUNNING).orElseThrow();
        assertMatchesStoredDocuments(running);
        assertThat(running.root().inProgress()).isTrue();
        assertThat(running.duration()).isEqualTo(Duration.ofMillis(50));

        SpanTree orphaned = source.trace(ORPHANED).orElseThrow();
        assertMatchesStoredDocuments(orphaned);
        Span orphan = orphaned.span("b000000000000041").orElseThrow();
        assertThat(orphan.flags()).contains(SpanFlag.ORPHAN);
        assertThat(orphaned.root().children()).containsExactly(orphan);
    }

    @Test
    void severalTraces_comeInTheOrderAsked_andUnknownOnesAreLeftOut() throws Exception {
        String unknown = Doc.newTraceId(BASE);

        List<SpanTree> trees = source.traces(List.of(UPLOAD, unknown, FAILED, STREAMED, RUNNING, ORPHANED, UPLOAD));

        assertThat(trees).extracting(SpanTree::traceId).containsExactly(UPLOAD, FAILED, STREAMED, RUNNING, ORPHANED);
        assertThat(source.trace(unknown)).isEmpty();
        assertThat(trees.get(1).span("b000000000000011").orElseThrow().exceptions())
                .extracting(SpanException::message).containsExactly("Service Unavailable");
    }

    @Test
    void theServiceGraph_countsCallsLatencyAndOutcomesPerEdge() throws Exception {
        ServiceGraph graph = source.serviceGraph(Instant.ofEpochSecond(BASE - 60), Instant.now().plusSeconds(60));

        assertThat(graph.nodes()).extracting(n -> n.name() + "|" + n.type() + "|" + n.kind()).containsExactlyInAnyOrder(
                "xray-gallery|null|APPLICATION", "S3|AWS::S3|AWS_SERVICE", "Rekognition|AWS::Rekognition|AWS_SERVICE",
                "photos@127.0.0.1|Database::SQL|DATABASE");
        ServiceGraph.Node app = graph.node("xray-gallery").orElseThrow();
        assertThat(app.root()).isTrue();
        assertThat(app.stats().count()).isEqualTo(4); // the running trace has no outcome yet
        assertThat(app.stats().faults()).isEqualTo(1);

        CallStats s3 = graph.edge("xray-gallery", "S3").orElseThrow().stats();
        assertThat(s3.count()).isEqualTo(4); // 0.1 s, 0.12 s, 0.1 s (503), 0.1 s
        assertThat(s3.ok()).isEqualTo(3);
        assertThat(s3.faults()).isEqualTo(1);
        assertThat(s3.faultShare()).isEqualTo(0.25);
        assertThat(s3.errorShare()).isZero();
        assertThat(s3.average()).isCloseTo(Duration.ofMillis(105), Duration.ofNanos(2_000));
        assertThat(s3.p95()).isEqualTo(Duration.ofMillis(120));

        CallStats rekognition = graph.edge("xray-gallery", "Rekognition").orElseThrow().stats();
        assertThat(rekognition.count()).isEqualTo(1);
        assertThat(rekognition.throttleShare()).isEqualTo(1.0);
        assertThat(rekognition.errorShare()).isZero();
        assertThat(rekognition.p95()).isEqualTo(Duration.ofMillis(50));

        CallStats sql = graph.edge("xray-gallery", "photos@127.0.0.1").orElseThrow().stats();
        assertThat(sql.count()).isEqualTo(1);
        assertThat(sql.average()).isCloseTo(Duration.ofMillis(20), Duration.ofNanos(2_000));
        assertThat(graph.edge("S3", "xray-gallery")).isEmpty();
    }

    @Test
    void daemonHealth_reportsTheDaemonsCounters() throws Exception {
        DaemonHealth health = source.daemonHealth();

        assertThat(health.available()).isTrue();
        DaemonTelemetry telemetry = ((DaemonHealth.Reported) health).telemetry();
        assertThat(telemetry.received()).isEqualTo(DOCUMENTS + 1);
        assertThat(telemetry.stored()).isEqualTo(DOCUMENTS);
        assertThat(telemetry.rejected()).isEqualTo(1);
        assertThat(telemetry.rejectedByReason()).containsEntry("BAD_HEADER", 1L).containsEntry("TOO_LARGE", 0L);
        assertThat(telemetry.lastRejection()).startsWith("BAD_HEADER");
        assertThat(telemetry.spillover()).isZero();
        assertThat(telemetry.storeFailures()).isZero();
        assertThat(telemetry.lost()).isZero();
        assertThat(telemetry.forwarding()).isEqualTo(DaemonTelemetry.Forwarding.DISABLED);
        assertThat(telemetry.storedTraces()).isEqualTo(5);
        assertThat(telemetry.storeBytes()).isPositive();
        JsonNode raw = fixture.telemetry();
        assertThat(telemetry.received()).isEqualTo(raw.path("received").asLong());
        assertThat(telemetry.udpKernelDrops()).isEqualTo(raw.path("udpKernelDrops").asLong());
    }
}
