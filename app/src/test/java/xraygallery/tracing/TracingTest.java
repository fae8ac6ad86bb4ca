package xraygallery.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.xray.model.Service;
import software.amazon.awssdk.services.xray.model.TraceSummary;
import xraygallery.daemon.DaemonFixture;
import xraygallery.daemon.DaemonJson;
import xraygallery.localcloud.LocalCloudFixture;

/**
 * The app's tracing set-up against a real daemon: what an action looks like in X-Ray, read back with the
 * real XRayClient, for local work, AWS SDK calls (S3 on the local cloud) and JDBC statements.
 */
@Tag("integration")
class TracingTest {
    static DaemonFixture daemon;
    static Tracing tracing;

    @BeforeAll
    static void start() throws IOException {
        daemon = DaemonFixture.start("tracing");
        tracing = Tracing.create(TracingConfig.forDaemon(daemon.daemonAddress()));
    }

    @AfterAll
    static void stop() {
        tracing.close();
        daemon.close();
    }

    /** The one trace recorded for the action {@code action} (by its annotation), as assembled by the daemon. */
    static JsonNode traceOf(String action) {
        Instant now = Instant.now();
        List<TraceSummary> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            found.clear();
            daemon.xray().getTraceSummariesPaginator(r -> r.startTime(now.minusSeconds(120)).endTime(now.plusSeconds(60))
                    .filterExpression("annotation.action = \"" + action + "\" AND !partial"))
                    .traceSummaries().forEach(found::add);
            assertThat(found).hasSize(1);
        });
        String traceId = found.get(0).id();
        var segments = daemon.xray().batchGetTraces(r -> r.traceIds(traceId)).traces().get(0).segments();
        assertThat(segments).hasSize(1);
        return json(segments.get(0).document());
    }

    static JsonNode json(String text) {
        try {
            return DaemonJson.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> names(JsonNode entity) {
        List<String> names = new ArrayList<>();
        entity.path("subsegments").forEach(s -> names.add(s.path("name").asText()));
        return names;
    }

    @Test
    void aRunningAction_isInTheDaemonAtOnce_asInProgress_andCompleteOnceItEnds() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            var running = thread.submit(() -> {
                tracing.action("long_upload", "ann", () -> {
                    release.await();
                    return null;
                });
                return null;
            });
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(summaries("long_upload"))
                    .singleElement().satisfies(s -> assertThat(s.isPartial()).as("running").isTrue()));

            release.countDown();
            running.get();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(summaries("long_upload"))
                    .singleElement().satisfies(s -> {
                        assertThat(s.isPartial()).isFalse();
                        assertThat(s.duration()).isNotNull();
                    }));
        } finally {
            release.countDown();
            thread.shutdownNow();
        }
    }

    private static List<TraceSummary> summaries(String action) {
        Instant now = Instant.now();
        return daemon.xray().getTraceSummaries(r -> r.startTime(now.minusSeconds(120)).endTime(now.plusSeconds(60))
                .filterExpression("annotation.action = \"" + action + "\"")).traceSummaries();
    }

    @Test
    void anAction_isOneSegment_namedXrayGallery_withActionAndUser_andItsLocalWorkAsSubsegments() {
        int result = tracing.action("rotate_photo", "alice", () -> {
            tracing.subsegment("resize_image", () -> { });
            return tracing.subsegment("encode_jpeg", () -> 42);
        });
        assertThat(result).isEqualTo(42);

        JsonNode segment = traceOf("rotate_photo");
        assertThat(segment.path("name").asText()).isEqualTo("xray-gallery");
        assertThat(segment.path("annotations").path("user").asText()).isEqualTo("alice");
        assertThat(segment.path("user").asText()).isEqualTo("alice");
        assertThat(names(segment)).containsExactly("resize_image", "encode_jpeg");
    }

    @Test
    void aFailingAction_isAFault_withTheException_andTheExceptionReachesTheCaller() {
        IllegalStateException failure = new IllegalStateException("disk full");
        assertThatThrownBy(() -> tracing.action("import_folder", "bob", () -> {
            tracing.subsegment("read_exif", () -> {
                throw failure;
            });
        })).isSameAs(failure);

        JsonNode segment = traceOf("import_folder");
        assertThat(segment.path("fault").asBoolean()).isTrue();
        JsonNode readExif = segment.path("subsegments").get(0);
        assertThat(readExif.path("fault").asBoolean()).isTrue();
        assertThat(readExif.path("cause").path("exceptions").get(0).path("message").asText()).isEqualTo("disk full");
        assertThat(segment.path("cause").asText()).as("the segment refers to the subsegment's exception")
                .isEqualTo(readExif.path("cause").path("exceptions").get(0).path("id").asText());

        Instant now = Instant.now();
        TraceSummary summary = daemon.xray().getTraceSummaries(r -> r.startTime(now.minusSeconds(120)).endTime(now)
                .filterExpression("fault AND annotation.action = \"import_folder\"")).traceSummaries().get(0);
        var path = summary.faultRootCauses().get(0).services().get(0).entityPath();
        assertThat(path).extracting(e -> e.name()).containsExactly("xray-gallery", "read_exif");
        assertThat(path.get(1).exceptions().get(0).message()).isEqualTo("disk full");
    }

    @Test
    void awsSdkCalls_becomeAwsSubsegments_andInferredNodesInTheServiceGraph() throws Exception {
        try (LocalCloudFixture cloud = LocalCloudFixture.start("tracing-s3");
                S3Client s3 = S3Client.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                        .forcePathStyle(true).httpClient(ApacheHttpClient.create())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                        .overrideConfiguration(tracing.instrument(ClientOverrideConfiguration.builder()).build())
                        .build()) {
            tracing.action("upload_photo", "carol", () -> {
                s3.createBucket(b -> b.bucket("photos"));
                s3.putObject(p -> p.bucket("photos").key("cat.jpg"), RequestBody.fromString("jpeg"));
                assertThatThrownBy(() -> s3.getObject(g -> g.bucket("photos").key("missing.jpg")))
                        .isInstanceOf(software.amazon.awssdk.services.s3.model.NoSuchKeyException.class);
            });
        }
        JsonNode segment = traceOf("upload_photo");
        assertThat(names(segment)).containsExactly("S3", "S3", "S3");
        JsonNode put = segment.path("subsegments").get(1);
        assertThat(put.path("namespace").asText()).isEqualTo("aws");
        assertThat(put.path("aws").path("operation").asText()).isEqualTo("PutObject");
        assertThat(put.path("http").path("response").path("status").asInt()).isEqualTo(200);
        JsonNode missing = segment.path("subsegments").get(2);
        assertThat(missing.path("error").asBoolean()).isTrue();
        assertThat(missing.path("http").path("response").path("status").asInt()).isEqualTo(404);

        Instant now = Instant.now();
        List<Service> graph = daemon.xray().getServiceGraph(r -> r.startTime(now.minusSeconds(120)).endTime(now))
                .services();
        assertThat(graph).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("S3");
            assertThat(s.type()).isEqualTo("AWS::S3");
        });
    }

    @Test
    void jdbcStatements_becomeSqlSubsegments_withoutParameterValuesOrCredentials() throws Exception {
        Path db = DaemonFixture.newDataDir("tracing-jdbc").resolve("photos.db");
        String url = "jdbc:sqlite:" + db + "?user=photoapp&password=hunter2";
        tracing.action("list_photos", "dave", () -> {
            try (Connection connection = tracing.jdbc(DriverManager.getConnection(url))) {
                try (Statement create = connection.createStatement()) {
                    create.executeUpdate("CREATE TABLE photos (owner TEXT, name TEXT)");
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO photos VALUES (?, ?)")) {
                    insert.setString(1, "dave");
                    insert.setString(2, "secret-holiday.jpg");
                    insert.executeUpdate();
                }
                try (PreparedStatement select = connection.prepareStatement("SELECT name FROM photos WHERE owner = ?")) {
                    select.setString(1, "dave");
                    try (ResultSet rs = select.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                    }
                }
            }
        });
        JsonNode segment = traceOf("list_photos");
        assertThat(segment.path("subsegments")).hasSize(3).allSatisfy(sql -> {
            assertThat(sql.path("namespace").asText()).isEqualTo("remote");
            assertThat(sql.path("sql").path("url").asText()).isEqualTo("jdbc:sqlite:" + db);
            assertThat(sql.path("sql").path("database_type").asText()).isEqualTo("SQLite");
        });
        String document = segment.toString();
        assertThat(document).doesNotContain("hunter2").doesNotContain("secret-holiday").doesNotContain("password");
    }

    @Test
    void sqlRedaction_stripsCredentialsAndParametersFromUrls_andLiteralsFromQueries() {
        assertThat(SqlRedaction.url("jdbc:mysql://admin:s3cret@db.local:3306/photos?useSSL=false&password=x"))
                .isEqualTo("jdbc:mysql://db.local:3306/photos");
        assertThat(SqlRedaction.url("jdbc:sqlserver://db;user=sa;password=x")).isEqualTo("jdbc:sqlserver://db");
        assertThat(SqlRedaction.url("jdbc:oracle:thin:scott/tiger@host:1521:orcl")).isEqualTo("jdbc:oracle:thin:@host:1521:orcl");
        assertThat(SqlRedaction.query("SELECT * FROM users WHERE name = 'O''Brien' AND pin = 1234 AND t2.c = ?"))
                .isEqualTo("SELECT * FROM users WHERE name = ? AND pin = ? AND t2.c = ?");
    }

    @Test
    void withoutAnAction_tracingOnlyLogs_andTheWorkStillRuns_recordingNothing() throws Exception {
        TracingStats before = tracing.stats();
        assertThat(tracing.subsegment("orphan_work", () -> "done")).isEqualTo("done");
        try (Connection connection = tracing.jdbc(DriverManager.getConnection("jdbc:sqlite::memory:"));
                Statement statement = connection.createStatement()) {
            assertThat(statement.execute("SELECT 1")).isTrue();
        }
        // an action after it: once it is in the daemon, anything the orphan work had sent would be too
        tracing.action("after_orphan_work", "gina", () -> { });
        traceOf("after_orphan_work");

        TracingStats after = tracing.stats();
        assertThat(after.documentsLost()).isEqualTo(before.documentsLost());
        assertThat(after.documentsSent() - before.documentsSent()).as("the action's in-progress and complete copies")
                .isEqualTo(2);
        Instant now = Instant.now();
        assertThat(daemon.xray().getTraceSummaries(r -> r.startTime(now.minusSeconds(120)).endTime(now.plusSeconds(60))
                .filterExpression("service(\"orphan_work\")")).traceSummaries()).isEmpty();
    }

    @Test
    void databaseErrors_areRecordedWithoutTheirValues_andCausesWithoutTheWorkingDirectory() {
        java.sql.SQLIntegrityConstraintViolationException duplicate = new java.sql.SQLIntegrityConstraintViolationException(
                "Duplicate entry 'BOB' for key 'uq_users_username'", "23000", 1062);
        RuntimeException wrapper = new RuntimeException(duplicate); // its message is duplicate.toString()
        assertThatThrownBy(() -> tracing.action("sign_up_taken", "BOB", () -> {
            tracing.subsegment("insert_user", () -> {
                throw duplicate;
            });
        })).isSameAs(duplicate);
        assertThatThrownBy(() -> tracing.action("wrapped_sql_error", "BOB", () -> {
            throw wrapper;
        })).isSameAs(wrapper);

        JsonNode taken = traceOf("sign_up_taken");
        JsonNode insert = taken.path("subsegments").get(0);
        assertThat(insert.path("cause").path("exceptions").get(0).path("message").asText())
                .isEqualTo("Duplicate entry ? for key 'uq_users_username'");
        JsonNode wrapped = traceOf("wrapped_sql_error");
        assertThat(wrapped.path("cause").path("exceptions")).hasSize(2).allSatisfy(e ->
                assertThat(e.path("message").asText()).contains("Duplicate entry ? for key 'uq_users_username'"));
        for (JsonNode document : List.of(taken, wrapped)) {
            assertThat(document.toString()).doesNotContain("'BOB'").doesNotContain("working_directory")
                    .doesNotContain(System.getProperty("user.dir"));
        }
    }

    @Test
    void nestedActions_areSubsegments_andContextCrossesThreadsWhenAsked() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            tracing.action("open_album", "erin", () -> {
                tracing.action("load_thumbnails", "erin", () -> { });
                pool.submit(tracing.inCurrentContext(() -> tracing.subsegment("decode_off_thread", () -> { }))).get();
            });
        } finally {
            pool.shutdownNow();
        }
        JsonNode segment = traceOf("open_album");
        assertThat(names(segment)).containsExactly("load_thumbnails", "decode_off_thread");
        assertThat(segment.path("subsegments").get(0).path("annotations").path("action").asText())
                .isEqualTo("load_thumbnails");
    }

    @Test
    void aLargeAction_isStreamedAndSplit_andWhatCannotFitIsTrimmedOrCounted_neverSilentlyLost() {
        TracingStats before = tracing.stats();
        String pad = "p".repeat(300);
        tracing.action("import_library", "frank", () -> {
            for (int i = 0; i < 1_000; i++) {
                tracing.subsegment("resize_image", () -> { });
            }
            tracing.subsegment("describe_library", () -> {
                tracing.recorder().getCurrentSubsegment().putMetadata("catalogue", "x".repeat(100_000));
            });
            tracing.subsegment("huge_note", () -> {
                tracing.recorder().getCurrentSubsegment().putAnnotation("note", "n".repeat(70_000));
            });
            tracing.recorder().getCurrentSegment().putMetadata("pad", pad);
        });

        JsonNode segment = traceOf("import_library");
        assertThat(names(segment)).hasSize(1_001).contains("describe_library").doesNotContain("huge_note");
        TracingStats after = tracing.stats();
        assertThat(after.metadataDropped() - before.metadataDropped()).isEqualTo(1);
        assertThat(after.documentsLost() - before.documentsLost()).isEqualTo(1);
        assertThat(after.documentsSent() - before.documentsSent()).isGreaterThan(100);
    }
}
