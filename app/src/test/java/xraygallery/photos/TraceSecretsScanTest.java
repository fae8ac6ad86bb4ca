package xraygallery.photos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.xray.model.TraceSummary;
import xraygallery.daemon.DaemonFixture;
import xraygallery.localcloud.faults.FaultRule;
import xraygallery.photos.UploadEvent.Stage;
import xraygallery.tracing.Tracing;
import xraygallery.tracing.TracingConfig;

/**
 * Every failure path the test can drive — a taken user name, a wrong password, an unknown name, an upload whose
 * insert fails in SQL, S3 answering 503, Rekognition refusing the image — then every document the daemon stored
 * (all traces, through GetTraceSummaries and BatchGetTraces) is scanned for what must never be in a trace.
 */
@Tag("integration")
class TraceSecretsScanTest {
    private static final String ACCESS_KEY = "SCANACCESSKEY7";
    private static final String SECRET_KEY = "scan-secret-Kq9Zp2Lm7wX";
    private static final String NAME = "Scanny";
    private static final String PASSWORD = "Sc4n-the-Pa55word!";
    private static final String WRONG_PASSWORD = "Wr0ng-Guess-77x";
    private static final String PHOTO_NAME = "private-holiday-scan.jpg";
    private static DaemonFixture daemon;
    private static Tracing tracing;
    private static GalleryTestBed bed;
    private static PhotoFiles images;
    private static Instant began;

    @BeforeAll
    static void start() throws IOException {
        began = Instant.now();
        daemon = DaemonFixture.start("secrets-scan");
        tracing = Tracing.create(TracingConfig.forDaemon(daemon.daemonAddress()));
        bed = GalleryTestBed.startTraced("secrets-scan", tracing, ACCESS_KEY, SECRET_KEY);
        images = new PhotoFiles("secrets-scan");
    }

    @AfterAll
    static void stop() {
        bed.close();
        tracing.close();
        daemon.close();
    }

