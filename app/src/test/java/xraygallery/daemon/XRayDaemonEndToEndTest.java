package xraygallery.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.AWSXRayRecorderBuilder;
import com.amazonaws.xray.config.DaemonConfiguration;
import com.amazonaws.xray.emitters.Emitter;
import com.amazonaws.xray.entities.Segment;
import com.amazonaws.xray.entities.Subsegment;
import com.amazonaws.xray.strategy.DefaultStreamingStrategy;
import com.amazonaws.xray.strategy.LogErrorContextMissingStrategy;
import com.amazonaws.xray.interceptors.TracingInterceptor;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.xray.model.BatchGetTracesResponse;
import software.amazon.awssdk.services.xray.model.GetTraceSummariesRequest;
import software.amazon.awssdk.services.xray.model.InvalidRequestException;
import software.amazon.awssdk.services.xray.model.Service;
import software.amazon.awssdk.services.xray.model.TraceSummary;

/**
 * The daemon as the app uses it: the real X-Ray SDK sends segments over UDP, the real {@code XRayClient}
 * lists, fetches, filters and graphs them over the daemon's TCP port, before and after a restart.
 */
@Tag("integration")
class XRayDaemonEndToEndTest {
    static DaemonFixture fixture;
    static AWSXRayRecorder recorder;

