package xraygallery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import xraygallery.localcloud.LocalCloudFixture;

/** {@code xray-gallery} with no command opens the window; on a machine without a display it says so in one line. */
@Tag("integration")
class WindowLaunchTest {

    @Test
    void withoutADisplay_oneLineNamesTheCliCommands_andTheExitCodeIsNotZero() throws Exception {
        Path dir = LocalCloudFixture.newDataDir("no-display");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName());
        builder.environment().remove("DISPLAY");
        builder.environment().remove("WAYLAND_DISPLAY");
        builder.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
        builder.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        Process process = builder.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile())
                .start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("err"), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isEqualTo(3);
        assertThat(err.lines().toList()).as(err).containsExactly("No display (DISPLAY is not set): the window cannot"
                + " open. Use the command line instead: xray-gallery db|users|upload|photos|localcloud|daemon (see --help).");
        assertThat(dir.resolve("data")).as("nothing started").doesNotExist();
    }
}