    @Test
    void noStoredTrace_holdsASecretOrAnSqlValue_afterEveryFailurePath() throws Exception {
        Accounts accounts = bed.services.accounts();
        User user = accounts.signUp(NAME, PASSWORD.toCharArray());
        assertThatThrownBy(() -> accounts.signUp(NAME.toUpperCase(Locale.ROOT), PASSWORD.toCharArray()))
                .hasMessage("The user name SCANNY is taken.");
        assertThatThrownBy(() -> accounts.signIn(NAME, WRONG_PASSWORD.toCharArray()))
                .hasMessage("Wrong user name or password.");
        assertThatThrownBy(() -> accounts.signIn("nobody-" + NAME, PASSWORD.toCharArray()))
                .hasMessage("Wrong user name or password.");
        accounts.signIn(NAME, PASSWORD.toCharArray());

        // an upload whose insert fails in SQL: the same bytes are saved meanwhile (by the test, once labelling starts)
        Path photo = images.jpeg(PHOTO_NAME, 640, 480);
        String sha256 = UploadPipeline.sha256(photo);
        AtomicBoolean inserted = new AtomicBoolean();
        UploadResult collided = bed.services.uploads().upload(user, List.of(photo), event -> {
            if (event.stage() == Stage.LABELLING && inserted.compareAndSet(false, true)) {
                insertPhotoWithSha(user, sha256);
            }
        }).get(0).join();
        assertThat(collided.outcome()).isEqualTo(Stage.SKIPPED);

        UploadResult s3Down = bed.uploadUnder(new FaultRule(null, "s3", "PutObject", null, 503, null, null, null, 100),
                user, images.jpeg("s3-down.jpg", 320, 240));
        assertThat(s3Down.outcome()).isEqualTo(Stage.PENDING);

        UploadResult badImage = bed.uploadUnder(new FaultRule(null, "rekognition", "DetectLabels", null, 400,
                "InvalidImageFormatException", "Request has unsupported image format", null, 100), user,
                images.jpeg("bad-image.jpg", 300, 200));
        assertThat(badImage.outcome()).isIn(Stage.FAILED, Stage.PENDING);

        List<String> traceIds = List.of(collided.traceId(), s3Down.traceId(), badImage.traceId());
        List<String> documents = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            documents.clear();
            documents.addAll(everyStoredDocument(traceIds));
            String all = String.join("\n", documents);
            // the failures are there, so the scan below reads them
            assertThat(all).contains("for key 'uq_users_username'")
                    .contains("for key 'uq_photos_owner_sha'")
                    .contains("Wrong user name or password.")
                    .contains("InvalidImageFormatException")
                    .contains("\"status\":503");
        });

        Properties master = new Properties();
        try (Reader in = Files.newBufferedReader(bed.config.localCredentialsFile())) {
            master.load(in);
        }
        String masterPassword = master.getProperty("password");
        assertThat(masterPassword).isNotBlank();
        String everything = String.join("\n", documents);
        String lower = everything.toLowerCase(Locale.ROOT);
        SoftAssertions scan = new SoftAssertions();
        scan.assertThat(everything).as("the password").doesNotContain(PASSWORD);
        scan.assertThat(everything).as("the wrong password").doesNotContain(WRONG_PASSWORD);
        scan.assertThat(everything).as("the local cloud's secret key").doesNotContain(SECRET_KEY);
        scan.assertThat(everything).as("the database master password").doesNotContain(masterPassword);
        scan.assertThat(everything).as("a signature").doesNotContain("X-Amz-Signature").doesNotContain("Signature=");
        scan.assertThat(everything).as("a password hash").doesNotContain("$argon2id$");
        scan.assertThat(lower).as("the user name as an SQL literal")
                .doesNotContain("'" + NAME.toLowerCase(Locale.ROOT) + "'")
                .doesNotContain("'nobody-" + NAME.toLowerCase(Locale.ROOT) + "'");
        // MariaDB quotes at most 64 characters of a duplicate value ("'1-28f7...'"): look for a part of it
        scan.assertThat(everything).as("the photo's SHA-256, an SQL value").doesNotContain(sha256.substring(0, 16));
        scan.assertThat(everything).as("the photo's name, an SQL value").doesNotContain(PHOTO_NAME);
        scan.assertThat(everything).as("a quoted duplicate value").doesNotContainPattern("Duplicate entry '");
        scan.assertThat(everything).as("the user's working directory").doesNotContain("working_directory");
        scan.assertThat(everything).as("the failures keep their structure")
                .contains("Duplicate entry ? for key 'uq_users_username'")
                .contains("Duplicate entry ? for key 'uq_photos_owner_sha'");
        scan.assertAll();
    }

    /** Every document of every trace the daemon holds since the test began, once {@code expected} are complete. */
    private static List<String> everyStoredDocument(List<String> expected) {
        List<String> ids = new ArrayList<>();
        Instant end = Instant.now().plusSeconds(60);
        for (TraceSummary summary : daemon.xray().getTraceSummariesPaginator(r -> r.startTime(began.minusSeconds(600))
                .endTime(end)).traceSummaries()) {
            assertThat(summary.isPartial()).as("trace %s complete", summary.id()).isFalse();
            ids.add(summary.id());
        }
        assertThat(ids).containsAll(expected);
        assertThat(ids.size()).as("sign-ups, sign-ins, uploads, database actions").isGreaterThanOrEqualTo(8);
        List<String> documents = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 5) {
            List<String> batch = ids.subList(i, Math.min(ids.size(), i + 5));
            daemon.xray().batchGetTracesPaginator(r -> r.traceIds(batch)).traces()
                    .forEach(trace -> trace.segments().forEach(segment -> documents.add(segment.document())));
        }
        return documents;
    }

    private static void insertPhotoWithSha(User user, String sha256) {
        bed.services.database().inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO photos (owner_id, original_key, display_key,"
                    + " thumbnail_key, original_name, content_type, width, height, bytes, sha256, created_at)"
                    + " VALUES (?, 'a', 'b', 'c', 'elsewhere.jpg', 'image/jpeg', 1, 1, 1, ?, ?)")) {
                insert.setLong(1, user.id());
                insert.setString(2, sha256);
                insert.setTimestamp(3, Timestamp.from(Instant.now()));
                return insert.executeUpdate();
            }
        });
    }
}