    @BeforeAll
    static void start() throws Exception {
        fixture = DaemonFixture.start("e2e");
        recorder = recorder(fixture, new DefaultStreamingStrategy());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static AWSXRayRecorder recorder(DaemonFixture daemon, DefaultStreamingStrategy streaming) throws Exception {
        DaemonConfiguration address = new DaemonConfiguration();
        address.setUDPAndTCPAddress(daemon.daemonAddress());
        return AWSXRayRecorderBuilder.standard()
                .withEmitter(Emitter.create(address))
                .withStreamingStrategy(streaming)
                .withContextMissingStrategy(new LogErrorContextMissingStrategy())
                .build();
    }

    static final double S3_AFTER_ACTION = 0.25;

    /** One "user action" as the app records it: a segment with annotations and a few subsegments. */
    static String action(AWSXRayRecorder xray, String action, String user, boolean s3Fails) {
        return action(xray, action, user, s3Fails, 0);
    }

    /**
     * As {@link #action}, with every time set when {@code seconds} is not 0 (no real waiting): the segment lasts
     * {@code seconds} and its S3 call, still going on when the action has answered, ends {@link #S3_AFTER_ACTION} s
     * after it, so the trace's duration (to the last end) is longer than its response time (the root segment's).
     */
    static String action(AWSXRayRecorder xray, String action, String user, boolean s3Fails, double seconds) {
        Segment segment = xray.beginSegment("xray-gallery");
        double end = System.currentTimeMillis() / 1000.0;
        if (seconds > 0) {
            segment.setStartTime(end - seconds);
            segment.setEndTime(end);
        }
        segment.putAnnotation("action", action);
        segment.putAnnotation("user", user);
        segment.setUser(user);
        try {
            Subsegment resize = xray.beginSubsegment("resize_image");
            resize.putAnnotation("width", 1024);
            if (seconds > 0) {
                resize.setStartTime(end - seconds);
                resize.setEndTime(end - seconds / 2);
            }
            xray.endSubsegment();
            Subsegment s3 = xray.beginSubsegment("S3");
            s3.setNamespace("aws");
            s3.putAws("operation", "PutObject");
            if (seconds > 0) {
                s3.setStartTime(end - seconds / 2);
                s3.setEndTime(end + S3_AFTER_ACTION);
            }
            if (s3Fails) {
                s3.addException(new IllegalStateException("SlowDown"));
                s3.setThrottle(true);
                s3.setError(true);
                s3.setFault(false);
            }
            xray.endSubsegment();
            return segment.getTraceId().toString();
        } finally {
            xray.endSegment();
        }
    }

    static List<TraceSummary> summaries(String filter) {
        Instant now = Instant.now();
        return fixture.xray().getTraceSummariesPaginator(GetTraceSummariesRequest.builder()
                .startTime(now.minus(Duration.ofMinutes(10))).endTime(now.plusSeconds(60))
                .filterExpression(filter).build()).traceSummaries().stream().toList();
    }

    @Test
    void segmentsFromTheXRaySdk_areListedFetchedFilteredAndGraphed_byTheXRayClient() {
        String upload = action(recorder, "upload_photo", "alice", true, 2.5);
        String signIn = action(recorder, "sign_in", "bob", false);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(summaries(null)).extracting(TraceSummary::id).contains(upload, signIn));

        TraceSummary summary = summaries("annotation.action = \"upload_photo\"").stream()
                .filter(s -> s.id().equals(upload)).findFirst().orElseThrow();
        assertThat(summary.hasThrottle()).isTrue();
        assertThat(summary.hasFault()).isFalse();
        assertThat(summary.duration()).as("root start to the S3 call's end").isCloseTo(2.75, offset(0.002));
        assertThat(summary.responseTime()).as("the root segment alone").isCloseTo(2.5, offset(0.002));
        assertThat(summary.startTime()).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(summary.annotations().get("user").get(0).annotationValue().stringValue()).isEqualTo("alice");
        assertThat(summary.users()).extracting(u -> u.userName()).containsExactly("alice");
        assertThat(summary.serviceIds()).extracting(s -> s.name() + "|" + s.type())
                .contains("xray-gallery|null", "S3|AWS::S3");
        assertThat(summary.entryPoint().name()).isEqualTo("xray-gallery");

        assertThat(summaries("throttle AND user = \"alice\"")).extracting(TraceSummary::id).contains(upload)
                .doesNotContain(signIn);
        assertThat(summaries("!throttle AND annotation.action = \"sign_in\"")).extracting(TraceSummary::id)
                .contains(signIn).doesNotContain(upload);
        assertThat(summaries("service(\"S3\") AND (responsetime > 2 OR duration > 100)")).extracting(TraceSummary::id)
                .contains(upload).doesNotContain(signIn);
        assertThat(summaries("service(\"S3\") AND duration < 1")).extracting(TraceSummary::id)
                .contains(signIn).doesNotContain(upload);
        assertThat(summaries("duration > 2.6 AND responsetime < 2.6")).extracting(TraceSummary::id)
                .contains(upload).doesNotContain(signIn);

        BatchGetTracesResponse traces = fixture.xray().batchGetTraces(r -> r.traceIds(upload));
        assertThat(traces.traces()).singleElement().satisfies(trace -> {
            assertThat(trace.id()).isEqualTo(upload);
            assertThat(trace.segments()).singleElement().satisfies(segment -> {
                JsonNode document = readJson(segment.document());
                assertThat(document.path("trace_id").asText()).isEqualTo(upload);
                assertThat(document.path("subsegments")).extracting(s -> s.path("name").asText())
                        .containsExactly("resize_image", "S3");
            });
        });

        Instant now = Instant.now();
        List<Service> graph = fixture.xray().getServiceGraph(r -> r.startTime(now.minusSeconds(600)).endTime(now))
                .services();
        Map<String, Service> byName = graph.stream().collect(Collectors.toMap(Service::name, Function.identity()));
        assertThat(byName).containsKeys("xray-gallery", "S3");
        Service app = byName.get("xray-gallery");
        assertThat(app.root()).isTrue();
        assertThat(app.edges()).anySatisfy(edge -> {
            assertThat(edge.referenceId()).isEqualTo(byName.get("S3").referenceId());
            assertThat(edge.summaryStatistics().totalCount()).isGreaterThanOrEqualTo(2);
            assertThat(edge.summaryStatistics().errorStatistics().throttleCount()).isGreaterThanOrEqualTo(1);
            assertThat(edge.responseTimeHistogram()).isNotEmpty();
        });
        assertThat(byName.get("S3").type()).isEqualTo("AWS::S3");

        assertThat(fixture.xray().getTraceGraph(r -> r.traceIds(signIn)).services()).extracting(Service::name)
                .containsExactlyInAnyOrder("xray-gallery", "S3");
    }

