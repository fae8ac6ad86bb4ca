package xraygallery.photos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import xraygallery.photos.UploadEvent.Stage;

/** The app closes while files wait: the one under way finishes, the others stay in the journal for next time. */
@Tag("integration")
class UploadPipelineCloseTest {

    @Test
    void closing_letsTheUploadUnderWayFinish_andLeavesTheFilesNotStartedPending() throws Exception {
        try (GalleryTestBed bed = GalleryTestBed.start("closing", true, ActionTracing.none(), 1)) {
            PhotoFiles images = new PhotoFiles("closing");
            User user = bed.services.accounts().signUp("cleo", "cleo's password".toCharArray());
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                files.add(images.jpeg("closing-" + i + ".jpg", 300 + i, 200));
            }
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // the one worker is busy with the first file until the pipeline has been closed
            List<CompletableFuture<UploadResult>> futures = bed.services.uploads().upload(user, files, event -> {
                if (event.fileName().equals("closing-0.jpg") && event.stage() == Stage.RESIZING) {
                    busy.countDown();
                    try {
                        release.await(2, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            assertThat(busy.await(2, TimeUnit.MINUTES)).isTrue();

            bed.services.uploads().close();
            release.countDown();
            List<UploadResult> results = futures.stream().map(CompletableFuture::join).toList();

            assertThat(results).extracting(UploadResult::outcome).containsExactly(Stage.DONE, Stage.PENDING, Stage.PENDING);
            assertThat(results.get(1).message()).contains("app closed");
            assertThat(bed.services.uploads().pending(user)).extracting(UploadJournal.Entry::originalName)
                    .containsExactlyInAnyOrder("closing-1.jpg", "closing-2.jpg");
        }
    }
}
