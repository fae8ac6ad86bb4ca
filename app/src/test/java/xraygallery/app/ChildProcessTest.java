package xraygallery.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import xraygallery.localcloud.LocalCloudFixture;

/** Services of this installation as child processes: started, reused, stopped, and gone when their parent dies. */
@Tag("integration")
class ChildProcessTest {

    @Test
    void aLocalCloudThatDoesNotAnswer_isStartedAsAChild_drainsItsOutputToItsLog_andIsStoppedOnClose() throws IOException {
        Path dir = LocalCloudFixture.newDataDir("child-start");
        Path log = dir.resolve("localcloud.log");
        ChildProcess started = ChildProcess.start(ChildProcess.Spec.of(BundledService.LOCAL_CLOUD, log,
                "--port", "0", "--data", dir.resolve("data").toString()));
        ProcessHandle child = ProcessHandle.of(started.pid()).orElseThrow();
        URI endpoint = URI.create(started.readyLine().substring(BundledService.LOCAL_CLOUD.readyLine().length()).trim());
        try {
            assertThat(child.isAlive()).isTrue();
            assertThat(LocalCloudProcess.answers(endpoint)).isTrue();
            assertThat(started.readyLine()).startsWith("localcloud ready http://127.0.0.1:");
            assertThat(Files.readString(log)).as("the child's log").contains("local cloud listening on");
        } finally {
            started.close();
        }

        assertThat(child.isAlive()).isFalse();
        assertThat(LocalCloudProcess.answers(endpoint)).isFalse();
        started.close(); // idempotent
    }