    @Test
    void streamedSubsegments_fromTheSdk_arriveAsOneTrace() throws Exception {
        AWSXRayRecorder streaming = recorder(fixture, new DefaultStreamingStrategy(1));
        Segment segment = streaming.beginSegment("xray-gallery");
        for (int i = 0; i < 5; i++) {
            streaming.beginSubsegment("resize_" + i);
            streaming.endSubsegment();
        }
        String traceId = segment.getTraceId().toString();
        streaming.endSegment();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            BatchGetTracesResponse response = fixture.xray().batchGetTraces(r -> r.traceIds(traceId));
            assertThat(response.traces()).singleElement().satisfies(trace -> assertThat(trace.segments())
                    .singleElement().satisfies(s -> assertThat(readJson(s.document()).path("subsegments")).hasSize(5)));
        });
        assertThat(fixture.telemetry().path("received").asLong()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void anInvalidFilterExpression_isAnInvalidRequestException_naming_thePosition() {
        Instant now = Instant.now();
        assertThatThrownBy(() -> fixture.xray().getTraceSummaries(r -> r.startTime(now.minusSeconds(60)).endTime(now)
                .filterExpression("responsetime > 5 AND (fault OR")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("position 31")
                .hasMessageContaining("ends where a condition was expected");
        assertThatThrownBy(() -> fixture.xray().getTraceSummaries(r -> r.startTime(now.minusSeconds(60)).endTime(now)
                .filterExpression("annotation.action = upload")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("position 21");
    }

    /**
     * The app's S3 calls, traced by X-Ray's own TracingInterceptor against an endpoint that answers 500 for
     * "broken" keys and 503 for "busy" ones, arrive over UDP; service and edge filters and root causes find
     * exactly the traces whose S3 call faulted, through the XRayClient.
     */
    @Test
    void serviceEdgeAndRootCauseFilters_findExactlyTheTracesWhoseS3CallFaulted() throws Exception {
        HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        endpoint.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            exchange.sendResponseHeaders(path.contains("broken") ? 500 : path.contains("busy") ? 503 : 200, -1);
            exchange.close();
        });
        endpoint.start();
        try (DaemonFixture own = DaemonFixture.start("filters")) {
            AWSXRayRecorder xray = recorder(own, new DefaultStreamingStrategy());
            try (S3Client s3 = S3Client.builder()
                    .endpointOverride(URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort()))
                    .region(Region.US_EAST_1).forcePathStyle(true).httpClient(ApacheHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none())
                            .addExecutionInterceptor(new TracingInterceptor(xray, null, null)))
                    .build()) {
                String fine = viewPhoto(xray, s3, "cat.jpg");
                String broken1 = viewPhoto(xray, s3, "broken-1.jpg");
                String broken2 = viewPhoto(xray, s3, "broken-2.jpg");
                String retried = viewPhoto(xray, s3, "busy.jpg", "cat.jpg");
                Segment segment = xray.beginSegment("xray-gallery");
                String noS3 = segment.getTraceId().toString();
                xray.endSegment();

                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(ids(own, null)).containsExactlyInAnyOrder(fine, broken1, broken2, retried, noS3));

                JsonNode call = readJson(own.xray().batchGetTraces(r -> r.traceIds(broken1)).traces().get(0)
                        .segments().get(0).document()).path("subsegments").get(0);
                assertThat(List.of(call.path("name").asText(), call.path("namespace").asText(),
                        call.path("fault").asBoolean(), call.path("http").path("response").path("status").asInt()))
                        .as("what the SDK's interceptor recorded").containsExactly("S3", "aws", true, 500);

                assertThat(ids(own, "service(\"S3\") { fault }")).containsExactlyInAnyOrder(broken1, broken2, retried);
                assertThat(ids(own, "service(\"S3\") { fault } AND !fault")).as("handled by a retry")
                        .containsExactly(retried);
                assertThat(ids(own, "service(id(name: \"S3\", type: \"AWS::S3\")) { ok }"))
                        .containsExactlyInAnyOrder(fine, retried);
                assertThat(ids(own, "edge(\"xray-gallery\", \"S3\") { fault }"))
                        .containsExactlyInAnyOrder(broken1, broken2, retried);
                assertThat(ids(own, "!service(\"S3\")")).containsExactly(noS3);
                assertThat(ids(own, "rootcause.fault.service { last AND inferred AND name = \"S3\" }"))
                        .containsExactlyInAnyOrder(broken1, broken2, retried);
                assertThat(ids(own, "fault AND rootcause.fault.entity { last AND remote AND name = \"S3\" }"))
                        .containsExactlyInAnyOrder(broken1, broken2);

                Instant now = Instant.now();
                assertThatThrownBy(() -> own.xray().getTraceSummaries(r -> r.startTime(now.minusSeconds(60))
                        .endTime(now).filterExpression("service(\"S3\") {")))
                        .isInstanceOf(InvalidRequestException.class)
                        .hasMessageContaining("position 16");
            }
        } finally {
            endpoint.stop(0);
        }
    }

    /** A "view photo" action: HeadObject on each key in turn until one answers; a fault if none does. */
    static String viewPhoto(AWSXRayRecorder xray, S3Client s3, String... keys) {
        Segment segment = xray.beginSegment("xray-gallery");
        try {
            for (int i = 0; i < keys.length; i++) {
                try {
                    String key = keys[i];
                    s3.headObject(h -> h.bucket("photos").key(key));
                    break;
                } catch (S3Exception e) {
                    if (i == keys.length - 1) {
                        segment.addException(e);
                        segment.setFault(true);
                    }
                }
            }
            return segment.getTraceId().toString();
        } finally {
            xray.endSegment();
        }
    }

    static List<String> ids(DaemonFixture daemon, String filter) {
        Instant now = Instant.now();
        return daemon.xray().getTraceSummariesPaginator(GetTraceSummariesRequest.builder()
                        .startTime(now.minus(Duration.ofMinutes(10))).endTime(now.plusSeconds(60))
                        .filterExpression(filter).build())
                .traceSummaries().stream().map(TraceSummary::id).toList();
    }

    @Test
    void putTraceSegments_acceptsValidDocuments_listsInvalidOnes_andPagesWithNextToken() {
        long now = Instant.now().getEpochSecond();
        List<String> documents = new ArrayList<>();
        String marker = "paging-" + System.nanoTime();
        for (int i = 0; i < 149; i++) {
            documents.add(Doc.segment("paged").trace(Doc.newTraceId(now)).times(now - 1 - i * 0.001, now)
                    .annotation("batch", marker).json());
        }
        documents.add("{\"name\":\"broken\",\"id\":\"not-hex\"}");
        List<String> unprocessed = new ArrayList<>();
        for (int i = 0; i < documents.size(); i += 50) {
            List<String> chunk = documents.subList(i, Math.min(i + 50, documents.size()));
            fixture.xray().putTraceSegments(r -> r.traceSegmentDocuments(chunk)).unprocessedTraceSegments()
                    .forEach(u -> unprocessed.add(u.errorCode() + ": " + u.message()));
        }
        assertThat(unprocessed).singleElement().asString().startsWith("INVALID_FIELD: id must be 16 hexadecimal");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(summaries("annotation.batch = \"" + marker + "\"")).hasSize(149));
        List<String> pages = new ArrayList<>();
        Instant to = Instant.now().plusSeconds(5);
        fixture.xray().getTraceSummariesPaginator(r -> r.startTime(to.minusSeconds(600)).endTime(to)
                        .filterExpression("annotation.batch = \"" + marker + "\""))
                .forEach(page -> pages.add(page.traceSummaries().size() + (page.nextToken() == null ? "" : "+")));
        assertThat(pages).as("pages of 100 with a NextToken between them").contains("100+");
    }

    @Test
    void samplingRules_areServedToSignedClients_andToUnsignedSdkPollers() throws Exception {
        assertThat(fixture.xray().getSamplingRules(r -> { }).samplingRuleRecords()).singleElement()
                .satisfies(record -> {
                    assertThat(record.samplingRule().ruleName()).isEqualTo("Default");
                    assertThat(record.samplingRule().fixedRate()).isEqualTo(1.0);
                });
        var targets = fixture.xray().getSamplingTargets(r -> r.samplingStatisticsDocuments(
                d -> d.ruleName("Default").clientID("0123456789abcdef01234567").timestamp(Instant.now())
                        .requestCount(10).sampledCount(10).borrowCount(0),
                d -> d.ruleName("nope").clientID("0123456789abcdef01234567").timestamp(Instant.now())
                        .requestCount(1).sampledCount(0)));
        assertThat(targets.samplingTargetDocuments()).singleElement().satisfies(t -> {
            assertThat(t.ruleName()).isEqualTo("Default");
            assertThat(t.fixedRate()).isEqualTo(1.0);
            assertThat(t.interval()).isEqualTo(10);
        });
        assertThat(targets.unprocessedStatistics()).extracting(u -> u.ruleName()).containsExactly("nope");

        var unsigned = fixture.post("/GetSamplingRules", "{}");
        assertThat(unsigned.statusCode()).isEqualTo(200);
        assertThat(readJson(unsigned.body()).path("SamplingRuleRecords").get(0).path("SamplingRule")
                .path("RuleName").asText()).isEqualTo("Default");
    }

    @Test
    void tracesSurviveARestart() throws Exception {
        try (DaemonFixture own = DaemonFixture.start("restart")) {
            AWSXRayRecorder xray = recorder(own, new DefaultStreamingStrategy());
            String traceId = action(xray, "delete_photo", "carol", false);
            await().atMost(Duration.ofSeconds(10)).until(() -> own.telemetry().path("stored").asLong() == 1);

            own.restart();

            Instant now = Instant.now();
            assertThat(own.xray().getTraceSummaries(r -> r.startTime(now.minusSeconds(600)).endTime(now.plusSeconds(5)))
                    .traceSummaries()).extracting(TraceSummary::id).containsExactly(traceId);
            assertThat(own.xray().batchGetTraces(r -> r.traceIds(traceId)).traces()).hasSize(1);
        }
    }

    static JsonNode readJson(String json) {
        try {
            return DaemonJson.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
