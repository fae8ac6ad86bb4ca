package xraygallery.photos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static xraygallery.daemon.StoredDocuments.awsCalls;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.xray.model.TraceSummary;
import xraygallery.daemon.DaemonFixture;
import xraygallery.daemon.StoredDocuments;
import xraygallery.tracing.Tracing;
import xraygallery.tracing.TracingConfig;

/**
 * The gallery's actions as X-Ray shows them, read back from the bundled daemon: a page's thumbnail fetches are
 * S3 calls inside the page's own trace, and a page whose thumbnails are cached makes no S3 call at all.
 */
@Tag("integration")
class GalleryTracesTest {
    private static DaemonFixture daemon;
    private static Tracing tracing;
    private static GalleryTestBed bed;
    private static User user;
    private static List<Long> ids;

    @BeforeAll
    static void start() throws Exception {
        daemon = DaemonFixture.start("gallery-traces");
        tracing = Tracing.create(TracingConfig.forDaemon(daemon.daemonAddress()));
        bed = GalleryTestBed.startTraced("gallery-traces", tracing);
        user = bed.services.accounts().signUp("tess", "tess's password".toCharArray());
        // outside any action: no trace is made of the seeding
        ids = new GallerySeed().seed(bed.services, user, 8, Instant.parse("2026-01-01T00:00:00Z"), true);
    }

    @AfterAll
    static void stop() {
        bed.close();
        tracing.close();
        daemon.close();
    }

    @Test
    void aPagesThumbnailFetches_areS3CallsInsideItsAction_andCachedOnesMakeNone() throws IOException {
        Instant before = Instant.now().minusSeconds(1);
        GalleryPage first = bed.services.gallery().page(user, PageRequest.all(0, 6));
        assertThat(first.photos()).hasSize(6).allSatisfy(c -> assertThat(c.thumbnail()).isRegularFile());
        String firstTrace = await().atMost(Duration.ofSeconds(20))
                .until(() -> traceOf("list_photos", before), id -> id.size() == 1).get(0);

        List<JsonNode> docs = documents(firstTrace);
        JsonNode segment = docs.stream().filter(d -> !d.has("parent_id")).findFirst().orElseThrow();
        assertThat(segment.path("annotations").path("action").asText()).isEqualTo("list_photos");
        assertThat(segment.path("annotations").path("thumbnails_fetched").asInt()).isEqualTo(6);
        List<JsonNode> gets = awsCalls(docs, "S3", "GetObject");
        assertThat(gets).hasSize(6).allSatisfy(get -> {
            assertThat(get.path("aws").path("key").asText()).endsWith("-thumb.jpg");
            assertThat(get.path("start_time").asDouble()).isBetween(segment.path("start_time").asDouble(),
                    segment.path("end_time").asDouble());
            assertThat(get.path("end_time").asDouble()).isLessThanOrEqualTo(segment.path("end_time").asDouble());
        });
        assertThat(docs).filteredOn(d -> d.has("sql")).hasSize(3); // count, page, labels: not one per photo

        Instant between = Instant.now();
        GalleryPage again = bed.services.gallery().page(user, PageRequest.all(0, 6));
        assertThat(again.photos()).extracting(PhotoCard::thumbnail).containsExactlyElementsOf(
                first.photos().stream().map(PhotoCard::thumbnail).toList());
        String secondTrace = await().atMost(Duration.ofSeconds(20))
                .until(() -> traceOf("list_photos", between), id -> id.size() == 1).get(0);
        assertThat(awsCalls(documents(secondTrace), "S3", "GetObject")).as("cached thumbnails").isEmpty();
    }

    @Test
    void openingAPhoto_fetchesItsDisplayCopyInsideTheViewAction() throws IOException {
        Instant before = Instant.now().minusSeconds(1);
        OpenedPhoto opened = bed.services.gallery().view(user, ids.get(0));
        assertThat(opened.displayCopy()).isRegularFile();

        String trace = await().atMost(Duration.ofSeconds(20))
                .until(() -> traceOf("view_photo", before), ids -> ids.size() == 1).get(0);
        List<JsonNode> gets = awsCalls(documents(trace), "S3", "GetObject");
        assertThat(gets).singleElement().satisfies(get ->
                assertThat(get.path("aws").path("key").asText()).isEqualTo(opened.photo().displayKey()));
    }

    @Test
    void aPhotoJustUploaded_isShownAndOpenedFromTheCopiesItsUploadLeft_withoutFetchingThemBack() throws Exception {
        User uploader = bed.services.accounts().signUp("ursula", "ursula's password".toCharArray());
        PhotoFiles images = new PhotoFiles("gallery-traces-local-copies");
        UploadResult uploaded = bed.services.uploads().upload(uploader, List.of(images.jpeg("fresh.jpg", 640, 480)),
                event -> { }).get(0).join();
        assertThat(uploaded.outcome()).isEqualTo(UploadEvent.Stage.DONE);

        Instant before = Instant.now().minusSeconds(1);
        GalleryPage page = bed.services.gallery().page(uploader, PageRequest.all(0, 6));
        assertThat(page.photos()).singleElement().satisfies(card -> assertThat(card.thumbnail()).isRegularFile());
        OpenedPhoto opened = bed.services.gallery().view(uploader, page.photos().get(0).id());
        assertThat(opened.displayCopy()).isRegularFile();

        for (String action : List.of("list_photos", "view_photo")) {
            String trace = await().atMost(Duration.ofSeconds(20))
                    .until(() -> traceOf(action, "ursula", before), found -> found.size() == 1).get(0);
            assertThat(awsCalls(documents(trace), "S3", "GetObject")).as(action).isEmpty();
        }
    }

    private static List<String> traceOf(String action, Instant since) {
        return traceOf(action, "tess", since);
    }

    private static List<String> traceOf(String action, String userName, Instant since) {
        return daemon.xray().getTraceSummaries(b -> b.startTime(since).endTime(Instant.now().plusSeconds(5))
                .filterExpression("annotation.action = \"" + action + "\" AND annotation.user = \"" + userName
                        + "\"")).traceSummaries().stream().map(TraceSummary::id).toList();
    }

    private static List<JsonNode> documents(String traceId) {
        return StoredDocuments.of(daemon.xray(), traceId);
    }
}
