package xraygallery.ui.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xraygallery.photos.ActionTracing;
import xraygallery.photos.GalleryTestBed;
import xraygallery.photos.PhotoFiles;
import xraygallery.photos.UploadEvent.Stage;
import xraygallery.photos.UploadEvent;
import xraygallery.photos.User;
import xraygallery.testing.TestImages;
import xraygallery.ui.common.RecordingNotifier;

/**
 * The upload queue on the real pipeline (local S3, offline Rekognition, MariaDB behind RDS, one file at a time).
 * The test thread plays the UI thread: what workers hand over waits until the test runs it.
 */
class UploadQueueOnThePipelineTest {
    private static final String NOT_AN_IMAGE = "The file is not an image; JPEG, PNG, GIF and BMP are accepted.";
    private static GalleryTestBed bed;
    private static PhotoFiles images;
    private static final AtomicInteger users = new AtomicInteger();

    private final ManualUiThread ui = new ManualUiThread();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final List<Long> saved = new ArrayList<>();
    /** Every event the queue got, by file name. */
    private final Map<String, List<Stage>> stages = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        bed = GalleryTestBed.start("upload-queue", true, ActionTracing.none(), 1);
        images = new PhotoFiles("upload-queue");
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    private static User newUser() {
        String name = "queue" + users.incrementAndGet();
        return bed.services.accounts().signUp(name, (name + "'s password").toCharArray());
    }

    /** The real service, recording each event's stage, then {@code also}. */
    private UploadService service(Consumer<UploadEvent> also) {
        return new ForwardingUploads(UploadService.of(bed.services.uploads())) {
            @Override
            protected void event(UploadEvent event, Consumer<UploadEvent> listener) {
                stages.computeIfAbsent(event.fileName(), n -> new CopyOnWriteArrayList<>()).add(event.stage());
                also.accept(event);
                listener.accept(event);
            }
        };
    }

    private UploadQueueViewModel queue(User user, UploadService service) {
        return new UploadQueueViewModel(service, user, ui, notifier, saved::add);
    }

