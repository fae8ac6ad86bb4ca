package xraygallery.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.xray.model.InvalidRequestException;
import software.amazon.awssdk.services.xray.model.Trace;
import software.amazon.awssdk.services.xray.model.UnprocessedTraceSegment;
import software.amazon.awssdk.services.xray.model.XRayException;

/**
 * What a daemon does with bad or extreme input: counts or refuses it with a clear error, and keeps serving.
 * Each test checks the daemon still answers queries afterwards.
 */
@Tag("integration")
class DaemonBadInputTest {
    static DaemonFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = DaemonFixture.start("bad-input");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static long counter(String name) throws Exception {
        return fixture.telemetry().path(name).asLong();
    }

    static long rejected(String reason) throws Exception {
        return fixture.telemetry().path("rejectedByReason").path(reason).asLong();
    }

    static void stillServes() {
        Instant now = Instant.now();
        assertThat(fixture.xray().getTraceSummaries(r -> r.startTime(now.minusSeconds(60)).endTime(now))
                .sdkHttpResponse().isSuccessful()).isTrue();
    }

    @Test
    void junkWrongHeadersTruncatedJsonAndInvalidIds_areCountedAsRejected_byReason() throws Exception {
        long before = counter("rejected");
        long badHeader = rejected("BAD_HEADER");
        long malformed = rejected("MALFORMED_JSON");
        long invalid = rejected("INVALID_FIELD");
        byte[] junk = new byte[1200];
        ThreadLocalRandom.current().nextBytes(junk);
        junk[0] = 'x';
        fixture.sendDatagram(junk);
        fixture.sendDatagram("{\"format\":\"xml\",\"version\":1}\n{}".getBytes(StandardCharsets.UTF_8));
        String whole = new String(Doc.segment("xray-gallery").trace(Doc.newTraceId()).times(1, 2).datagram(),
                StandardCharsets.UTF_8);
        fixture.sendDatagram(whole.substring(0, whole.length() - 10).getBytes(StandardCharsets.UTF_8));
        fixture.send(Doc.segment("xray-gallery").trace(Doc.newTraceId()).times(1, 2).id("NOT-A-HEX-ID!!!!"));
        fixture.send(Doc.segment("xray-gallery").trace("1-xyz").times(1, 2));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(counter("rejected") - before).isEqualTo(5);
            assertThat(rejected("BAD_HEADER") - badHeader).isEqualTo(2);
            assertThat(rejected("MALFORMED_JSON") - malformed).isEqualTo(1);
            assertThat(rejected("INVALID_FIELD") - invalid).isEqualTo(2);
        });
        assertThat(fixture.telemetry().path("lastRejection").asText())
                .matches("(?s)(BAD_HEADER|MALFORMED_JSON|INVALID_FIELD): .+");
        stillServes();
    }

    @Test
    void aMaximalDatagramOf65507Bytes_isReceivedWhole() throws Exception {
        long now = Instant.now().getEpochSecond();
        String traceId = Doc.newTraceId(now);
        Doc doc = Doc.segment("big").trace(traceId).times(now, now + 1).put("pad", "");
        int padding = 65_507 - doc.datagram().length;
        byte[] datagram = doc.put("pad", "p".repeat(padding)).datagram();
        assertThat(datagram).hasSize(65_507);
        fixture.sendDatagram(datagram);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                fixture.xray().batchGetTraces(r -> r.traceIds(traceId)).traces()).singleElement()
                .satisfies(t -> assertThat(t.segments().get(0).document()).hasSize(65_507 - 33)));

        byte[] junk = new byte[65_507];
        System.arraycopy(doc.datagram(), 0, junk, 0, 40); // a good header, then garbage
        long malformed = rejected("MALFORMED_JSON");
        fixture.sendDatagram(junk);
        await().atMost(Duration.ofSeconds(10)).until(() -> rejected("MALFORMED_JSON") == malformed + 1);
        stillServes();
    }

    @Test
    void aTraceWith10000StreamedSubsegments_isAssembledIntoOneDocument() throws Exception {
        long now = Instant.now().getEpochSecond();
        String traceId = Doc.newTraceId(now);
        Doc root = Doc.segment("xray-gallery").trace(traceId).times(now, now + 10).annotation("action", "import_album");
        long received = counter("received");
        long stored = counter("stored");
        for (int i = 0; i < 10_000; i++) {
            fixture.send(Doc.subsegment("resize_image").times(now + i * 0.001, now + i * 0.001 + 0.0005)
                    .standalone(traceId, root.id()));
            if (i % 1000 == 999) { // let the daemon keep up rather than overrun the socket buffer
                long expected = received + i + 1;
                await().atMost(Duration.ofSeconds(10)).until(() -> counter("received") >= expected);
            }
        }
        fixture.send(root);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(counter("stored"))
                .as("%s", fixture.telemetry()).isEqualTo(stored + 10_001));
        assertThat(counter("spillover")).isZero();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Trace> traces = fixture.xray().batchGetTraces(r -> r.traceIds(traceId)).traces();
            assertThat(traces).singleElement().satisfies(trace -> assertThat(trace.segments()).singleElement()
                    .satisfies(s -> assertThat(json(s.document()).path("subsegments")).hasSize(10_000)));
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fixture.xray().getTraceSummaries(
                r -> r.startTime(Instant.ofEpochSecond(now - 60)).endTime(Instant.ofEpochSecond(now + 60))
                        .filterExpression("annotation.action = \"import_album\" AND !partial")).traceSummaries())
                .singleElement().satisfies(s -> assertThat(s.duration()).isEqualTo(10.0)));
        stillServes();
    }

    @Test
    void aOneMegabyteAnnotation_overTheApi_isUnprocessedWithAReason_andTheRestOfTheBatchIsKept() throws Exception {
        long now = Instant.now().getEpochSecond();
        String big = Doc.segment("xray-gallery").trace(Doc.newTraceId(now)).times(now, now + 1)
                .annotation("note", "n".repeat(1_000_000)).json();
        String small = Doc.segment("xray-gallery").trace(Doc.newTraceId(now)).times(now, now + 1).json();
        long tooLarge = rejected("TOO_LARGE");

        List<UnprocessedTraceSegment> unprocessed = fixture.xray()
                .putTraceSegments(r -> r.traceSegmentDocuments(big, small)).unprocessedTraceSegments();

        assertThat(unprocessed).singleElement().satisfies(u -> {
            assertThat(u.errorCode()).isEqualTo("TOO_LARGE");
            assertThat(u.message()).contains("the limit is 65536");
        });
        assertThat(rejected("TOO_LARGE")).isEqualTo(tooLarge + 1);
        stillServes();
    }

    @Test
    void oversizedRequestsAndFilters_areInvalidRequests() {
        Instant now = Instant.now();
        assertThatThrownBy(() -> fixture.xray().getTraceSummaries(r -> r.startTime(now.minusSeconds(60)).endTime(now)
                .filterExpression("annotation.note = \"" + "n".repeat(1_000_000) + "\"")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("the limit is 4096");

        List<String> documents = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            documents.add("x".repeat(1_000_000));
        }
        assertThatThrownBy(() -> fixture.xray().putTraceSegments(r -> r.traceSegmentDocuments(documents)))
                .isInstanceOfSatisfying(XRayException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(413);
                    assertThat(e.getMessage()).contains("the limit is 8 MiB");
                });
        assertThatThrownBy(() -> fixture.xray().getTraceSummaries(r -> r.startTime(now).endTime(now.minusSeconds(1))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("StartTime must not be after EndTime");
        assertThatThrownBy(() -> fixture.xray().getTraceSummaries(r -> r.startTime(now.minusSeconds(1)).endTime(now)
                .nextToken("forged")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("NextToken");
        stillServes();
    }

    @Test
    void unknownOperations_andGarbageBodies_getJsonErrors() throws Exception {
        var unknown = fixture.post("/Groups", "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("x-amzn-ErrorType")).hasValue("UnknownOperationException");
        var garbage = fixture.post("/TraceSummaries", "{not json");
        assertThat(garbage.statusCode()).isEqualTo(400);
        JsonNode error = json(garbage.body());
        assertThat(error.path("__type").asText()).isEqualTo("InvalidRequestException");
        assertThat(error.path("message").asText()).contains("not JSON");
        assertThat(SdkBytes.fromUtf8String(garbage.body()).asUtf8String()).doesNotContain("Exception:");
        stillServes();
    }

    static JsonNode json(String text) throws java.io.IOException {
        return DaemonJson.MAPPER.readTree(text);
    }
}
