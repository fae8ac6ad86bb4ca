package xraygallery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import xraygallery.daemon.DaemonFixture;
import xraygallery.localcloud.LocalCloudFixture;
import xraygallery.testing.TestImages;

/**
 * The headless CLI as a user runs it: separate processes against a running local cloud and daemon,
 * with the password on stdin or in the environment.
 */
@Tag("integration")
class GalleryCommandsTest {
    private static LocalCloudFixture cloud;
    private static DaemonFixture daemon;
    private static Path home;

    /** What a command printed and how it ended. */
    record Result(int exit, String out, String err) {
    }

    @BeforeAll
    static void start() throws IOException {
        cloud = LocalCloudFixture.start("cli-gallery");
        daemon = DaemonFixture.start("cli-gallery");
        home = LocalCloudFixture.newDataDir("cli-home");
    }

    @AfterAll
    static void stop() {
        daemon.close();
        cloud.close();
    }

    private static Result run(String stdin, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
        builder.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        builder.environment().put("XRAY_GALLERY_LOCALCLOUD", cloud.endpoint().toString());
        builder.environment().put("XRAY_GALLERY_LOCALCLOUD_DATA", cloud.dataDir().toString());
        builder.environment().put("AWS_XRAY_DAEMON_ADDRESS", daemon.daemonAddress());
        builder.environment().remove("XRAY_GALLERY_PASSWORD");
        builder.environment().putAll(env);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void aNewUser_startsTheDatabase_createsAnAccount_uploads_andListsPhotosWithLabels() throws Exception {
        Path photos = Files.createDirectories(home.resolve("photos"));
        Files.write(photos.resolve("dog.jpg"), TestImages.photo("dog.jpg"));
        Files.write(photos.resolve("kite.jpg"), TestImages.photo("kite.jpg"));
        Files.writeString(photos.resolve("notes.jpg"), "not a photo");

        Result stopped = run("", Map.of(), "db", "status");
        Result started = run("", Map.of(), "db", "start", "--wait");
        Result added = run("a long password\n", Map.of(), "users", "add", "ana");
        Result upload = run("", Map.of("XRAY_GALLERY_PASSWORD", "a long password"), "upload", "--user", "ana",
                photos.resolve("dog.jpg").toString(), photos.resolve("kite.jpg").toString(), photos.resolve("notes.jpg").toString());
        Result listed = run("a long password\n", Map.of(), "photos", "--user", "ana");
        Result dogs = run("a long password\n", Map.of(), "photos", "--user", "ana", "--label", "DOG");
        Result wrong = run("not her password\n", Map.of(), "photos", "--user", "ana");

        assertThat(stopped.out()).contains("edx-photos-db stopped");
        assertThat(started.exit()).isZero();
        assertThat(started.out()).containsPattern("edx-photos-db available at 127\\.0\\.0\\.1:\\d+");
        assertThat(added.out()).contains("created user ana");
        assertThat(upload.exit()).isEqualTo(1);
        assertThat(upload.out()).containsPattern("done\tdog\\.jpg\tphoto \\d+\ttrace 1-[0-9a-f]{8}-[0-9a-f]{24}")
                .containsPattern("done\tkite\\.jpg\tphoto \\d+\ttrace 1-")
                .contains("failed\tnotes.jpg\tThe file is not an image");
        assertThat(listed.out()).contains("dog.jpg").contains("Dog").contains("kite.jpg").contains("Kite");
        assertThat(dogs.out()).contains("dog.jpg").doesNotContain("kite.jpg");
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).contains("error: Wrong user name or password.").doesNotContain("Exception");
    }
}
