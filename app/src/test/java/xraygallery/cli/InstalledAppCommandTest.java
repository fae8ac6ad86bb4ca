package xraygallery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

/** What the installed app's launchers rely on: the service launchers' fixed command, and the read-only data message. */
class InstalledAppCommandTest {

    @Test
    void aServiceLauncher_putsItsCommandBeforeTheUsersArguments() {
        assertThat(Main.withCommand("daemon", new String[] {"--tcp", "127.0.0.1:2100"}))
                .containsExactly("daemon", "--tcp", "127.0.0.1:2100");
        assertThat(Main.withCommand("localcloud", new String[0])).containsExactly("localcloud");
        assertThat(Main.withCommand(null, new String[] {"--version"})).containsExactly("--version");
        assertThat(Main.withCommand(" ", new String[] {"upload"})).containsExactly("upload");
    }

    @Test
    void aFolderTheAppCannotWrite_isNamedWithWhereTheDataGoes_evenWhenWrapped() {
        String message = XrayGalleryCommand.unwritable(new UncheckedIOException(
                new AccessDeniedException("/home/u/.local/share/xray-gallery")));

        assertThat(message).startsWith("cannot write /home/u/.local/share/xray-gallery (access denied).")
                .contains("$XDG_DATA_HOME").contains("$XDG_CONFIG_HOME");
        assertThat(XrayGalleryCommand.unwritable(new FileSystemException("/data/x", null, "Read-only file system")))
                .startsWith("cannot write /data/x (Read-only file system).");
    }

    @Test
    void otherFailures_areNotTakenForAnUnwritableFolder() {
        assertThat(XrayGalleryCommand.unwritable(new FileSystemException("/data/x", null, "No space left on device")))
                .isNull();
        assertThat(XrayGalleryCommand.unwritable(new IllegalStateException("boom"))).isNull();
    }
}