    /** Lets the UI thread run until nothing is under way. */
    private void awaitSettled(UploadQueueViewModel queue) {
        await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> {
            ui.runUiActions();
            assertThat(queue.workingProperty().get()).isFalse();
        });
    }

    private static UploadRow row(UploadQueueViewModel queue, String name) {
        return queue.rows().stream().filter(r -> r.fileName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aDroppedFolderOfAThousandFiles_becomesAThousandRows_inAFewBatchedUpdates() throws IOException {
        User user = newUser();
        Path folder = Files.createDirectories(images.dir().resolve("thousand"));
        Files.createDirectories(folder.resolve("older"));
        for (int i = 0; i < 10; i++) {
            Files.move(images.jpeg("small-" + i + ".jpg", 64 + i, 48), folder.resolve("photo-" + i + ".jpg"));
        }
        for (int i = 0; i < 990; i++) {
            Files.writeString(folder.resolve((i % 2 == 0 ? "older/" : "") + "note-" + i + ".txt"), "note " + i);
        }
        Files.writeString(folder.resolve(".DS_Store"), "junk");
        Files.writeString(folder.resolve("older/Thumbs.db"), "junk");
        AtomicInteger events = new AtomicInteger();
        UploadQueueViewModel queue = queue(user, service(event -> events.incrementAndGet()));

        queue.addFiles(List.of(folder));

        assertThat(ui.waiting()).as("everything so far waits for one UI hop").isEqualTo(1);
        awaitSettled(queue);
        assertThat(queue.rows()).hasSize(1000);
        assertThat(queue.rows()).filteredOn(r -> r.stage() == Stage.DONE).hasSize(10)
                .allSatisfy(r -> assertThat(r.fileName()).startsWith("photo-"));
        assertThat(queue.rows()).filteredOn(r -> r.stage() == Stage.FAILED).hasSize(990)
                .allSatisfy(r -> assertThat(r.message()).isEqualTo(NOT_AN_IMAGE));
        assertThat(queue.summaryProperty().get()).isEqualTo("10 of 1000 uploaded, 990 failed");
        assertThat(queue.progressProperty().get()).isEqualTo(1.0);
        assertThat(queue.uiHopsProperty().get()).as("UI hops for %s events", events.get())
                .isLessThan(events.get() / 10);
        assertThat(saved).hasSize(10).doesNotHaveDuplicates();
        assertThat(bed.services.gallery().myPhotos(user, 0, 20)).hasSize(10);
        assertThat(notifier.errors).containsExactly("10 photos uploaded, 990 failed. See the upload queue for why.");
    }

    @Test
    void aFileThatVanishesBeforeItIsAccepted_failsWithTheServicesMessage_andTheOthersGoOn() throws IOException {
        User user = newUser();
        Path first = images.jpeg("first.jpg", 300, 200);
        Path vanishing = images.jpeg("vanishing.jpg", 301, 200);
        Path last = images.jpeg("last.jpg", 302, 200);
        // files are accepted one after the other: when the first is, the second is not yet
        UploadQueueViewModel queue = queue(user, service(event -> {
            if (event.fileName().equals("first.jpg") && event.stage() == Stage.QUEUED) {
                try {
                    Files.delete(vanishing);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }));

        queue.addFiles(List.of(first, vanishing, last));
        awaitSettled(queue);

        assertThat(queue.rows()).extracting(UploadRow::fileName, UploadRow::stage).containsExactly(
                org.assertj.core.groups.Tuple.tuple("first.jpg", Stage.DONE),
                org.assertj.core.groups.Tuple.tuple("vanishing.jpg", Stage.FAILED),
                org.assertj.core.groups.Tuple.tuple("last.jpg", Stage.DONE));
        assertThat(row(queue, "vanishing.jpg").message()).isEqualTo("The file does not exist.");
    }

    @Test
    void aNineHundredMegapixelPng_isRefusedFromItsHeader_beforeAnythingIsDecoded() throws IOException {
        User user = newUser();
        Path bomb = images.bytes("bomb.png", TestImages.pngHeaderOnly(30_000, 30_000));
        UploadQueueViewModel queue = queue(user, service(event -> { }));

        queue.addFiles(List.of(bomb));
        awaitSettled(queue);

        UploadRow row = row(queue, "bomb.png");
        assertThat(row.stage()).isEqualTo(Stage.FAILED);
        assertThat(row.message()).isEqualTo(
                "The image is 30000×30000 (900 megapixels); up to 100 megapixels are accepted.");
        assertThat(stages.get("bomb.png")).as("refused while being accepted: never queued, never traced")
                .containsExactly(Stage.VALIDATING, Stage.FAILED);
        assertThat(row.traceId()).isNull();
        assertThat(bed.services.uploads().pendingCount(user)).isZero();
    }

    @Test
    void aFailedFile_isRetriedInItsRow_fromWhereItWasPicked() throws IOException {
        User user = newUser();
        Path file = images.bytes("not-yet.jpg", "a text for now".getBytes());
        UploadQueueViewModel queue = queue(user, service(event -> { }));
        queue.addFiles(List.of(file));
        awaitSettled(queue);
        UploadRow row = row(queue, "not-yet.jpg");
        assertThat(row.message()).isEqualTo(NOT_AN_IMAGE);
        Files.write(file, TestImages.photo("dog.jpg"));

        queue.retry(row);
        awaitSettled(queue);

        assertThat(queue.rows()).containsExactly(row);
        assertThat(row.stage()).isEqualTo(Stage.DONE);
        assertThat(row.labels()).contains("Dog");
        assertThat(row.message()).isEmpty();
        assertThat(saved).containsExactly(row.photoId());
    }

    @Test
    void filesNotYetStarted_canBeCancelled_whileTheOneUnderWayFinishes() throws Exception {
        User user = newUser();
        CountDownLatch release = new CountDownLatch(1);
        UploadQueueViewModel queue = queue(user, service(event -> {
            if (event.fileName().equals("a.jpg") && event.stage() == Stage.RESIZING) {
                awaitQuietly(release); // the one worker is busy with a.jpg until the test says so
            }
        }));
        queue.addFiles(List.of(images.jpeg("a.jpg", 310, 200), images.jpeg("b.jpg", 311, 200),
                images.jpeg("c.jpg", 312, 200)));
        ui.runUiActions();
        UploadRow c = row(queue, "c.jpg");
        assertThat(c.isCancellable()).isTrue();

        queue.cancel(c);
        ui.runUiActions();
        release.countDown();
        awaitSettled(queue);

        assertThat(queue.rows()).extracting(UploadRow::stage).containsExactly(Stage.DONE, Stage.DONE, Stage.CANCELLED);
        assertThat(queue.summaryProperty().get()).isEqualTo("2 of 2 uploaded, 1 cancelled");
        assertThat(bed.services.uploads().pending(user)).isEmpty();
        assertThat(bed.services.gallery().myPhotos(user, 0, 10)).hasSize(2);
    }

    @Test
    void afterADatabaseOutageMidBatch_thePendingFilesShowWhenTheQueueOpens_andResumeIntoTheGallery() throws Exception {
        User user = newUser();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            files.add(images.jpeg("outage-" + i + ".jpg", 330 + i, 240));
        }
        AtomicBoolean stopped = new AtomicBoolean();
        try {
            // one file at a time: when the first is saved, the database goes down before the next starts
            UploadQueueViewModel before = queue(user, service(event -> {
                if (event.stage() == Stage.DONE && stopped.compareAndSet(false, true)) {
                    try {
                        bed.stopDatabase();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }));
            before.addFiles(files);
            awaitSettled(before);
            assertThat(before.rows()).extracting(UploadRow::stage)
                    .containsExactly(Stage.DONE, Stage.PENDING, Stage.PENDING, Stage.PENDING);
            assertThat(before.rows().get(1).message()).contains("not available");
            assertThat(before.summaryProperty().get()).isEqualTo("1 of 4 uploaded, 3 pending");
            assertThat(notifier.errors).containsExactly("1 photo uploaded, 3 pending. See the upload queue for why.");
            before.close();

            bed.startDatabase();
            stopped.set(false);
            // the app opens again: the queue lists what waits in the journal, then resumes it
            List<String> shownAtResume = new ArrayList<>();
            java.util.concurrent.atomic.AtomicReference<UploadQueueViewModel> after = new java.util.concurrent.atomic.AtomicReference<>();
            after.set(queue(user, new ForwardingUploads(UploadService.of(bed.services.uploads())) {
                @Override
                public void resume(User u, Consumer<UploadEvent> listener) {
                    ui.runUiActions(); // the UI thread shows the listing before anything is resumed
                    after.get().rows().forEach(r -> shownAtResume.add(r.fileName() + ": " + r.stageText() + ": " + r.message()));
                    super.resume(u, listener);
                }
            }));
            after.get().resumePending();
            awaitSettled(after.get());

            assertThat(shownAtResume).hasSize(3).allSatisfy(line -> assertThat(line).contains(": Pending: ")
                    .contains("not available"));
            assertThat(after.get().rows()).extracting(UploadRow::stage).containsOnly(Stage.DONE).hasSize(3);
            assertThat(bed.services.gallery().myPhotos(user, 0, 10)).hasSize(4);
            assertThat(bed.services.uploads().pendingCount(user)).isZero();
        } finally {
            if (stopped.get()) {
                bed.startDatabase();
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
