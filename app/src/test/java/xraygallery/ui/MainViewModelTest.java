package xraygallery.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xraygallery.traceview.DaemonHealth;
import xraygallery.traceview.DaemonTelemetry;
import xraygallery.ui.common.CurrentThreadTaskExecutor;

/** Start-up of the window's session, without a real runtime: what the user is told when it cannot start. */
class MainViewModelTest {
    @TempDir
    Path dir;

    private DesktopOptions options(Map<String, String> env) {
        return new DesktopOptions(env, dir.resolve("config.properties"), dir.resolve("data"), "127.0.0.1:2000",
                null, false);
    }

    @Test
    void aRuntimeThatCannotStart_isAFailureWithTheReason_andProgressWasShownOnTheWay() {
        List<String> progress = new ArrayList<>();
        MainViewModel model = new MainViewModel(options(Map.of()), new CurrentThreadTaskExecutor(), (config, daemon, step) -> {
            step.accept("Starting the local cloud …");
            throw new IOException("the local cloud exited (code 1) before it was ready");
        });
        model.progressProperty().addListener((o, old, line) -> progress.add(line));

        model.start();

        assertThat(progress).contains("Starting the local cloud …");
        assertThat(model.phaseProperty().get()).isEqualTo(MainViewModel.Phase.FAILED);
        assertThat(model.failureProperty().get()).isEqualTo(
                "X-Ray Gallery could not start: the local cloud exited (code 1) before it was ready");
        assertThat(model.worldProperty().get()).isEqualTo("Local · 127.0.0.1:4566");
    }

    @Test
    void badSettings_areNamed_beforeAnythingStarts() {
        boolean[] started = {false};
        MainViewModel model = new MainViewModel(options(Map.of("XRAY_GALLERY_MODE", "cloudy")),
                new CurrentThreadTaskExecutor(), (config, daemon, step) -> {
                    started[0] = true;
                    return null;
                });

        model.start();

        assertThat(started[0]).isFalse();
        assertThat(model.failureProperty().get()).isEqualTo(
                "The settings cannot be read: XRAY_GALLERY_MODE must be 'local' or 'aws', not 'cloudy'.");
    }

    @Test
    void awsWithADatabaseUserButNoPassword_asksForItInsteadOfFailingLater() {
        MainViewModel model = new MainViewModel(options(Map.of("XRAY_GALLERY_MODE", "aws", "PHOTOS_BUCKET", "b",
                "DATABASE_HOST", "db.example.com", "DATABASE_USER", "admin", "AWS_PROFILE", "course",
                "AWS_REGION", "eu-west-1")), new CurrentThreadTaskExecutor(), (config, daemon, step) -> null);

        model.start();

        assertThat(model.worldProperty().get()).isEqualTo("AWS · profile course · eu-west-1");
        assertThat(model.failureProperty().get()).contains("no password is set").contains("Settings");

        model.setSessionPassword("secret");
        List<String> passwords = new ArrayList<>();
        MainViewModel withPassword = new MainViewModel(options(Map.of("XRAY_GALLERY_MODE", "aws", "PHOTOS_BUCKET", "b",
                "DATABASE_HOST", "db.example.com", "DATABASE_USER", "admin")), new CurrentThreadTaskExecutor(),
                (config, daemon, step) -> {
                    passwords.add(config.databasePassword());
                    throw new IOException("no network here");
                });
        withPassword.setSessionPassword("secret");
        withPassword.start();
        assertThat(passwords).containsExactly("secret");
    }

    @Test
    void theDaemonChip_warnsAboutLossesSinceTheWindowOpened_andSaysWhetherForwardingWorks() {
        DaemonTelemetry before = telemetry(100, 2, 0, new DaemonTelemetry.Forwarding(true, 90, 0, 0, 0, 0));
        DaemonTelemetry after = telemetry(150, 2, 7, new DaemonTelemetry.Forwarding(true, 120, 3, 0, 0, 2));

        DaemonStatus quiet = DaemonStatus.of(new DaemonHealth.Reported(before), before, "127.0.0.1:2000");
        DaemonStatus lossy = DaemonStatus.of(new DaemonHealth.Reported(after), before, "127.0.0.1:2000");

        assertThat(quiet.level()).isEqualTo(DaemonStatus.Level.OK);
        assertThat(quiet.line()).isEqualTo("X-Ray daemon · 40 traces · forwarding to AWS");
        assertThat(lossy.level()).isEqualTo(DaemonStatus.Level.WARNING);
        assertThat(lossy.line()).isEqualTo("X-Ray daemon · 40 traces · 7 dropped · forwarding failing");
        assertThat(lossy.detail()).contains("Since this window opened: 0 rejected, 7 dropped")
                .contains("Forwarding to AWS X-Ray: 120 sent, 3 failed, 2 queued");
    }

    private static DaemonTelemetry telemetry(long received, long rejected, long spillover,
            DaemonTelemetry.Forwarding forwarding) {
        return new DaemonTelemetry(Duration.ofMinutes(5), received, received - rejected - spillover, rejected,
                Map.of(), null, spillover, 0, 0, 0, forwarding, 40, 1 << 20);
    }
}
