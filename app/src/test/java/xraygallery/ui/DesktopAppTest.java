package xraygallery.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import software.amazon.awssdk.services.xray.model.TraceSummary;
import xraygallery.daemon.DaemonFixture;
import xraygallery.localcloud.LocalCloudFixture;

/**
 * The whole window on Monocle against a real local cloud and daemon: a newcomer's first minutes — sign up,
 * start the database, see the gallery, stop the database — each action a trace in the daemon.
 */
@Tag("integration")
class DesktopAppTest {
    private static LocalCloudFixture cloud;
    private static DaemonFixture daemon;
    private static GalleryApp app;
    private static final FxRobot robot = new FxRobot();

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloudFixture.start("desktop");
        daemon = DaemonFixture.start("desktop");
        app = FixtureWindow.open(cloud, daemon.daemonAddress());
    }

    @AfterAll
    static void stop() throws Exception {
        FxToolkit.cleanupApplication(app);
        daemon.close();
        cloud.close();
    }

    private static void awaitShown(String query) {
        await().atMost(Duration.ofMinutes(2)).until(() -> robot.lookup(query).tryQuery()
                .filter(node -> node.isVisible() && node.getScene() != null).isPresent());
    }

    private static String text(String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    private static Set<String> actionsTraced() {
        List<TraceSummary> summaries = daemon.xray().getTraceSummaries(r -> r.startTime(Instant.now().minusSeconds(900))
                .endTime(Instant.now().plusSeconds(5))).traceSummaries();
        return summaries.stream().flatMap(s -> s.annotations().getOrDefault("action", List.of()).stream())
                .map(v -> v.annotationValue().stringValue()).collect(Collectors.toSet());
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> work) {
        try {
            return org.testfx.util.WaitForAsyncUtils.asyncFx(work).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The visible texts of each upload row, by file name. */
    private static Map<String, List<String>> uploadRows() {
        return onFx(() -> robot.lookup(".upload-row").queryAll().stream()
                .map(row -> ((javafx.scene.Parent) row).lookupAll(".label").stream()
                        .filter(javafx.scene.Node::isVisible).map(node -> ((Label) node).getText())
                        .filter(t -> t != null && !t.isEmpty()).toList())
                .collect(Collectors.toMap(texts -> texts.get(0), texts -> texts, (a, b) -> a)));
    }

    /** The label chips under each tile of the grid, in order. */
    private static List<List<String>> tileChips() {
        return onFx(() -> robot.lookup(".photo-tile").queryAll().stream()
                .filter(javafx.scene.Node::isVisible)
                .map(tile -> ((javafx.scene.Parent) tile).lookupAll(".chip").stream()
                        .filter(javafx.scene.Node::isVisible).map(chip -> ((Label) chip).getText()).toList())
                .filter(chips -> !chips.isEmpty())
                .toList());
    }

    @Test
    void aNewcomer_signsUp_startsTheDatabase_dropsPhotos_opensOne_deletesIt_andStopsTheDatabase_eachActionATrace()
            throws Exception {
        awaitShown("#userName");
        assertThat(text("#worldChip")).isEqualTo("Local · " + cloud.endpoint().getAuthority());
        await().atMost(Duration.ofSeconds(30)).until(() -> text("#databaseHeadline").endsWith("is stopped"));

        robot.clickOn("#startDatabase");
        await().atMost(Duration.ofMinutes(2)).until(() -> text("#databaseHeadline").endsWith("is available"));
        assertThat(robot.lookup("#databaseHint").query().isVisible()).isFalse();

        robot.clickOn("#switchSignInMode");
        robot.clickOn("#userName").write("newcomer").type(KeyCode.TAB).write("a good password")
                .type(KeyCode.TAB).write("a good password").type(KeyCode.ENTER);
        awaitShown("#galleryHeadline");
        assertThat(robot.lookup("#userMenu").query().isVisible()).isTrue();

        // two photos and a text file dragged in from a file manager and dropped on the gallery
        xraygallery.photos.PhotoFiles files = new xraygallery.photos.PhotoFiles("desktop-drop");
        List<java.io.File> dropped = List.of(files.photo("dog.jpg").toFile(), files.photo("giraffe.jpg").toFile(),
                files.bytes("notes.txt", "a shopping list".getBytes()).toFile());
        javafx.scene.Node gallery = robot.lookup("#galleryHeadline").query();
        xraygallery.ui.upload.FileDrag drag = onFx(() -> xraygallery.ui.upload.FileDrag.ofFiles(gallery.getScene(), dropped));
        onFx(() -> drag.enter(gallery));
        onFx(() -> drag.over(gallery));
        assertThat(onFx(drag::drop)).isEqualTo(javafx.scene.input.TransferMode.COPY);

        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            Map<String, List<String>> rows = uploadRows();
            assertThat(rows.get("dog.jpg")).contains("Done");
            assertThat(rows.get("giraffe.jpg")).contains("Done");
            assertThat(rows.get("notes.txt")).contains("Failed",
                    "The file is not an image; JPEG, PNG, GIF and BMP are accepted.");
            assertThat(text("#galleryHeadline")).isEqualTo("2 photos");
            assertThat(tileChips()).hasSize(2).anySatisfy(chips -> assertThat(chips).contains("Dog"))
                    .anySatisfy(chips -> assertThat(chips).contains("Giraffe"));
        });

        // open the newest photo (the grid is newest first), then delete it after confirming
        robot.clickOn(".photo-tile").type(KeyCode.ENTER);
        await().atMost(Duration.ofSeconds(30)).until(() -> robot.lookup("#photoDetail").query().isVisible()
                && robot.lookup("#detailImage").queryAs(javafx.scene.image.ImageView.class).getImage() != null);
        String opened = text("#detailFileName");
        assertThat(opened).isIn("dog.jpg", "giraffe.jpg");
        robot.clickOn("#detailDelete");
        await().atMost(Duration.ofSeconds(10)).until(() -> robot.lookup("#confirmDelete").query().isVisible());
        robot.clickOn("#confirmDeleteButton");
        await().atMost(Duration.ofSeconds(30)).until(() -> text("#galleryHeadline").equals("1 photo")
                && !robot.lookup("#detailLayer").query().isVisible());

        robot.clickOn("#stopDatabase");
        await().atMost(Duration.ofMinutes(1)).until(() -> text("#databaseHeadline").endsWith("is stopped"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(robot.lookup("#startDatabase").queryAs(Button.class).isDisabled()).isFalse();
            assertThat(robot.lookup("#stopDatabase").queryAs(Button.class).isDisabled()).isTrue();
        });

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(actionsTraced())
                .contains("db_status", "db_start", "db_wait", "sign_up", "list_photos", "upload", "view_photo",
                        "delete_photo", "db_stop"));
    }
}
