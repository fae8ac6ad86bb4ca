package xraygallery.photos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import xraygallery.photos.UploadEvent.Stage;

/**
 * An upload's result is handed out only after its traced action has ended: a caller that waits for the results
 * and then closes tracing (the CLI) never cuts the last trace off.
 */
@Tag("integration")
class UploadResultAfterTraceTest {
    /** For each upload action that ended: whether a result was already out when it did. */
    private static final Map<String, Boolean> resultOutWhenActionEnded = new ConcurrentHashMap<>();
    private static final Map<String, CompletableFuture<UploadResult>> futuresByName = new ConcurrentHashMap<>();
    private static GalleryTestBed bed;
    private static PhotoFiles images;

    @BeforeAll
    static void start() throws IOException {
        ActionTracing watching = new ActionTracing() {
            @Override
            public <T> T action(String action, String user, Work<T> work) throws IOException {
                T result = work.run();
                if (result instanceof UploadResult upload) {
                    CompletableFuture<UploadResult> future = futuresByName.get(upload.fileName());
                    resultOutWhenActionEnded.put(upload.fileName(), future != null && future.isDone());
                }
                return result;
            }

            @Override
            public <T> T step(String name, Work<T> work) throws IOException {
                return work.run();
            }

            @Override
            public String currentTraceId() {
                return "1-00000000-000000000000000000000001";
            }
        };
        bed = GalleryTestBed.start("result-after-trace", true, watching, 1);
        images = new PhotoFiles("result-after-trace");
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    @Test
    void theResultComesOnlyAfterTheUploadsActionHasEnded() throws IOException {
        User user = bed.services.accounts().signUp("patient", "patient password".toCharArray());
        List<CompletableFuture<UploadResult>> futures = bed.services.uploads().upload(user,
                List.of(images.jpeg("first.jpg", 320, 240), images.jpeg("second.jpg", 640, 480)), event -> { });
        futures.forEach(f -> f.thenAccept(r -> { }));
        // the futures are known before the first action can end (one worker, the second waits its turn)
        futuresByName.put("first.jpg", futures.get(0));
        futuresByName.put("second.jpg", futures.get(1));

        assertThat(futures).extracting(f -> f.join().outcome()).containsOnly(Stage.DONE);
        assertThat(resultOutWhenActionEnded).containsEntry("second.jpg", false);
    }
}
