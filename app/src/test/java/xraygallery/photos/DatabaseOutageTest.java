package xraygallery.photos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import xraygallery.photos.UploadEvent.Stage;

/** The database stops in the middle of a batch: nothing accepted is lost. */
@Tag("integration")
class DatabaseOutageTest {

    @Test
    void databaseStoppedMidBatch_leavesTheRestPending_andResumeSavesThemAll() throws IOException {
        try (GalleryTestBed bed = GalleryTestBed.start("outage", true, ActionTracing.none(), 1)) {
            PhotoFiles images = new PhotoFiles("outage");
            User user = bed.services.accounts().signUp("olga", "olga's password".toCharArray());
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                files.add(images.jpeg("batch-" + i + ".jpg", 320 + i, 240));
            }
            AtomicBoolean stopped = new AtomicBoolean();

            // one file at a time; when the first is saved, the database goes down before the next starts
            List<UploadResult> results = bed.services.uploads().upload(user, files, event -> {
                if (event.stage() == Stage.DONE && stopped.compareAndSet(false, true)) {
                    try {
                        bed.stopDatabase();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }).stream().map(CompletableFuture::join).toList();

            assertThat(results).extracting(UploadResult::outcome)
                    .containsExactly(Stage.DONE, Stage.PENDING, Stage.PENDING, Stage.PENDING);
            assertThat(results.get(1).message()).contains("not available");
            assertThat(bed.services.uploads().pendingCount(user)).isEqualTo(3);

            bed.startDatabase();
            List<UploadResult> resumed = bed.services.uploads().resume(user, e -> { }).stream()
                    .map(CompletableFuture::join).toList();

            assertThat(resumed).extracting(UploadResult::outcome).containsOnly(Stage.DONE).hasSize(3);
            assertThat(bed.services.gallery().myPhotos(user, 0, 10)).extracting(Photo::originalName)
                    .containsExactlyInAnyOrder("batch-0.jpg", "batch-1.jpg", "batch-2.jpg", "batch-3.jpg");
            assertThat(bed.services.uploads().pendingCount(user)).isZero();
        }
    }
}
