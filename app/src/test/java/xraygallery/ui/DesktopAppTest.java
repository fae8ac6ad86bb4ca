package xraygallery.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
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
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import software.amazon.awssdk.services.xray.model.TraceSummary;
import xraygallery.app.GalleryRuntime;
import xraygallery.daemon.DaemonFixture;
import xraygallery.localcloud.LocalCloudFixture;

/**
 * The whole window on Monocle against a real local cloud and daemon: a newcomer's first minutes — sign up,
 * start the database, see the gallery, stop the database — each action a trace in the daemon.
 */
class DesktopAppTest {
    private static LocalCloudFixture cloud;
    private static DaemonFixture daemon;
    private static GalleryApp app;
    private static final FxRobot robot = new FxRobot();

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloudFixture.start("desktop");
        daemon = DaemonFixture.start("desktop");
        Path home = cloud.dataDir().resolve("home");
        DesktopOptions options = new DesktopOptions(Map.of(
                "XRAY_GALLERY_LOCALCLOUD", cloud.endpoint().toString(),
                "XRAY_GALLERY_LOCALCLOUD_DATA", cloud.dataDir().toString()),
                home.resolve("config").resolve("config.properties"), home.resolve("data"), daemon.daemonAddress(),
                home.resolve("config").resolve("window.properties"), false);
        FxToolkit.registerPrimaryStage();
        app = (GalleryApp) FxToolkit.setupApplication(() -> new GalleryApp(options, GalleryRuntime::open));
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

    @Test
    void aNewcomer_signsUp_startsTheDatabase_andStopsIt_eachActionATrace() {
        awaitShown("#userName");
        assertThat(text("#worldChip")).isEqualTo("Local · " + cloud.endpoint().getAuthority());
        await().atMost(Duration.ofSeconds(30)).until(() -> text("#databaseHeadline").endsWith("is stopped"));

        robot.clickOn("#startDatabase");
        await().atMost(Duration.ofMinutes(2)).until(() -> text("#databaseHeadline").endsWith("is available"));
        assertThat(robot.lookup("#databaseHint").query().isVisible()).isFalse();

        robot.clickOn("#switchSignInMode");
        robot.clickOn("#userName").write("newcomer").type(KeyCode.TAB).write("a good password")
                .type(KeyCode.TAB).write("a good password").type(KeyCode.ENTER);
        await().atMost(Duration.ofSeconds(30)).until(() -> robot.lookup("#userMenu").tryQuery()
                .filter(n -> n.isVisible()).isPresent());

        robot.clickOn("#stopDatabase");
        await().atMost(Duration.ofMinutes(1)).until(() -> text("#databaseHeadline").endsWith("is stopped"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(robot.lookup("#startDatabase").queryAs(Button.class).isDisabled()).isFalse();
            assertThat(robot.lookup("#stopDatabase").queryAs(Button.class).isDisabled()).isTrue();
        });

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(actionsTraced())
                .contains("db_status", "db_start", "db_wait", "sign_up", "db_stop"));
    }
}
