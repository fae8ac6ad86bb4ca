package xraygallery.ui.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import xraygallery.photos.UploadEvent;
import xraygallery.photos.User;
import xraygallery.ui.common.CurrentThreadTaskExecutor;
import xraygallery.ui.common.Notifier;
import xraygallery.ui.common.Theme;

/** How rows lay out in a narrow panel: a visible progress bar while a file runs, a long reason wrapped, not cut. */
@ExtendWith(ApplicationExtension.class)
class UploadRowCellTest {
    private final FakeUploads uploads = new FakeUploads();
    private UploadQueueViewModel queue;

    @Start
    void start(Stage stage) {
        Theme.LIGHT.apply();
        queue = new UploadQueueViewModel(uploads, new User(1, "alice"), new CurrentThreadTaskExecutor(),
                Notifier.silent(), id -> { });
        Scene scene = new Scene(new UploadQueueView(queue).root(), 400, 600);
        scene.getStylesheets().add(Theme.appStylesheet());
        stage.setScene(scene);
        stage.show();
    }

    private Parent row(FxRobot robot, String name) {
        return (Parent) robot.lookup(".upload-row").queryAll().stream()
                .filter(row -> ((Parent) row).lookupAll(".file-name").stream()
                        .anyMatch(label -> name.equals(((Label) label).getText())))
                .findFirst().orElseThrow();
    }

    @Test
    void aRunningFile_showsItsProgressBar_andALongReasonWrapsInsteadOfBeingCut(FxRobot robot) {
        robot.interact(() -> queue.addFiles(List.of(Path.of("/photos/a.jpg"), Path.of("/photos/notes.txt"))));
        robot.interact(() -> uploads.send(uploads.id("a.jpg"), UploadEvent.Stage.UPLOADING, 50, null));
        WaitForAsyncUtils.waitForFxEvents();

        ProgressBar bar = (ProgressBar) row(robot, "a.jpg").lookup(".progress-bar");
        assertThat(bar.isVisible()).isTrue();
        assertThat(bar.getHeight()).as("the bar gets its height").isPositive();
        assertThat(bar.getProgress()).isBetween(0.4, 0.5);

        Label reason = (Label) row(robot, "notes.txt").lookup(".message");
        assertThat(reason.getText()).isEqualTo(FakeUploads.NOT_AN_IMAGE);
        Node frame = row(robot, "notes.txt");
        assertThat(reason.getHeight()).as("two lines in a 400 px panel")
                .isGreaterThan(1.5 * reason.getFont().getSize());
        assertThat(reason.getBoundsInParent().getMaxY()).isLessThanOrEqualTo(frame.getLayoutBounds().getHeight());
    }
}
