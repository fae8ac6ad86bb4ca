package xraygallery.ui.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import xraygallery.photos.GallerySeed;
import xraygallery.photos.PageRequest;
import xraygallery.photos.User;
import xraygallery.ui.common.FxTaskExecutor;
import xraygallery.ui.common.RecordingNotifier;
import xraygallery.ui.common.Theme;

/** The gallery window on Monocle against a real local cloud: grid, search, detail, delete, bad input. */
@ExtendWith(ApplicationExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GalleryViewTest {
    private static GalleryCloud cloud;
    private final FxTaskExecutor tasks = new FxTaskExecutor(2);
    private final RecordingNotifier notifier = new RecordingNotifier();
    private Stage stage;
    private GalleryView view;

    @BeforeAll
    static void startCloud() throws Exception {
        cloud = GalleryCloud.start("gallery-view");
    }

    @AfterAll
    static void stopCloud() {
        cloud.close();
    }

    @Start
    void start(Stage stage) {
        Theme.LIGHT.apply();
        this.stage = stage;
        stage.setScene(new Scene(new javafx.scene.layout.StackPane(), 1200, 800));
        stage.show();
    }

    @AfterEach
    void closeView() {
        if (view != null) {
            WaitForAsyncUtils.asyncFx(view::close);
        }
        tasks.close();
    }

    private void show(FxRobot robot, User user) {
        robot.interact(() -> {
            view = new GalleryView(new GalleryViewModel(cloud.gallery(), user, tasks, notifier));
            stage.getScene().setRoot(view.root());
            view.load();
        });
    }

    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }

    private static void until(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(condition));
    }

    private String headline(FxRobot robot) {
        return robot.lookup("#galleryHeadline").queryAs(Label.class).getText();
    }

    @Test
    @Order(1)
    void theGrid_showsTheNewestFirstWithChips_andTheKeyboardMovesAndOpens(FxRobot robot) throws Exception {
        User user = cloud.userWith("grace", 150, true);
        show(robot, user);

        until(() -> headline(robot).equals("150 photos") && view.screenComplete());
        Node first = robot.lookup(".photo-tile").match(n -> "seed-149.jpg".equals(n.getAccessibleText())).query();
        assertThat(first.isVisible()).isTrue();
        assertThat(robot.from(first).lookup(".chip").queryAll()).isNotEmpty();

        robot.clickOn(first);
        assertThat(fx(() -> view.viewModel().selectedProperty().get().photo().originalName())).isEqualTo("seed-149.jpg");
        robot.type(KeyCode.RIGHT).type(KeyCode.RIGHT);
        assertThat(fx(() -> view.viewModel().selectedIndexProperty().get())).isEqualTo(2);
        assertThat(view.selectedTraceIdProperty().get()).isEqualTo(fx(() ->
                view.viewModel().selectedProperty().get().photo().uploadTraceId()));

        robot.type(KeyCode.END);
        until(() -> view.viewModel().selectedProperty().get() != null && view.screenComplete());
        assertThat(fx(() -> view.viewModel().selectedProperty().get().photo().originalName())).isEqualTo("seed-0.jpg");

        robot.type(KeyCode.ENTER);
        until(() -> robot.lookup("#photoDetail").query().isVisible()
                && !view.viewModel().detail().loadingProperty().get());
        assertThat(robot.lookup("#detailFileName").queryAs(Label.class).getText()).isEqualTo("seed-0.jpg");
        robot.type(KeyCode.ESCAPE);
        until(() -> !robot.lookup("#detailLayer").query().isVisible());
        assertThat(fx(() -> robot.lookup("#photoGrid").queryAs(ListView.class).isFocused())).isTrue();
    }

    @Test
    @Order(2)
    void theSearch_filtersByLabelWithItsCount_clearingShowsAll_andBadInputGetsTheServicesMessage(FxRobot robot)
            throws Exception {
        User user = cloud.userWith("sean", 40, false);
        show(robot, user);
        until(() -> headline(robot).equals("40 photos"));

        robot.interact(view::focusSearch);
        assertThat(robot.lookup("#gallerySearch").queryAs(TextField.class).isFocused()).isTrue();
        robot.write("DOG").type(KeyCode.ENTER);
        until(() -> headline(robot).equals("5 photos labelled DOG*") && view.screenComplete());

        robot.type(KeyCode.ESCAPE);
        until(() -> headline(robot).equals("40 photos"));

        robot.write("   ").type(KeyCode.ENTER);
        until(() -> robot.lookup("#searchMessage").queryAs(Label.class).getText()
                .equals("Search for a label of 1 to 128 characters."));
        assertThat(headline(robot)).isEqualTo("40 photos");

        robot.interact(() -> view.viewModel().searchProperty().set("k".repeat(129)));
        robot.type(KeyCode.ENTER);
        until(() -> robot.lookup("#searchMessage").queryAs(Label.class).getText()
                .equals("Search for a label of 1 to 128 characters."));

        robot.interact(() -> view.viewModel().searchProperty().set("zebra"));
        robot.type(KeyCode.ENTER);
        until(() -> headline(robot).equals("0 photos labelled zebra*"));
        assertThat(robot.lookup("#galleryEmpty").query().isVisible()).isTrue();
        assertThat(robot.lookup("#searchMessage").query().isVisible()).isFalse();
    }

    @Test
    @Order(3)
    void theDetail_drawsBoxesAndFacesOnDemand_andCopiesTheUploadTraceId(FxRobot robot) throws Exception {
        User user = cloud.userWith("dora", 8, true);
        show(robot, user);
        until(view::screenComplete);
        // seed-6 is the astronaut: a person box and a face
        Node astronaut = robot.lookup(".photo-tile").match(n -> "seed-6.jpg".equals(n.getAccessibleText())).query();
        robot.doubleClickOn(astronaut);
        until(() -> !view.viewModel().detail().loadingProperty().get()
                && robot.lookup("#detailImage").queryAs(javafx.scene.image.ImageView.class).getImage() != null);
        assertThat(robot.lookup(".detected-box").queryAll()).isEmpty();
        assertThat(robot.lookup("#detailLabels").lookup(".label-name").queryAllAs(Label.class))
                .extracting(Label::getText).containsExactly("Human", "Person");

        robot.clickOn("#toggleBoxes");
        until(() -> robot.lookup(".detected-box.object-box").queryAll().size() == 1);
        robot.clickOn("#toggleFaces");
        until(() -> robot.lookup(".detected-box.face-box").queryAll().size() == 1);
        robot.clickOn("#toggleBoxes");
        until(() -> robot.lookup(".detected-box.object-box").queryAll().isEmpty());

        String traceId = fx(() -> view.selectedTraceIdProperty().get());
        assertThat(traceId).matches("1-[0-9a-f]{8}-[0-9a-f]{24}");
        assertThat(robot.lookup("#detailTraceId").queryAs(Label.class).getText()).isEqualTo(traceId);
        robot.clickOn("#copyTraceId");
        assertThat(fx(() -> Clipboard.getSystemClipboard().getString())).isEqualTo(traceId);
        assertThat(notifier.infos).anyMatch(m -> m.contains(traceId));

        robot.clickOn("#detailBack");
        until(() -> !robot.lookup("#detailLayer").query().isVisible());
    }

    @Test
    @Order(4)
    void delete_asksFirst_escapeKeepsThePhoto_andConfirmingRemovesIt(FxRobot robot) throws Exception {
        User user = cloud.userWith("dirk", 6, true);
        show(robot, user);
        until(() -> headline(robot).equals("6 photos") && view.screenComplete());
        robot.clickOn(robot.lookup(".photo-tile").match(n -> "seed-4.jpg".equals(n.getAccessibleText())).queryAs(Node.class));

        robot.type(KeyCode.DELETE);
        until(() -> robot.lookup("#confirmDelete").query().isVisible());
        assertThat(robot.lookup("#confirmDeleteTitle").queryAs(Label.class).getText()).isEqualTo("Delete seed-4.jpg?");
        robot.type(KeyCode.ESCAPE);
        until(() -> !robot.lookup("#confirmDelete").query().isVisible());
        assertThat(cloud.services().gallery().page(user, PageRequest.all(0, 10)).total()).isEqualTo(6);

        robot.interact(view::deleteSelected);
        until(() -> robot.lookup("#confirmDelete").query().isVisible());
        robot.clickOn("#confirmDeleteButton");
        until(() -> headline(robot).equals("5 photos"));
        assertThat(cloud.services().gallery().page(user, PageRequest.all(0, 10)).photos())
                .extracting(c -> c.photo().originalName()).doesNotContain("seed-4.jpg");
        assertThat(notifier.infos).contains("Deleted seed-4.jpg.");
        assertThat(fx(() -> view.viewModel().selectedProperty().get().photo().originalName())).isEqualTo("seed-3.jpg");

        // from the detail, Enter on the question confirms
        robot.type(KeyCode.ENTER);
        until(() -> robot.lookup("#photoDetail").query().isVisible() && !view.viewModel().detail().loadingProperty().get());
        robot.clickOn("#detailDelete");
        until(() -> robot.lookup("#confirmDelete").query().isVisible());
        robot.type(KeyCode.ENTER);
        until(() -> headline(robot).equals("4 photos") && !robot.lookup("#detailLayer").query().isVisible());
    }

    @Test
    @Order(5)
    void aThumbnailMissingFromS3_showsAPlaceholder_andAPhotoDeletedElsewhere_saysSoWhenOpened(FxRobot robot)
            throws Exception {
        User user = cloud.userWith("mina", 3, true);
        cloud.services().photoStore().delete(GallerySeed.key(user, 1, "-thumb.jpg"));
        show(robot, user);

        until(() -> headline(robot).equals("3 photos") && view.screenComplete());
        assertThat(fx(() -> view.viewModel().items().get(1).card().thumbnail())).isNull();
        assertThat(robot.lookup(".photo-tile").match(n -> "seed-1.jpg".equals(n.getAccessibleText())).<Node>queryAll())
                .isNotEmpty().allSatisfy(tile -> assertThat(tile.getPseudoClassStates()).extracting(Object::toString)
                        .doesNotContain("loaded"));
        assertThat(robot.lookup(".photo-tile").match(n -> "seed-2.jpg".equals(n.getAccessibleText())).<Node>queryAll())
                .anySatisfy(tile -> assertThat(tile.getPseudoClassStates()).extracting(Object::toString)
                        .contains("loaded"));

        long first = fx(() -> view.viewModel().items().get(0).card().id());
        cloud.services().gallery().delete(user, first); // another window
        robot.clickOn(robot.lookup(".photo-tile").match(n -> "seed-2.jpg".equals(n.getAccessibleText())).queryAs(Node.class));
        robot.type(KeyCode.ENTER);
        until(() -> robot.lookup("#detailMessage").queryAs(Label.class).getText()
                .equals("No photo " + first + " in your gallery."));
        assertThat(robot.lookup("#detailDelete").query().isDisabled()).isTrue();
        until(() -> headline(robot).equals("2 photos"));
        robot.type(KeyCode.ESCAPE);
        until(() -> !robot.lookup("#detailLayer").query().isVisible());
    }

    @Test
    @Order(6)
    void theDatabaseStoppingWhileScrolling_givesTheServicesMessage_andTheGridStays(FxRobot robot) throws Exception {
        User user = cloud.userWith("otto", 400, false);
        show(robot, user);
        until(() -> headline(robot).equals("400 photos") && view.screenComplete());
        cloud.stopDatabase();
        try {
            robot.clickOn(".photo-tile").type(KeyCode.END);
            until(() -> robot.lookup("#galleryProblem").query().isVisible());
            assertThat(robot.lookup("#galleryProblemText").queryAs(Label.class).getText())
                    .startsWith("The database (edx-photos-db in the local cloud) is not available.");
            assertThat(headline(robot)).isEqualTo("400 photos");
            assertThat(fx(() -> view.viewModel().items().get(0))).isNotNull();
        } finally {
            cloud.startDatabase();
        }
        robot.clickOn("#galleryRetry");
        until(() -> !robot.lookup("#galleryProblem").query().isVisible() && view.screenComplete());
    }
}
