package xraygallery.photos;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xraygallery.cloud.Labeler.LabelingException;
import xraygallery.photos.UploadEvent.Stage;
import xraygallery.photos.UploadJournal.Entry;
import xraygallery.photos.fakes.FakeGalleryData;
import xraygallery.photos.fakes.FakeGalleryData.PhotoRow;
import xraygallery.photos.fakes.FakeLabeler;
import xraygallery.photos.fakes.FakePhotoStore;

/**
 * The upload pipeline's retry and give-up logic on fakes of its ports (S3, Rekognition) and of the database seam:
 * which failures keep a file pending, which end it, after how many attempts it is given up, and what is kept (the
 * journal copy) or removed (stored objects) on each. No MariaDB, no local cloud, no fault injection.
 */
class UploadPipelineRetryTest {
    private static final User ALICE = new User(7, "alice");

    @TempDir
    Path temp;

    private final FakePhotoStore store = new FakePhotoStore();
    private final FakeLabeler labeler = new FakeLabeler(store);
    private final FakeGalleryData data = new FakeGalleryData();
    private final List<UploadEvent> events = Collections.synchronizedList(new ArrayList<>());
    private UploadJournal journal;
    private UploadPipeline pipeline;
    private Path photo;

    @BeforeEach
    void start() throws IOException {
        journal = new UploadJournal(temp.resolve("journal"));
        pipeline = new UploadPipeline(store, labeler, data.database(), journal, ActionTracing.none(), 1,
                Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC));
        photo = jpeg("beach.jpg", 64, 48);
    }

    @AfterEach
    void stop() {
        pipeline.close();
        assertThat(data.openConnections()).as("every connection closed").isZero();
    }

    private Path jpeg(String name, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width, height / 2);
        g.setColor(Color.CYAN);
        g.fillRect(0, height / 2, width, height - height / 2);
        g.dispose();
        Path file = temp.resolve(name);
        ImageIO.write(image, "jpeg", file.toFile());
        return file;
    }

    private static UploadResult ended(CompletableFuture<UploadResult> result)
            throws InterruptedException, ExecutionException, TimeoutException {
        return result.get(30, TimeUnit.SECONDS); // a bound against a hang, not a timing
    }

    private UploadResult upload(Path file) throws Exception {
        return ended(pipeline.upload(ALICE, List.of(file), events::add).get(0));
    }

    /** Resumes the one pending upload. */
    private UploadResult resume() throws Exception {
        List<CompletableFuture<UploadResult>> resumed = pipeline.resume(ALICE, events::add);
        assertThat(resumed).hasSize(1);
        return ended(resumed.get(0));
    }

    private Entry pendingEntry() {
        assertThat(journal.pending(ALICE.id())).hasSize(1);
        return journal.pending(ALICE.id()).get(0);
    }

    /** The three keys of an upload: original, display copy, thumbnail. */
    private static List<String> keysOf(String uploadId) {
        String base = "photos/" + ALICE.id() + "/" + uploadId;
        return List.of(base + ".jpg", base + "-display.jpg", base + "-thumb.jpg");
    }

    @Test
    void aPhoto_isStoredLabelledAndSavedInOneTransaction_andLeavesTheJournal() throws Exception {
        UploadResult result = upload(photo);

        assertThat(result.outcome()).isEqualTo(Stage.DONE);
        assertThat(store.keys()).containsExactlyInAnyOrderElementsOf(keysOf(result.uploadId()));
        assertThat(store.bytes(keysOf(result.uploadId()).get(0))).isEqualTo(Files.readAllBytes(photo));
        assertThat(labeler.calls()).containsExactly(store.bucket() + "/" + keysOf(result.uploadId()).get(1));
        assertThat(data.photos()).singleElement().satisfies(row -> {
            assertThat(row.id()).isEqualTo(result.photoId());
            assertThat(row.ownerId()).isEqualTo(ALICE.id());
            assertThat(row.originalName()).isEqualTo("beach.jpg");
            assertThat(row.sha256()).isEqualTo(UploadPipeline.sha256(photo));
            assertThat(List.of(row.originalKey(), row.displayKey(), row.thumbnailKey()))
                    .isEqualTo(keysOf(result.uploadId()));
            assertThat(row.labelRows()).containsExactly("Dog", "Animal");
            assertThat(row.faces()).isEqualTo(1);
            assertThat(row.faceRows()).isEqualTo(1);
        });
        assertThat(journal.pending(ALICE.id())).isEmpty();
        assertThat(events).extracting(UploadEvent::stage).endsWith(Stage.SAVING, Stage.DONE);
    }

    @Test
    void aRetryableS3Failure_keepsTheFilePending_removesWhatWasStored_andAResumeSavesItUnderTheSameKeys()
            throws Exception {
        store.failPuts(1, 1, true); // the original is stored, the display copy meets a 503

        UploadResult first = upload(photo);

        assertThat(first.outcome()).isEqualTo(Stage.PENDING);
        assertThat(first.message()).contains("503 SlowDown").endsWith("(will retry)");
        assertThat(store.keys()).as("the original stored before the failure is removed again").isEmpty();
        assertThat(store.deletes()).containsExactlyInAnyOrderElementsOf(keysOf(first.uploadId()));
        assertThat(labeler.calls()).isEmpty();
        assertThat(data.photos()).isEmpty();
        Entry pending = pendingEntry();
        assertThat(pending.id()).isEqualTo(first.uploadId());
        assertThat(pending.attempts()).isEqualTo(1);
        assertThat(pending.lastError()).contains("503 SlowDown");

        UploadResult second = resume();

        assertThat(second.outcome()).isEqualTo(Stage.DONE);
        assertThat(second.uploadId()).isEqualTo(first.uploadId());
        assertThat(store.keys()).containsExactlyInAnyOrderElementsOf(keysOf(first.uploadId()));
        assertThat(data.photos()).singleElement().extracting(PhotoRow::id).isEqualTo(second.photoId());
        assertThat(journal.pending(ALICE.id())).isEmpty();
    }

    @Test
    void retryableFailures_areGivenUpOnTheLastAttempt_andTheFileCanStillBeRetriedFromWhereItWasPicked()
            throws Exception {
        labeler.throttleNext(UploadPipeline.MAX_ATTEMPTS);

        UploadResult result = upload(photo);
        for (int attempt = 1; attempt < UploadPipeline.MAX_ATTEMPTS; attempt++) {
            assertThat(result.outcome()).as("attempt %d", attempt).isEqualTo(Stage.PENDING);
            assertThat(pendingEntry().attempts()).isEqualTo(attempt);
            result = resume();
        }

        assertThat(result.outcome()).isEqualTo(Stage.FAILED);
        assertThat(result.message()).contains("ProvisionedThroughputExceededException").doesNotContain("will retry");
        assertThat(labeler.calls()).hasSize(UploadPipeline.MAX_ATTEMPTS);
        assertThat(journal.pending(ALICE.id())).as("given up: out of the journal").isEmpty();
        assertThat(store.keys()).isEmpty();
        assertThat(data.photos()).isEmpty();

        UploadResult retried = ended(pipeline.retry(ALICE, result.uploadId(), events::add));

        assertThat(retried.outcome()).as("a retry hands the source file in again").isEqualTo(Stage.DONE);
        assertThat(retried.uploadId()).isEqualTo(result.uploadId());
        assertThat(data.photos()).hasSize(1);
    }

    @Test
    void aPermanentS3Failure_failsAtOnce_andKeepsNothing() throws Exception {
        store.failPuts(0, 1, false); // 403

        UploadResult result = upload(photo);

        assertThat(result.outcome()).isEqualTo(Stage.FAILED);
        assertThat(result.message()).contains("403 AccessDenied");
        assertThat(journal.pending(ALICE.id())).isEmpty();
        assertThat(store.keys()).isEmpty();
        assertThat(data.photos()).isEmpty();
    }

    @Test
    void anImageTheLabelerRefuses_failsAtOnce_andItsStoredObjectsAreRemoved() throws Exception {
        labeler.failNext(() -> new LabelingException("Rekognition: InvalidImageFormatException", false, null));

        UploadResult result = upload(photo);

        assertThat(result.outcome()).isEqualTo(Stage.FAILED);
        assertThat(store.puts()).as("all three were stored first").hasSize(3);
        assertThat(store.keys()).as("and removed after").isEmpty();
        assertThat(journal.pending(ALICE.id())).isEmpty();
        assertThat(data.photos()).isEmpty();
    }

    @Test
    void anUnexpectedError_isRetried_notGivenUpAtOnce() throws Exception {
        labeler.failNext(() -> new IllegalStateException("model session closed"));

        UploadResult result = upload(photo);

        assertThat(result.outcome()).isEqualTo(Stage.PENDING);
        assertThat(result.message()).contains("model session closed").endsWith("(will retry)");
        assertThat(pendingEntry().attempts()).isEqualTo(1);
        assertThat(store.keys()).isEmpty();
        assertThat(resume().outcome()).isEqualTo(Stage.DONE);
    }

    @Test
    void aStoppedDatabase_keepsTheFilePending_beforeAnythingIsStored() throws Exception {
        data.unreachable(true);

        UploadResult result = upload(photo);

        assertThat(result.outcome()).isEqualTo(Stage.PENDING);
        assertThat(result.message()).contains("is not available").contains("db start");
        assertThat(store.puts()).as("nothing uploaded while the database is down").isEmpty();
        assertThat(store.ensureExistsCalls()).isZero();
        assertThat(labeler.calls()).isEmpty();
        assertThat(pendingEntry().attempts()).isEqualTo(1);
    }

    @Test
    void aStoppedDatabase_isNeverAReasonToGiveUp() throws Exception {
        data.unreachable(true);

        UploadResult result = upload(photo);
        for (int attempt = 1; attempt <= UploadPipeline.MAX_ATTEMPTS + 1; attempt++) {
            assertThat(result.outcome()).as("attempt %d", attempt).isEqualTo(Stage.PENDING);
            result = resume();
        }
        assertThat(result.outcome()).isEqualTo(Stage.PENDING);
        assertThat(pendingEntry().attempts()).isEqualTo(UploadPipeline.MAX_ATTEMPTS + 2);

        data.unreachable(false);

        assertThat(resume().outcome()).isEqualTo(Stage.DONE);
        assertThat(data.photos()).hasSize(1);
        assertThat(journal.pending(ALICE.id())).isEmpty();
    }

    @Test
    void theConnectionDroppingDuringTheInsert_rollsBack_removesTheObjects_andKeepsTheFilePending() throws Exception {
        data.dropConnectionOnNextInsert();

        UploadResult result = upload(photo);

        assertThat(result.outcome()).isEqualTo(Stage.PENDING);
        assertThat(result.message()).contains("is not available");
        assertThat(data.rollbacks()).isEqualTo(1);
        assertThat(data.photos()).isEmpty();
        assertThat(store.puts()).hasSize(3);
        assertThat(store.keys()).as("no object left without its row").isEmpty();
        assertThat(pendingEntry().attempts()).isEqualTo(1);

        assertThat(resume().outcome()).isEqualTo(Stage.DONE);
        assertThat(store.keys()).hasSize(3);
        assertThat(data.photos()).hasSize(1);
    }

    @Test
    void anInsertTheDatabaseRefuses_isRetried_withItsMessageWithoutValues() throws Exception {
        data.refuseNextInsert();

        UploadResult result = upload(photo);

        assertThat(result.outcome()).isEqualTo(Stage.PENDING);
        assertThat(result.message()).contains("Database error: Data too long for column").endsWith("(will retry)");
        assertThat(store.keys()).isEmpty();
        assertThat(data.photos()).isEmpty();
        assertThat(resume().outcome()).isEqualTo(Stage.DONE);
    }

    @Test
    void theJournalCopy_isWhatAResumeUploads_whenTheSourceFileIsGone() throws Exception {
        byte[] original = Files.readAllBytes(photo);
        data.unreachable(true);
        UploadResult first = upload(photo);
        assertThat(first.outcome()).isEqualTo(Stage.PENDING);
        Files.delete(photo);
        data.unreachable(false);

        UploadResult resumed = resume();

        assertThat(resumed.outcome()).isEqualTo(Stage.DONE);
        assertThat(store.bytes(keysOf(first.uploadId()).get(0))).isEqualTo(original);
    }

    @Test
    void bytesAlreadyInTheGallery_areSkipped_withoutStoringAnything() throws Exception {
        long existing = data.insertCommitted(ALICE.id(), UploadPipeline.sha256(photo));

        UploadResult result = upload(photo);

        assertThat(result.outcome()).isEqualTo(Stage.SKIPPED);
        assertThat(result.photoId()).isEqualTo(existing);
        assertThat(store.puts()).isEmpty();
        assertThat(labeler.calls()).isEmpty();
        assertThat(journal.pending(ALICE.id())).isEmpty();
        assertThat(data.photos()).hasSize(1);
    }

    @Test
    void bytesSavedMeanwhileByAParallelUpload_areSkipped_andTheirObjectsRemoved() throws Exception {
        String sha = UploadPipeline.sha256(photo);
        labeler.onDetect(() -> data.insertCommitted(ALICE.id(), sha)); // the other upload commits first

        UploadResult result = upload(photo);

        assertThat(result.outcome()).isEqualTo(Stage.SKIPPED);
        assertThat(result.message()).isEqualTo("Already in your gallery.");
        assertThat(store.puts()).hasSize(3);
        assertThat(store.keys()).isEmpty();
        assertThat(data.photos()).singleElement().extracting(PhotoRow::originalName).isEqualTo("other.jpg");
        assertThat(journal.pending(ALICE.id())).isEmpty();
    }

    @Test
    void aCleanUpThatFails_doesNotHideTheFirstError_andTheResumeOverwritesWhatWasLeft() throws Exception {
        store.failPuts(2, 1, true).failDeletes(true); // the thumbnail fails, and S3 is gone for the clean-up too

        UploadResult result = upload(photo);

        assertThat(result.outcome()).isEqualTo(Stage.PENDING);
        assertThat(result.message()).contains("PutObject").contains("503").doesNotContain("DeleteObject");
        assertThat(store.keys()).as("left behind").containsExactlyInAnyOrderElementsOf(
                keysOf(result.uploadId()).subList(0, 2));

        store.failDeletes(false);

        assertThat(resume().outcome()).isEqualTo(Stage.DONE);
        assertThat(store.keys()).as("the same keys, overwritten: nothing orphaned")
                .containsExactlyInAnyOrderElementsOf(keysOf(result.uploadId()));
    }
}
