package xraygallery.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import xraygallery.localcloud.LocalCloudFixture;

/** Helper processes are reused when they answer, else started, and stopped only if we started them. */
class SidecarTest {

    @Test
    void aServiceThatAnswers_isReused_andLeftRunning() throws IOException {
        try (Sidecar reused = Sidecar.ensure("local cloud", () -> true, List.of("no-such-command"), "never",
                LocalCloudFixture.newDataDir("sidecar-reuse").resolve("log"), Duration.ofSeconds(5))) {
            assertThat(reused.startedByUs()).isFalse();
        }
    }

    @Test
    void aServiceThatDoesNotAnswer_isStartedAsAChild_andStoppedOnClose() throws IOException {
        Path dir = LocalCloudFixture.newDataDir("sidecar-start");
        Sidecar started = Sidecar.ensure("local cloud", () -> false,
                List.of("localcloud", "--port", "0", "--data", dir.resolve("data").toString()),
                "localcloud ready", dir.resolve("localcloud.log"), Duration.ofMinutes(1));
        ProcessHandle child;
        try {
            child = ProcessHandle.of(started.pid().orElseThrow()).orElseThrow();
            assertThat(child.isAlive()).isTrue();
            assertThat(started.startedByUs()).isTrue();
        } finally {
            started.close();
        }

        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void aChildThatExitsBeforeItIsReady_isAnErrorNamingItsLog() throws IOException {
        Path log = LocalCloudFixture.newDataDir("sidecar-fail").resolve("bad.log");

        assertThatThrownBy(() -> Sidecar.ensure("local cloud", () -> false, List.of("localcloud", "--port", "-1"),
                "localcloud ready", log, Duration.ofMinutes(1)))
                .isInstanceOf(IOException.class).hasMessageContaining("exited before it was ready").hasMessageContaining(log.toString());
    }
}
