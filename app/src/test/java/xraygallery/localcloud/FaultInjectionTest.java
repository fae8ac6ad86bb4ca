package xraygallery.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import xraygallery.localcloud.faults.FaultInjector;
import xraygallery.localcloud.faults.FaultRule;

/** Faults set over the admin endpoint change what SDK clients see, and only as long as asked. */
@Tag("integration")
class FaultInjectionTest {
    private static LocalCloudFixture cloud;
    private static S3Client s3;
    private static SignedHttp http;

    @BeforeAll
    static void start() throws IOException {
        cloud = LocalCloudFixture.start("faults");
        s3 = cloud.s3();
        s3.createBucket(b -> b.bucket("faulty"));
        http = new SignedHttp(cloud.endpoint());
    }

    @AfterEach
    void clearFaults() {
        cloud.server().faults().clear();
    }

    @AfterAll
    static void stop() {
        s3.close();
        cloud.close();
    }

    private static HttpResponse<String> admin(String method, String path, String json) {
        return http.sendUnsigned(method, "/_localcloud/" + path,
                Map.of("Authorization", "Bearer test", "Content-Type", "application/json"),
                json == null ? new byte[0] : json.getBytes());
    }

    @Test
    void putObject503ForTheNextTwoCalls_failsTwiceThenWorks() {
        HttpResponse<String> added = admin("POST", "faults", "{\"service\":\"s3\",\"operation\":\"PutObject\",\"status\":503,\"count\":2}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> s3.putObject(b -> b.bucket("faulty").key("k"), RequestBody.fromString("v")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
                    });
        }
        s3.putObject(b -> b.bucket("faulty").key("k"), RequestBody.fromString("v"));

        assertThat(s3.getObjectAsBytes(b -> b.bucket("faulty").key("k")).asUtf8String()).isEqualTo("v");
        assertThat(cloud.server().faults().rules()).isEmpty();
    }

    @Test
    void faultOnOneOperation_leavesOthersAlone() {
        admin("POST", "faults", "{\"service\":\"s3\",\"operation\":\"GetObject\",\"status\":500}");

        s3.putObject(b -> b.bucket("faulty").key("other"), RequestBody.fromString("fine"));

        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("faulty").key("other")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalError"));
        assertThat(s3.headObject(b -> b.bucket("faulty").key("other")).contentLength()).isEqualTo(4);
    }

    @Test
    void throttle_answersTheServicesThrottlingError() {
        admin("POST", "faults", "{\"service\":\"s3\",\"operation\":\"ListObjectsV2\",\"throttle\":true,\"count\":1}");

        assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket("faulty")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
                    assertThat(e.isThrottlingException()).isTrue();
                });
    }

    @Test
    void faultsCanBeListedAndRemoved() {
        String id = admin("POST", "faults", "{\"service\":\"rekognition\",\"operation\":\"DetectLabels\",\"latencyMs\":800}")
                .body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

        assertThat(admin("GET", "faults", null).body()).contains("DetectLabels").contains("\"latencyMs\":800");
        assertThat(admin("DELETE", "faults/" + id, null).statusCode()).isEqualTo(204);
        assertThat(admin("GET", "faults", null).body()).isEqualTo("[]");
        assertThat(admin("DELETE", "faults/" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    void adminEndpoint_needsTheSecretKey() {
        HttpResponse<String> anonymous = http.sendUnsigned("POST", "/_localcloud/faults", Map.of(),
                "{\"service\":\"s3\",\"status\":500}".getBytes());
        HttpResponse<String> wrong = http.sendUnsigned("GET", "/_localcloud/faults", Map.of("Authorization", "Bearer guess"), new byte[0]);

        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(cloud.server().faults().rules()).isEmpty();
    }

    @Test
    void badFaultRules_areRefusedWithAClearMessage() {
        assertThat(admin("POST", "faults", "{not json").body()).contains("MalformedJson");
        assertThat(admin("POST", "faults", "{\"operation\":\"PutObject\",\"status\":503}").body()).contains("needs a service");
        assertThat(admin("POST", "faults", "{\"service\":\"s3\",\"status\":200}").body()).contains("status must be");
        assertThat(admin("POST", "faults", "{\"service\":\"s3\"}").body()).contains("needs latencyMs, status or throttle");
        assertThat(admin("POST", "faults", "{\"service\":\"s3\",\"latencyMs\":-5}").body()).contains("latencyMs");
        assertThat(admin("POST", "faults", "{\"service\":\"s3\",\"status\":500,\"colour\":\"red\"}").statusCode()).isEqualTo(400);
        assertThat(cloud.server().faults().rules()).isEmpty();
    }

    @Test
    void health_isOpenAndNamesTheServices() {
        HttpResponse<String> health = http.sendUnsigned("GET", "/_localcloud/health", Map.of(), new byte[0]);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"ready\"").contains("s3");
    }

    @Test
    void faultsFile_isLoadedAtStart_andActs() throws IOException {
        Path dir = LocalCloudFixture.newDataDir("faults-file");
        Path file = Files.writeString(dir.resolve("faults.json"),
                "[{\"service\":\"s3\",\"operation\":\"ListBuckets\",\"status\":500,\"code\":\"InternalFailure\","
                        + "\"message\":\"injected from faults.json\"}]");

        try (LocalCloudFixture withFaults = LocalCloudFixture.start("faults-file", c -> c.withFaultsFile(file));
                S3Client client = withFaults.s3()) {
            assertThat(withFaults.server().faults().rules()).singleElement()
                    .satisfies(r -> assertThat(r.operation()).isEqualTo("ListBuckets"));
            assertThatThrownBy(client::listBuckets).isInstanceOfSatisfying(S3Exception.class, e -> {
                assertThat(e.statusCode()).isEqualTo(500);
                // the file's own code and message, not the defaults for a 500 ("InternalError", "Injected fault ...")
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("injected from faults.json");
            });
            client.createBucket(b -> b.bucket("unaffected"));
            assertThat(client.headBucket(b -> b.bucket("unaffected")).sdkHttpResponse().isSuccessful()).isTrue();
        }
    }

    @Test
    void aLatencyRule_holdsTheRealCallInTheServer_untilItsLatencyIsSpent() throws Exception {
        BlockingQueue<Long> held = new LinkedBlockingQueue<>();
        CountDownLatch spent = new CountDownLatch(1);
        Path dir = LocalCloudFixture.newDataDir("faults-latency");
        try (LocalCloudServer server = LocalCloudServer.start(LocalCloudFixture.config(dir), millis -> {
                    held.add(millis);
                    try {
                        spent.await(); // the latency, spent when the test says so (no clock)
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                S3Client client = LocalCloudFixture.s3(server.endpoint(), "test", "test")) {
            client.createBucket(b -> b.bucket("slow"));
            server.faults().add(new FaultRule(null, "s3", "PutObject", 800L, null, null, null, null, 1));
            CompletableFuture<String> put = CompletableFuture.supplyAsync(
                    () -> client.putObject(b -> b.bucket("slow").key("k"), RequestBody.fromString("v")).eTag());

            assertThat(held.poll(30, TimeUnit.SECONDS)).as("the server spends 800 ms").isEqualTo(800L);
            assertThat(put).as("the call waits on the latency in the server").isNotDone();
            assertThat(client.listBuckets().buckets()).as("other calls go on").isNotEmpty();
            assertThat(put).isNotDone();

            spent.countDown();
            assertThat(put.get(30, TimeUnit.SECONDS)).isNotBlank();
            assertThat(held).as("count 1: the next call is not delayed").isEmpty();
            client.putObject(b -> b.bucket("slow").key("k2"), RequestBody.fromString("v"));
            assertThat(held).isEmpty();
        } finally {
            spent.countDown();
        }
    }

    @Test
    void latencyRules_sleepForTheirDuration() {
        List<Long> slept = new ArrayList<>();
        var injector = new FaultInjector(slept::add);
        injector.add(new FaultRule(null, "rekognition", "DetectLabels", 800L, null, null, null, null, null));

        injector.apply("rekognition", "DetectLabels");
        injector.apply("rekognition", "DetectFaces");
        injector.apply("s3", "DetectLabels");

        assertThat(slept).containsExactly(800L);
    }
}