    /**
     * The running local cloud is a process of its own, as one started by another window of the app would be: what
     * closing the reused one must leave alone is that process (an in-process server could not tell whether close()
     * stops processes). Left running means still alive and answering a while after close(), as a stopped one would
     * not be (a SIGTERM'd local cloud exits within a second or so).
     */
    @Test
    void aLocalCloudThatAnswers_isReused_andLeftRunning() throws IOException {
        Path dir = LocalCloudFixture.newDataDir("child-reuse");
        int port = AppDaemonTest.freePort();
        try (ChildProcess running = ChildProcess.start(ChildProcess.Spec.of(BundledService.LOCAL_CLOUD,
                dir.resolve("running.log"), "--port", Integer.toString(port), "--data", dir.resolve("data").toString()))) {
            ProcessHandle process = ProcessHandle.of(running.pid()).orElseThrow();
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            LocalCloudProcess reused = LocalCloudProcess.ensureRunning(endpoint, dir.resolve("unused-data"),
                    dir.resolve("never-written.log"));
            assertThat(reused.startedHere()).isFalse();
            reused.close();

            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(process.isAlive()).as("the running local cloud's process").isTrue();
                assertThat(LocalCloudProcess.answers(endpoint)).as("it answers").isTrue();
            });
            assertThat(dir.resolve("never-written.log")).as("no second local cloud started").doesNotExist();
        }
    }

    @Test
    void aChildThatExitsBeforeItIsReady_isAnErrorQuotingItsLog() throws IOException {
        Path log = LocalCloudFixture.newDataDir("child-fail").resolve("bad.log");

        assertThatThrownBy(() -> ChildProcess.start(ChildProcess.Spec.of(BundledService.LOCAL_CLOUD, log, "--port", "-1")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("the local cloud exited (code")
                .hasMessageContaining("before it was ready")
                .hasMessageContaining(log.toString());
    }

    @Test
    void aChildThatNeverGetsReady_isStoppedAfterTheTimeout() throws IOException {
        Path log = LocalCloudFixture.newDataDir("child-slow").resolve("slow.log");
        ChildProcess.Spec slow = ChildProcess.Spec.of(BundledService.XRAY_DAEMON, log, "--udp", "127.0.0.1:0",
                "--tcp", "127.0.0.1:0", "--data", log.getParent().resolve("data").toString())
                .withJavaOptions(List.of("-XX:TieredStopAtLevel=1"))
                .withReadyTimeout(Duration.ofMillis(1));

        assertThatThrownBy(() -> ChildProcess.start(slow))
                .isInstanceOf(IOException.class).hasMessageContaining("did not get ready within 0 s");
    }

    /**
     * A parent that is killed (kill -9, no shutdown hooks) leaves nothing behind: its local cloud, the MariaDB
     * server that one started, and its daemon all exit by themselves.
     */
    @Test
    void aKilledParent_leavesNoLocalCloudMariaDbOrDaemonBehind() throws Exception {
        Path dir = LocalCloudFixture.newDataDir("child-orphans");
        Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"), ParentThatStartsChildren.class.getName(), dir.toString())
                .redirectError(dir.resolve("parent.err").toFile())
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String[] started = out.readLine().split(" "); // "<cloud pid> <cloud endpoint> <daemon pid>"
            assertThat(started).as("parent's report; its stderr is in " + dir.resolve("parent.err")).hasSize(3);
            ProcessHandle cloud = ProcessHandle.of(Long.parseLong(started[0])).orElseThrow();
            ProcessHandle daemon = ProcessHandle.of(Long.parseLong(started[2])).orElseThrow();
            try (RdsClient rds = RdsClient.builder().endpointOverride(URI.create(started[1])).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .build()) {
                rds.startDBInstance(b -> b.dbInstanceIdentifier("edx-photos-db"));
                await().atMost(Duration.ofMinutes(2)).until(() -> "available".equals(rds.describeDBInstances(
                        b -> b.dbInstanceIdentifier("edx-photos-db")).dbInstances().get(0).dbInstanceStatus()));
            }
            List<ProcessHandle> mariadb = cloud.descendants().toList();
            assertThat(mariadb).as("the MariaDB server under the local cloud").isNotEmpty();

            parent.destroyForcibly();

            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                assertThat(cloud.isAlive()).as("local cloud").isFalse();
                assertThat(daemon.isAlive()).as("daemon").isFalse();
                assertThat(mariadb).as("MariaDB").noneMatch(ProcessHandle::isAlive);
            });
        } finally {
            parent.destroyForcibly();
        }
    }

    /** Starts a local cloud and a daemon as children, prints their pids, and waits to be killed. */
    static final class ParentThatStartsChildren {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            ChildProcess cloud = ChildProcess.start(ChildProcess.Spec.of(BundledService.LOCAL_CLOUD,
                    dir.resolve("localcloud.log"), "--port", "0", "--data", dir.resolve("cloud").toString())
                    .withEnvironment(Map.of()));
            ChildProcess daemon = ChildProcess.start(ChildProcess.Spec.of(BundledService.XRAY_DAEMON,
                    dir.resolve("daemon.log"), "--udp", "127.0.0.1:0", "--tcp", "127.0.0.1:0",
                    "--data", dir.resolve("daemon").toString()));
            String endpoint = cloud.readyLine().substring(BundledService.LOCAL_CLOUD.readyLine().length()).trim();
            System.out.println(cloud.pid() + " " + endpoint + " " + daemon.pid());
            System.out.flush();
            Thread.currentThread().join(); // until killed
        }
    }

    @Test
    void inAnInstalledApp_aServiceRunsFromItsOwnLauncherNextToTheAppsLauncher() throws IOException {
        Path bin = LocalCloudFixture.newDataDir("installed-launchers").resolve("bin");
        Files.createDirectories(bin);
        Path daemon = Files.createFile(bin.resolve("xray-gallery-daemon"));
        daemon.toFile().setExecutable(true);
        String app = bin.resolve("xray-gallery").toString();

        assertThat(ChildProcess.installedLauncher(app, BundledService.XRAY_DAEMON)).isEqualTo(daemon.toAbsolutePath());
        assertThat(ChildProcess.installedLauncher(app, BundledService.LOCAL_CLOUD)).as("no such launcher").isNull();
        assertThat(ChildProcess.installedLauncher(null, BundledService.XRAY_DAEMON)).as("not installed").isNull();
    }
}
