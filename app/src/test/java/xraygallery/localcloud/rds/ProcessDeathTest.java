package xraygallery.localcloud.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static xraygallery.localcloud.rds.RdsTestSupport.MARIADB_BASE;
import static xraygallery.localcloud.rds.RdsTestSupport.freshDataDir;
import static xraygallery.localcloud.rds.RdsTestSupport.instance;
import static xraygallery.localcloud.rds.RdsTestSupport.quickPolling;
import static xraygallery.localcloud.rds.RdsTestSupport.rds;
import static xraygallery.localcloud.rds.RdsTestSupport.startCloud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import xraygallery.localcloud.LocalCloudServer;

/** A local cloud in a child JVM with its database up, ended by SIGTERM or SIGKILL. */
@Tag("integration")
class ProcessDeathTest {
    private static final String ID = RdsService.DEFAULT_INSTANCE_ID;

    /** Starts {@link ChildLocalCloud} on {@code dataDir} and waits until its instance is available. */
    private static Process startChildWithAvailableInstance(Path dataDir) throws IOException {
        Path childLog = dataDir.resolve("child.log");
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"),
                ChildLocalCloud.class.getName(), dataDir.toString(), MARIADB_BASE.toString())
                .redirectErrorStream(true)
                .redirectOutput(childLog.toFile())
                .start();
        try {
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> !child.isAlive() || Files.readString(childLog).contains("FIXTURE STATUS"));
            assertThat(Files.readString(childLog)).contains("FIXTURE STATUS available");
            return child;
        } catch (RuntimeException | AssertionError e) {
            child.destroyForcibly();
            throw e;
        }
    }

    private static ProcessHandle mariadbd(Path instanceDir) throws IOException {
        return ProcessHandle.of(Long.parseLong(Files.readString(instanceDir.resolve("mariadbd.pid")).trim()))
                .orElseThrow();
    }

    private static InstanceRecord savedState(Path instanceDir) throws IOException {
        return InstanceRecord.load(instanceDir.resolve(InstanceRecord.FILE_NAME));
    }

    @Test
    void sigtermStopsTheDatabaseCleanlyAndLeavesTheInstanceAvailableOnDisk() throws Exception {
        Path dataDir = freshDataDir("sigterm");
        Path instanceDir = dataDir.resolve("rds").resolve(ID);
        Process child = startChildWithAvailableInstance(dataDir);
        ProcessHandle server = mariadbd(instanceDir);

        child.destroy();

        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(StaleServers.isRunning(server)).isFalse();
        assertThat(instanceDir.resolve("mariadbd.pid")).as("removed by a clean shutdown").doesNotExist();
        assertThat(savedState(instanceDir).status()).isEqualTo(InstanceStatus.AVAILABLE);
        assertThat(Files.readString(dataDir.resolve("child.log"))).doesNotContain("exited unexpectedly");
    }

    @Test
    void aMariaDbLeftRunningByAKilledJvmIsStopped_andTheInstanceIsAvailableAgain() throws Exception {
        Path dataDir = freshDataDir("sigkill");
        Path instanceDir = dataDir.resolve("rds").resolve(ID);
        Process child = startChildWithAvailableInstance(dataDir);
        ProcessHandle stale = mariadbd(instanceDir);

        child.destroyForcibly().waitFor();

        assertThat(StaleServers.isRunning(stale)).as("mariadbd outlives the SIGKILLed JVM").isTrue();
        assertThat(LocalPorts.isFree(savedState(instanceDir).port())).as("and still holds its port").isFalse();
        try (LocalCloudServer server = startCloud(dataDir); RdsClient rds = rds(server)) {
            DBInstance available = rds.waiter().waitUntilDBInstanceAvailable(
                    DescribeDbInstancesRequest.builder().dbInstanceIdentifier(ID).build(), quickPolling())
                    .matched().response().orElseThrow().dbInstances().get(0);
            // no clock: the old server is gone (stopped by the new start, not waited out), so no stall on its
            // port and Aria lock; how long a start takes is docs/PERFORMANCE.md's business
            assertThat(StaleServers.isRunning(stale)).as("the stale server was stopped").isFalse();
            DbInstance db = instance(server);
            assertThat(available.endpoint().port()).isEqualTo(db.port());
            try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.credentials().username(),
                    db.credentials().password())) {
                assertThat(connection.isValid(5)).isTrue();
            }
        }
    }
}
