package xraygallery.ui.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import xraygallery.photos.GalleryTestBed;
import xraygallery.photos.MadeUpTraceIds;
import xraygallery.photos.PhotoFiles;
import xraygallery.photos.UploadEvent.Stage;
import xraygallery.photos.User;
import xraygallery.ui.common.FxTaskExecutor;
import xraygallery.ui.common.Notifier;
import xraygallery.ui.common.Theme;

/**
 * The upload queue in a window on Monocle, on the real pipeline: files dropped on the window from outside (through
 * the scene's own drop-target entry point) show a drop zone while dragged, then upload; each row shows its outcome.
 */
@ExtendWith(ApplicationExtension.class)
@Tag("integration")
class UploadQueueViewTest {
    private static final String NOT_AN_IMAGE = "The file is not an image; JPEG, PNG, GIF and BMP are accepted.";
    private static GalleryTestBed bed;
    private static PhotoFiles images;
    private static FxTaskExecutor tasks;
    private static final AtomicInteger users = new AtomicInteger();

    private UploadQueueViewModel queue;
    private StackPane window;
    private Node gallery;
    private Scene scene;

    @BeforeAll
    static void startCloud() throws IOException {
        bed = GalleryTestBed.start("upload-view", true, new MadeUpTraceIds(), 2);
        images = new PhotoFiles("upload-view");
        tasks = new FxTaskExecutor(2);
    }

    @AfterAll
    static void stopCloud() {
        tasks.close();
        bed.close();
    }

    @Start
    void start(javafx.stage.Stage stage) {
        Theme.LIGHT.apply();
        String name = "viewer" + users.incrementAndGet();
        User user = bed.services.accounts().signUp(name, (name + "'s password").toCharArray());
        queue = new UploadQueueViewModel(bed.services.uploads(), user, tasks, Notifier.silent(), id -> { });
        UploadQueueView view = new UploadQueueView(queue);
        Label standIn = new Label("the gallery");
        StackPane galleryPane = new StackPane(standIn);
        galleryPane.setId("galleryStandIn");
        gallery = galleryPane;
        BorderPane layout = new BorderPane(galleryPane);
        layout.setRight(view.root());
        window = new StackPane(layout);
        view.installDropTarget(window);
        scene = new Scene(window, 1100, 760);
        scene.getStylesheets().add(Theme.appStylesheet());
        stage.setScene(scene);
        stage.show();
    }

    private static <T> T onFx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean dropZoneShown(FxRobot robot) {
        return onFx(() -> robot.lookup("#uploadDropZone").query().isVisible()
                && window.getPseudoClassStates().contains(UploadQueueView.DRAGGING_FILES));
    }

    /** What each visible row shows: its labels' texts, by file name. */
    private Map<String, List<String>> shownRows(FxRobot robot) {
        return onFx(() -> robot.lookup(".upload-row").queryAll().stream()
                .map(row -> ((javafx.scene.Parent) row).lookupAll(".label").stream()
                        .filter(Node::isVisible).map(node -> ((Label) node).getText())
                        .filter(text -> text != null && !text.isEmpty()).toList())
                .collect(Collectors.toMap(texts -> texts.get(0), texts -> texts, (a, b) -> a)));
    }

    @Test
    void twoPhotosAndATextFile_droppedOnTheWindow_uploadTheTwo_andSayWhyNotTheThird(FxRobot robot) throws IOException {
        Path dog = images.photo("dog.jpg");
        Path kite = images.photo("kite.jpg");
        Path notes = images.bytes("notes.txt", "a shopping list".getBytes());
        FileDrag drag = onFx(() -> FileDrag.ofFiles(scene, List.of(dog.toFile(), kite.toFile(), notes.toFile())));
        assertThat(dropZoneShown(robot)).isFalse();

        onFx(() -> drag.enter(gallery));
        assertThat(dropZoneShown(robot)).as("shown as the files come over the window").isTrue();
        assertThat(onFx(() -> drag.over(gallery))).isEqualTo(TransferMode.COPY);
        assertThat(dropZoneShown(robot)).isTrue();
        assertThat(onFx(drag::drop)).as("the drop is completed").isEqualTo(TransferMode.COPY);
        assertThat(dropZoneShown(robot)).as("gone after the drop").isFalse();

        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            Map<String, List<String>> rows = shownRows(robot);
            assertThat(rows).containsOnlyKeys("dog.jpg", "kite.jpg", "notes.txt");
            assertThat(rows.get("dog.jpg")).contains("Done").anySatisfy(text -> assertThat(text).contains("Dog"));
            assertThat(rows.get("kite.jpg")).contains("Done").anySatisfy(text -> assertThat(text).contains("Kite"));
            assertThat(rows.get("notes.txt")).contains("Failed", NOT_AN_IMAGE);
        });
        assertThat(shownRows(robot).get("dog.jpg")).as("its trace id, once its action started")
                .anySatisfy(text -> assertThat(text).startsWith("1-5f000000-"));
        assertThat(onFx(() -> robot.lookup("#uploadSummary").queryAs(Label.class).getText()))
                .isEqualTo("2 of 3 uploaded, 1 failed");
    }

    @Test
    void textDraggedOverTheWindow_isNotTaken_andShowsNoDropZone(FxRobot robot) {
        FileDrag drag = onFx(() -> FileDrag.ofText(scene, "just some words"));

        onFx(() -> drag.enter(gallery));
        assertThat(onFx(() -> drag.over(gallery))).isNull();
        assertThat(dropZoneShown(robot)).isFalse();
        onFx(() -> {
            drag.leave();
            return null;
        });
        assertThat(queue.rows()).isEmpty();
    }

    @Test
    void aDragThatLeavesWithoutDropping_takesTheDropZoneAway(FxRobot robot) throws IOException {
        Path photo = images.jpeg("left.jpg", 200, 100);
        FileDrag drag = onFx(() -> FileDrag.ofFiles(scene, List.of(photo.toFile())));

        onFx(() -> drag.enter(gallery));
        assertThat(dropZoneShown(robot)).isTrue();
        onFx(() -> {
            drag.leave();
            return null;
        });

        assertThat(dropZoneShown(robot)).isFalse();
        assertThat(queue.rows()).isEmpty();
    }

    @Test
    void theSelectedRowsTraceId_isExposed_andCopiedWithCtrlC(FxRobot robot) throws IOException {
        Path photo = images.jpeg("traced.jpg", 640, 400);
        robot.interact(() -> queue.addFiles(List.of(photo)));
        await().atMost(Duration.ofMinutes(2)).until(() -> onFx(() -> !queue.rows().isEmpty()
                && queue.rows().get(0).stage() == Stage.DONE));

        robot.clickOn("traced.jpg");
        String traceId = onFx(() -> queue.rows().get(0).traceId());
        assertThat(onFx(() -> queue.selectedTraceIdProperty().get())).isEqualTo(traceId).startsWith("1-");
        robot.press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);

        assertThat(onFx(() -> Clipboard.getSystemClipboard().getString())).isEqualTo(traceId);
        assertThat(onFx(() -> robot.lookup("#uploadList").queryAs(ListView.class).getItems())).hasSize(1);
    }
}
