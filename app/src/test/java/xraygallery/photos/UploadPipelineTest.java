package xraygallery.photos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import xraygallery.cloud.Labeler.Label;
import xraygallery.cloud.PhotoStore;
import xraygallery.photos.UploadEvent.Stage;

/** Uploads through the real pipeline: local S3, offline Rekognition and MariaDB behind RDS. */
@Tag("integration")
class UploadPipelineTest {
    private static GalleryTestBed bed;
    private static PhotoFiles images;
    private static User alice;
    private static User bob;

    @BeforeAll
    static void start() throws IOException {
        bed = GalleryTestBed.start("uploads", true, new MadeUpTraceIds());
        images = new PhotoFiles("uploads");
        alice = bed.services.accounts().signUp("alice", "alice's password".toCharArray());
        bob = bed.services.accounts().signUp("bob", "bob's password".toCharArray());
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    private static List<UploadResult> upload(User user, Path... files) {
        return upload(user, e -> { }, files);
    }

    private static List<UploadResult> upload(User user, java.util.function.Consumer<UploadEvent> listener, Path... files) {
        return bed.services.uploads().upload(user, List.of(files), listener).stream().map(CompletableFuture::join).toList();
    }

    private static PhotoStore store() {
        return bed.services.photoStore();
    }

    @Test
    void threeRealPhotos_areStoredWithRealLabels_andTheirObjects() throws IOException {
        List<UploadEvent> events = Collections.synchronizedList(new ArrayList<>());
        List<UploadResult> results = upload(alice, events::add,
                images.photo("dog.jpg"), images.photo("giraffe.jpg"), images.photo("astronaut.jpg"));

        assertThat(results).extracting(UploadResult::outcome).containsOnly(Stage.DONE);
        PhotoDetail dog = bed.services.gallery().detail(alice, results.get(0).photoId());
        assertThat(dog.labels()).extracting(Label::name).contains("Dog");
        assertThat(dog.labels()).filteredOn(l -> l.name().equals("Dog")).singleElement()
                .satisfies(l -> assertThat(l.instances()).isNotEmpty());
        assertThat(bed.services.gallery().detail(alice, results.get(1).photoId()).labels())
                .extracting(Label::name).contains("Giraffe");
        PhotoDetail astronaut = bed.services.gallery().detail(alice, results.get(2).photoId());
        assertThat(astronaut.faces()).isNotEmpty();
        assertThat(astronaut.photo().faces()).isEqualTo(astronaut.faces().size());
        for (UploadResult result : results) {
            Photo photo = bed.services.gallery().detail(alice, result.photoId()).photo();
            assertThat(store().exists(photo.originalKey())).isTrue();
            assertThat(store().exists(photo.displayKey())).isTrue();
            assertThat(store().exists(photo.thumbnailKey())).isTrue();
            assertThat(photo.originalKey()).startsWith("photos/" + alice.id() + "/");
        }
        assertThat(events).extracting(UploadEvent::stage)
                .contains(Stage.QUEUED, Stage.RESIZING, Stage.UPLOADING, Stage.LABELLING, Stage.SAVING, Stage.DONE);
        assertThat(bed.services.uploads().pendingCount(alice)).isZero();
    }

    @Test
    void badFiles_eachGetAClearMessage_whileTheOthersSucceed() throws IOException {
        Path good = images.jpeg("good ünïcødé фото.jpg", 640, 480);
        Path longName = images.jpeg("ü".repeat(120) + ".jpg", 300, 200);
        List<UploadResult> results = upload(bob,
                images.bytes("empty.jpg", new byte[0]),
                images.bytes("notes.jpg", "this is text, not a photo".getBytes()),
                images.truncated("truncated.jpg", images.photo("eagle.jpg")),
                images.pngHeaderClaiming("bomb.png", 30000, 30000),
                images.hugeJpegLookingFile("huge.jpg", 60L * 1024 * 1024),
                good, longName);

        assertThat(results.get(0).message()).contains("empty");
        assertThat(results.get(1).message()).contains("not an image");
        assertThat(results.get(2).message()).contains("truncated");
        assertThat(results.get(3).message()).contains("megapixels");
        assertThat(results.get(4).message()).contains("MB");
        assertThat(results.subList(0, 5)).extracting(UploadResult::outcome).containsOnly(Stage.FAILED);
        assertThat(results.subList(5, 7)).extracting(UploadResult::outcome).containsOnly(Stage.DONE);
        assertThat(bed.services.gallery().detail(bob, results.get(5).photoId()).photo().originalName())
                .isEqualTo("good ünïcødé фото.jpg");
        assertThat(bed.services.gallery().detail(bob, results.get(6).photoId()).photo().originalName())
                .isEqualTo("ü".repeat(120) + ".jpg");
        assertThat(bed.services.uploads().pendingCount(bob)).isZero();
    }

    @Test
    void theSameFileTwice_isSkippedTheSecondTime() throws IOException {
        User carol = bed.services.accounts().signUp("carol", "carol's password".toCharArray());
        Path photo = images.jpeg("twice.jpg", 400, 300);

        UploadResult first = upload(carol, photo).get(0);
        UploadResult second = upload(carol, photo).get(0);

        assertThat(first.outcome()).isEqualTo(Stage.DONE);
        assertThat(second.outcome()).isEqualTo(Stage.SKIPPED);
        assertThat(second.message()).contains("Already in your gallery");
        assertThat(bed.services.gallery().myPhotos(carol, 0, 10)).hasSize(1);
    }

    @Test
    void usersCannotSeeReadOrDeleteEachOthersPhotos() throws IOException {
        User dave = bed.services.accounts().signUp("dave", "dave's password".toCharArray());
        User erin = bed.services.accounts().signUp("erin", "erin's password".toCharArray());
        long daves = upload(dave, images.jpeg("daves.jpg", 320, 240)).get(0).photoId();

        Gallery gallery = bed.services.gallery();
        assertThat(gallery.myPhotos(erin, 0, 50)).extracting(Photo::id).doesNotContain(daves);
        assertThatThrownBy(() -> gallery.detail(erin, daves)).isInstanceOf(Gallery.NoSuchPhotoException.class);
        assertThatThrownBy(() -> gallery.open(erin, daves, Gallery.Variant.ORIGINAL)).isInstanceOf(Gallery.NoSuchPhotoException.class);
        assertThatThrownBy(() -> gallery.delete(erin, daves)).isInstanceOf(Gallery.NoSuchPhotoException.class);
        assertThat(gallery.detail(dave, daves).photo().id()).isEqualTo(daves);
    }

    @Test
    void delete_removesTheRowAndAllThreeObjects() throws IOException {
        User frank = bed.services.accounts().signUp("frank", "frank's password".toCharArray());
        long id = upload(frank, images.jpeg("doomed.jpg", 500, 400)).get(0).photoId();
        Photo photo = bed.services.gallery().detail(frank, id).photo();

        bed.services.gallery().delete(frank, id);

        assertThat(bed.services.gallery().myPhotos(frank, 0, 10)).isEmpty();
        assertThat(store().exists(photo.originalKey())).isFalse();
        assertThat(store().exists(photo.displayKey())).isFalse();
        assertThat(store().exists(photo.thumbnailKey())).isFalse();
    }

    @Test
    void labelSearch_isACaseInsensitivePrefix_andInjectionIsInert() throws IOException {
        User gina = bed.services.accounts().signUp("gina", "gina's password".toCharArray());
        upload(gina, images.photo("dog.jpg"));

        Gallery gallery = bed.services.gallery();
        assertThat(gallery.search(gina, "do", 0, 10)).hasSize(1);
        assertThat(gallery.search(gina, "DOG", 0, 10)).hasSize(1);
        assertThat(gallery.search(gina, "cat", 0, 10)).isEmpty();
        for (String attack : List.of("%", "_", "' OR 1=1 -- ", "%' OR '1'='1", "dog'; DROP TABLE photos; --")) {
            assertThat(gallery.search(gina, attack, 0, 10)).as(attack).isEmpty();
        }
        assertThat(gallery.myPhotos(gina, 0, 10)).hasSize(1);
    }

    @Test
    void aCrashAfterAccepting_leavesTheFilePending_andResumeSavesIt() throws IOException {
        User hank = bed.services.accounts().signUp("hank", "hank's password".toCharArray());
        // what a crash right after accepting leaves behind: a journal entry nobody processed
        UploadJournal journal = new UploadJournal(bed.config.appData().resolve("uploads"));
        journal.accept(hank, images.jpeg("crash.jpg", 640, 480), "crash.jpg", null, Instant.now());
        assertThat(bed.services.uploads().pendingCount(hank)).isEqualTo(1);
        assertThat(bed.services.uploads().pending(hank)).singleElement()
                .satisfies(entry -> assertThat(entry.originalName()).isEqualTo("crash.jpg"))
                .satisfies(entry -> assertThat(entry.sourcePath()).endsWith("crash.jpg"));

        List<UploadResult> resumed = bed.services.uploads().resume(hank, e -> { }).stream().map(CompletableFuture::join).toList();

        assertThat(resumed).extracting(UploadResult::outcome).containsExactly(Stage.DONE);
        assertThat(bed.services.uploads().pendingCount(hank)).isZero();
        assertThat(bed.services.gallery().myPhotos(hank, 0, 10)).extracting(Photo::originalName).containsExactly("crash.jpg");
    }

    @Test
    void s3Failing_leavesNothingHalfSaved_andTheFilePendingUntilS3IsBack() throws IOException {
        User ivy = bed.services.accounts().signUp("ivy", "ivy's password".toCharArray());
        bed.cloud.server().faults().add(new xraygallery.localcloud.faults.FaultRule(
                null, "s3", "PutObject", null, 503, null, null, null, 100));
        try {
            UploadResult result = upload(ivy, images.jpeg("s3-down.jpg", 640, 480)).get(0);

            assertThat(result.outcome()).isEqualTo(Stage.PENDING);
            assertThat(result.message()).contains("ServiceUnavailable").contains("will retry");
            assertThat(bed.services.gallery().myPhotos(ivy, 0, 10)).isEmpty();
            assertThat(bed.cloud.s3().listObjectsV2(b -> b.bucket(bed.config.bucket()).prefix("photos/" + ivy.id() + "/"))
                    .contents()).isEmpty();
        } finally {
            bed.cloud.server().faults().clear();
        }

        List<UploadResult> resumed = bed.services.uploads().resume(ivy, e -> { }).stream().map(CompletableFuture::join).toList();

        assertThat(resumed).extracting(UploadResult::outcome).containsExactly(Stage.DONE);
        assertThat(bed.services.gallery().myPhotos(ivy, 0, 10)).hasSize(1);
    }

    @Test
    void photoBytes_comeAsAStreamAPresignedUrlOrACachedThumbnail() throws Exception {
        User kim = bed.services.accounts().signUp("kim", "kim's password".toCharArray());
        Path file = images.jpeg("kims.jpg", 800, 600);
        long id = upload(kim, file).get(0).photoId();
        Gallery gallery = bed.services.gallery();
        Photo photo = gallery.detail(kim, id).photo();

        try (var in = gallery.open(kim, id, Gallery.Variant.ORIGINAL)) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(file));
        }
        java.net.URI url = gallery.presignedUrl(kim, id, Gallery.Variant.DISPLAY, java.time.Duration.ofMinutes(5));
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(url).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(response.body())).getWidth()).isEqualTo(800);

        Path thumbnail = gallery.thumbnail(kim, photo);
        store().delete(photo.thumbnailKey()); // from now on only the cache has it
        assertThat(gallery.thumbnail(kim, photo)).isEqualTo(thumbnail).exists();
        assertThat(javax.imageio.ImageIO.read(thumbnail.toFile()).getWidth()).isEqualTo(320);
        assertThatThrownBy(() -> gallery.thumbnail(bob, photo)).isInstanceOf(Gallery.NoSuchPhotoException.class);
    }

    @Test
    void missingFile_isAClearFailure() throws IOException {
        UploadResult result = upload(bob, images.dir().resolve("no-such-photo.jpg")).get(0);

        assertThat(result.outcome()).isEqualTo(Stage.FAILED);
        assertThat(result.message()).contains("does not exist");
        assertThat(Files.exists(images.dir().resolve("no-such-photo.jpg"))).isFalse();
    }

    @Test
    void eachFile_hasItsOwnId_soTwoFilesOfTheSameName_areTwoUploads() throws IOException {
        User lena = bed.services.accounts().signUp("lena", "lena's password".toCharArray());
        Path first = Files.createDirectories(images.dir().resolve("trip-2019")).resolve("a.jpg");
        Path second = Files.createDirectories(images.dir().resolve("trip-2020")).resolve("a.jpg");
        Files.copy(images.jpeg("a-2019.jpg", 401, 300), first);
        Files.copy(images.jpeg("a-2020.jpg", 402, 300), second);
        List<UploadEvent> events = Collections.synchronizedList(new ArrayList<>());

        List<UploadResult> results = upload(lena, events::add, first, second);

        assertThat(results).extracting(UploadResult::outcome).containsExactly(Stage.DONE, Stage.DONE);
        assertThat(results).extracting(UploadResult::fileName).containsExactly("a.jpg", "a.jpg");
        assertThat(results.get(0).uploadId()).isNotEqualTo(results.get(1).uploadId());
        Map<String, List<UploadEvent>> byId = events.stream().collect(Collectors.groupingBy(UploadEvent::uploadId));
        assertThat(byId).containsOnlyKeys(results.get(0).uploadId(), results.get(1).uploadId());
        assertThat(byId.get(results.get(0).uploadId())).extracting(UploadEvent::source).containsOnly(first);
        assertThat(byId.get(results.get(1).uploadId())).extracting(UploadEvent::source).containsOnly(second);
    }

    @Test
    void events_carryTheTraceId_fromTheMomentTheActionStarts_andDoneCarriesPhotoAndLabels() throws IOException {
        User mona = bed.services.accounts().signUp("mona", "mona's password".toCharArray());
        List<UploadEvent> events = Collections.synchronizedList(new ArrayList<>());

        UploadResult result = upload(mona, events::add, images.photo("dog.jpg")).get(0);

        assertThat(result.traceId()).startsWith("1-");
        List<Stage> untraced = events.stream().takeWhile(e -> e.traceId() == null).map(UploadEvent::stage).toList();
        List<UploadEvent> traced = events.subList(untraced.size(), events.size());
        assertThat(untraced).containsExactly(Stage.VALIDATING, Stage.QUEUED);
        assertThat(traced.get(0).stage()).as("the first event inside the action").isEqualTo(Stage.VALIDATING);
        assertThat(traced).extracting(UploadEvent::traceId).containsOnly(result.traceId());
        UploadEvent done = events.get(events.size() - 1);
        assertThat(done.stage()).isEqualTo(Stage.DONE);
        assertThat(done.photoId()).isEqualTo(result.photoId());
        assertThat(done.labels()).contains("Dog");
    }

    @Test
    void filesNotYetStarted_canBeCancelled_andLeaveTheJournal_whileTheOthersGoOn() throws Exception {
        User nora = bed.services.accounts().signUp("nora", "nora's password".toCharArray());
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            files.add(images.jpeg("cancel-" + i + ".jpg", 300 + i, 200));
        }
        int workers = 3; // GalleryTestBed's upload parallelism
        CountDownLatch allBusy = new CountDownLatch(workers);
        CountDownLatch release = new CountDownLatch(1);
        List<UploadEvent> events = Collections.synchronizedList(new ArrayList<>());
        // every worker waits at its file's first step, so the files behind them are certainly not started
        List<CompletableFuture<UploadResult>> futures = bed.services.uploads().upload(nora, files, event -> {
            events.add(event);
            if (event.stage() == Stage.RESIZING) {
                allBusy.countDown();
                await(release);
            }
        });
        assertThat(allBusy.await(2, TimeUnit.MINUTES)).isTrue();
        String running = idOf(events, "cancel-0.jpg");
        String waiting = idOf(events, "cancel-4.jpg");

        assertThat(bed.services.uploads().cancel(running)).as("a started file goes on").isFalse();
        assertThat(bed.services.uploads().cancel(waiting)).isTrue();
        assertThat(bed.services.uploads().cancel(waiting)).as("only once").isFalse();
        assertThat(bed.services.uploads().pending(nora)).extracting(UploadJournal.Entry::id).doesNotContain(waiting);
        release.countDown();
        List<UploadResult> results = futures.stream().map(CompletableFuture::join).toList();

        assertThat(results).extracting(UploadResult::outcome).containsExactly(
                Stage.DONE, Stage.DONE, Stage.DONE, Stage.DONE, Stage.CANCELLED, Stage.DONE);
        assertThat(events).filteredOn(e -> e.uploadId().equals(waiting)).extracting(UploadEvent::stage)
                .containsExactly(Stage.VALIDATING, Stage.QUEUED, Stage.CANCELLED);
        assertThat(bed.services.gallery().myPhotos(nora, 0, 10)).hasSize(5);
        assertThat(bed.services.uploads().pendingCount(nora)).isZero();
    }

    @Test
    void aFailedFile_isRetriedFromWhereItWasPicked_underTheSameId() throws IOException {
        User olaf = bed.services.accounts().signUp("olaf", "olaf's password".toCharArray());
        Path file = images.bytes("later.jpg", "not yet a photo".getBytes());
        UploadResult refused = upload(olaf, file).get(0);
        assertThat(refused.outcome()).isEqualTo(Stage.FAILED);
        Files.copy(images.jpeg("fixed.jpg", 500, 300), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<UploadEvent> events = Collections.synchronizedList(new ArrayList<>());

        UploadResult retried = bed.services.uploads().retry(olaf, refused.uploadId(), events::add).join();

        assertThat(retried.outcome()).isEqualTo(Stage.DONE);
        assertThat(retried.uploadId()).isEqualTo(refused.uploadId());
        assertThat(events).extracting(UploadEvent::uploadId).containsOnly(refused.uploadId());
        assertThat(events.get(0).stage()).isEqualTo(Stage.VALIDATING);
    }

    @Test
    void retryingAFileThatIsGone_saysSo() throws IOException {
        User pia = bed.services.accounts().signUp("pia", "pia's password".toCharArray());
        Path file = images.bytes("gone.jpg", "not a photo".getBytes());
        UploadResult refused = upload(pia, file).get(0);
        Files.delete(file);
        List<UploadEvent> events = Collections.synchronizedList(new ArrayList<>());

        UploadResult retried = bed.services.uploads().retry(pia, refused.uploadId(), events::add).join();

        assertThat(retried.outcome()).isEqualTo(Stage.FAILED);
        assertThat(retried.message()).contains("no longer at").contains("gone.jpg");
        assertThat(events).singleElement().satisfies(e -> assertThat(e.uploadId()).isEqualTo(refused.uploadId()));
    }

    @Test
    void aFileThatVanishesBeforeItIsAccepted_fails_whileOneThatVanishesAfterIsSafeInTheJournal() throws IOException {
        User quinn = bed.services.accounts().signUp("quinn", "quinn's password".toCharArray());
        Path first = images.jpeg("stays.jpg", 320, 240);
        Path second = images.jpeg("deleted-after.jpg", 321, 240);
        Path third = images.jpeg("deleted-before.jpg", 322, 240);
        // accepting goes file by file on this thread: when the second is accepted, the third is not yet
        List<UploadResult> results = upload(quinn, event -> {
            if (event.stage() == Stage.QUEUED && event.fileName().equals("deleted-after.jpg")) {
                try {
                    Files.delete(second);
                    Files.delete(third);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }, first, second, third);

        assertThat(results).extracting(UploadResult::outcome).containsExactly(Stage.DONE, Stage.DONE, Stage.FAILED);
        assertThat(results.get(2).message()).isEqualTo("The file does not exist.");
        assertThat(results.get(2).traceId()).as("refused before any action started").isNull();
    }

    private static String idOf(List<UploadEvent> events, String name) {
        synchronized (events) {
            return events.stream().filter(e -> e.fileName().equals(name)).findFirst().orElseThrow().uploadId();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
