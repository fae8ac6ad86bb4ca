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
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xraygallery.cloud.Labeler.Label;
import xraygallery.cloud.PhotoStore;
import xraygallery.photos.UploadEvent.Stage;

/** Uploads through the real pipeline: local S3, offline Rekognition and MariaDB behind RDS. */
class UploadPipelineTest {
    private static GalleryTestBed bed;
    private static PhotoFiles images;
    private static User alice;
    private static User bob;

    @BeforeAll
    static void start() throws IOException {
        bed = GalleryTestBed.start("uploads", true, ActionTracing.none());
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
}
