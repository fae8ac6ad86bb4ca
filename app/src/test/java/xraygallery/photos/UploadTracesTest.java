package xraygallery.photos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static xraygallery.daemon.StoredDocuments.awsCalls;
import static xraygallery.daemon.StoredDocuments.named;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xraygallery.daemon.DaemonFixture;
import xraygallery.daemon.StoredDocuments;
import xraygallery.localcloud.faults.FaultRule;
import xraygallery.photos.UploadEvent.Stage;
import xraygallery.tracing.Tracing;
import xraygallery.tracing.TracingConfig;

/**
 * Each upload is one X-Ray trace, sent by the real X-Ray SDK to the bundled daemon and read back
 * through its X-Ray API with the AWS SDK's XRayClient.
 */
@org.junit.jupiter.api.Tag("integration")
class UploadTracesTest {
    private static DaemonFixture daemon;
    private static Tracing tracing;
    private static GalleryTestBed bed;
    private static PhotoFiles images;
    private static User user;

    @BeforeAll
    static void start() throws IOException {
        daemon = DaemonFixture.start("upload-traces");
        tracing = Tracing.create(TracingConfig.forDaemon(daemon.daemonAddress()));
        bed = GalleryTestBed.startTraced("upload-traces", tracing);
        images = new PhotoFiles("upload-traces");
        user = bed.services.accounts().signUp("tracy", "tracy's password".toCharArray());
    }

    @AfterAll
    static void stop() {
        bed.close();
        tracing.close();
        daemon.close();
    }

    @Test
    void eachUpload_isOneTrace_withResizeS3RekognitionAndSqlInsideTheSegment() throws IOException {
        List<UploadResult> results = bed.services.uploads().upload(user,
                List.of(images.photo("dog.jpg"), images.photo("kite.jpg"), images.photo("astronaut.jpg")), e -> { })
                .stream().map(CompletableFuture::join).toList();
        assertThat(results).extracting(UploadResult::outcome).containsOnly(Stage.DONE);
        assertThat(results).extracting(UploadResult::traceId).doesNotContainNull().doesNotHaveDuplicates();
        for (UploadResult result : results) {
            assertThat(bed.services.gallery().detail(user, result.photoId()).photo().uploadTraceId())
                    .as("the photo remembers the trace of its upload").isEqualTo(result.traceId());
        }

        for (UploadResult result : results) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                List<JsonNode> docs = documents(result.traceId());
                JsonNode segment = docs.stream().filter(d -> d.has("trace_id") && !d.has("parent_id")).findFirst().orElseThrow();
                assertThat(segment.path("name").asText()).isEqualTo("xray-gallery");
                assertThat(segment.path("annotations").path("action").asText()).isEqualTo("upload");
                assertThat(segment.path("annotations").path("user").asText()).isEqualTo("tracy");
                assertThat(segment.path("annotations").path("format").asText()).isEqualTo("jpeg");
                assertThat(segment.path("annotations").path("megapixels").isNumber()).isTrue();
                assertThat(segment.path("annotations").path("bytes").asLong()).isPositive();
                assertThat(segment.path("annotations").path("labels").isNumber()).isTrue();
                assertThat(named(docs, "resize_image")).hasSize(1);
                assertThat(awsCalls(docs, "S3", "PutObject")).hasSize(3);
                assertThat(awsCalls(docs, "Rekognition", "DetectLabels")).hasSize(1);
                assertThat(awsCalls(docs, "Rekognition", "DetectFaces")).hasSize(1);
                // the connection URL without its parameters (credentials may be passed there); no query text, no
                // values (every stored trace is scanned for secrets and values by TraceSecretsScanTest)
                assertThat(docs).filteredOn(d -> d.has("sql")).isNotEmpty().allSatisfy(sql -> {
                    assertThat(sql.path("sql").path("url").asText()).matches("jdbc:mysql://127\\.0\\.0\\.1:\\d+/photos");
                    assertThat(sql.path("sql").has("sanitized_query")).isFalse();
                });
                double start = segment.path("start_time").asDouble();
                double end = segment.path("end_time").asDouble();
                assertThat(docs).filteredOn(d -> d != segment && d.has("start_time")).allSatisfy(d -> {
                    assertThat(d.path("start_time").asDouble()).isBetween(start, end);
                    assertThat(d.path("end_time").asDouble()).isBetween(start, end);
                });
            });
        }
    }

    @Test
    void signingIn_isATracedActionWithItsSqlCalls() {
        bed.services.accounts().signIn("tracy", "tracy's password".toCharArray());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var summaries = daemon.xray().getTraceSummaries(b -> b.startTime(java.time.Instant.now().minusSeconds(600))
                    .endTime(java.time.Instant.now()).filterExpression("annotation.action = \"sign_in\"")).traceSummaries();
            assertThat(summaries).isNotEmpty();
            List<JsonNode> docs = documents(summaries.get(0).id());
            assertThat(docs.get(0).path("annotations").path("user").asText()).isEqualTo("tracy");
            assertThat(docs).filteredOn(d -> d.has("sql")).isNotEmpty();
        });
    }

    @Test
    void s3Failing_showsAsAFaultInTheTrace() throws IOException {
        UploadResult result = bed.uploadUnder(new FaultRule(null, "s3", "PutObject", null, 503, null, null, null, 100),
                user, images.jpeg("fault.jpg", 640, 480));

        assertThat(result.outcome()).isEqualTo(Stage.PENDING);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<JsonNode> docs = documents(result.traceId());
            assertThat(awsCalls(docs, "S3", "PutObject")).isNotEmpty()
                    .allSatisfy(put -> assertThat(put.path("fault").asBoolean()).isTrue())
                    .allSatisfy(put -> assertThat(put.path("http").path("response").path("status").asInt()).isEqualTo(503));
            assertThat(docs.get(0).path("fault").asBoolean() || docs.get(0).path("error").asBoolean()).isTrue();
        });
        assertThat(daemon.xray().getTraceSummaries(b -> b.startTime(java.time.Instant.now().minusSeconds(600))
                .endTime(java.time.Instant.now()).filterExpression("fault AND annotation.action = \"upload\""))
                .traceSummaries()).extracting(s -> s.id()).contains(result.traceId());
    }

    private static List<JsonNode> documents(String traceId) {
        return StoredDocuments.of(daemon.xray(), traceId);
    }
}
