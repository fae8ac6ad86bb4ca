package xraygallery.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import xraygallery.app.AppDaemon;
import xraygallery.app.LocalCloudProcess;
import xraygallery.daemon.DaemonFixture;
import xraygallery.localcloud.LocalCloudFixture;

/**
 * The local cloud and the daemon die while the window is open (another window that had started them closed, or
 * they were killed): a banner says what is out of reach, the window stays usable, and "Start it again" brings them
 * back on the same data.
 */
@Tag("integration")
class ServicesDownTest {
    private static LocalCloudFixture cloud;
    private static DaemonFixture daemon;
    private static GalleryApp app;
    private static final FxRobot robot = new FxRobot();

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloudFixture.start("services-down");
        daemon = DaemonFixture.start("services-down");
        app = FixtureWindow.open(cloud, "127.0.0.1:" + daemon.daemon().tcpAddress().getPort());
    }

    @AfterAll
    static void stop() throws Exception {
        FxToolkit.cleanupApplication(app); // stops the local cloud and daemon the window started again
        daemon.close();
        cloud.close();
    }

    @Test
    void whenTheLocalCloudAndTheDaemonDie_aBannerSaysSo_andStartItAgainBringsThemBack() {
        await().atMost(Duration.ofMinutes(1)).until(() -> robot.lookup("#userName").tryQuery().isPresent());
        assertThat(robot.lookup("#servicesDownBanner").query().isVisible()).isFalse();

        cloud.close();
        daemon.close();

        await().atMost(Duration.ofSeconds(30)).until(() -> robot.lookup("#servicesDownBanner").query().isVisible());
        // the chip follows its own health poll, so it may say so a moment after the banner
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                robot.lookup("#daemonChip").queryAs(Label.class).getText()).isEqualTo("X-Ray daemon down"));
        robot.clickOn("#userName").write("still typing"); // the window stays responsive

        robot.clickOn("#reviveServices");

        await().atMost(Duration.ofMinutes(2)).until(() -> !robot.lookup("#servicesDownBanner").query().isVisible());
        assertThat(LocalCloudProcess.answers(cloud.endpoint())).isTrue();
        assertThat(AppDaemon.answers(new InetSocketAddress("127.0.0.1", daemon.daemon().tcpAddress().getPort()))).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> robot.lookup("#daemonChip").queryAs(Label.class).getText()
                .startsWith("X-Ray daemon · "));
    }
}
