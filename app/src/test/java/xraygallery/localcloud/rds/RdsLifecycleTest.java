package xraygallery.localcloud.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static xraygallery.localcloud.rds.RdsTestSupport.freshDataDir;
import static xraygallery.localcloud.rds.RdsTestSupport.instance;
import static xraygallery.localcloud.rds.RdsTestSupport.quickPolling;
import static xraygallery.localcloud.rds.RdsTestSupport.rds;
import static xraygallery.localcloud.rds.RdsTestSupport.startCloud;

import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import xraygallery.localcloud.LocalCloudServer;

/**
 * One instance's life against a real MariaDB, in order (each database start costs time, so the
 * steps share one data directory): start, connect, restart the local cloud, stop, move ports, crash.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("integration")
class RdsLifecycleTest {
    private static final String ID = RdsService.DEFAULT_INSTANCE_ID;
    private final Path dataDir = freshDataDir("lifecycle");
    private LocalCloudServer server;
    private RdsClient rds;

    @BeforeAll
    void startLocalCloud() {
        server = startCloud(dataDir);
        rds = rds(server);
    }

    @AfterAll
    void stopLocalCloud() {
        rds.close();
        server.close();
    }

    private void restartLocalCloud() {
        rds.close();
        server.close();
        server = startCloud(dataDir);
        rds = rds(server);
    }

    private DBInstance describe() {
        return rds.describeDBInstances(r -> r.dbInstanceIdentifier(ID)).dbInstances().get(0);
    }

    private DBInstance waitUntilAvailable() {
        WaiterResponse<DescribeDbInstancesResponse> waited = rds.waiter()
                .waitUntilDBInstanceAvailable(
                DescribeDbInstancesRequest.builder().dbInstanceIdentifier(ID).build(), quickPolling());
        return waited.matched().response().orElseThrow().dbInstances().get(0);
    }

    private Connection connect(String password) throws SQLException {
        DbInstance db = instance(server);
        return DriverManager.getConnection(db.jdbcUrl(), db.credentials().username(), password);
    }

    @Test
    @Order(1)
    void startingReturnsStartingAtOnceAndTheSdkWaiterSeesTheInstanceBecomeAvailable() {
        DBInstance started = rds.startDBInstance(r -> r.dbInstanceIdentifier(ID)).dbInstance();

        assertThat(started.dbInstanceStatus()).isEqualTo("starting");
        assertThat(started.endpoint()).isNull();
        assertThatThrownBy(() -> rds.startDBInstance(r -> r.dbInstanceIdentifier(ID)))
                .isInstanceOf(InvalidDbInstanceStateException.class)
                .hasMessageContaining("not in stopped state");

        DBInstance available = waitUntilAvailable();

        assertThat(available.dbInstanceStatus()).isEqualTo("available");
        assertThat(available.endpoint().address()).isEqualTo("127.0.0.1");
        assertThat(available.endpoint().port()).isEqualTo(instance(server).port());
    }

    @Test
    @Order(2)
    void theMasterUserConnectsOverJdbcWithTheStoredCredentials() throws Exception {
        MasterCredentials stored = MasterCredentials.load(instance(server).credentialsFile());
        assertThat(instance(server).directory().resolve("init.sql")).as("the first-boot SQL names the password")
                .doesNotExist();

        try (Connection connection = connect(stored.password()); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE photos (id INT PRIMARY KEY, title VARCHAR(100))");
            sql.execute("INSERT INTO photos VALUES (1, 'Giraffe at dusk')");
            ResultSet version = sql.executeQuery("SELECT VERSION()");
            version.next();
            assertThat(version.getString(1)).startsWith(describe().engineVersion()).contains("MariaDB");
        }
    }

    @Test
    @Order(3)
    void aWrongPasswordOrAnAnonymousLoginIsRefused() {
        assertThatThrownBy(() -> connect("wrong-password").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Access denied");
        assertThatThrownBy(() -> DriverManager.getConnection(instance(server).jdbcUrl(), "", "").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Access denied");
    }

    @Test
    @Order(4)
    void startingAnAvailableInstanceFailsWithInvalidDBInstanceState() {
        assertThatThrownBy(() -> rds.startDBInstance(r -> r.dbInstanceIdentifier(ID)))
                .isInstanceOfSatisfying(InvalidDbInstanceStateException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidDBInstanceState"));
        assertThat(describe().dbInstanceStatus()).isEqualTo("available");
    }

    @Test
    @Order(5)
    void dataAndAvailabilitySurviveALocalCloudRestart() throws Exception {
        int port = instance(server).port();

        restartLocalCloud();

        assertThat(describe().dbInstanceStatus()).isIn("starting", "available");
        DBInstance available = waitUntilAvailable();
        assertThat(available.endpoint().port()).isEqualTo(port);
        try (Connection connection = connect(instance(server).credentials().password());
                ResultSet rows = connection.createStatement().executeQuery("SELECT title FROM photos WHERE id = 1")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("Giraffe at dusk");
        }
    }

    @Test
    @Order(6)
    void stoppingReturnsStoppingThenTheInstanceIsStoppedAndRefusesConnections() {
        DBInstance stopping = rds.stopDBInstance(r -> r.dbInstanceIdentifier(ID)).dbInstance();

        assertThat(stopping.dbInstanceStatus()).isEqualTo("stopping");
        assertThatThrownBy(() -> rds.stopDBInstance(r -> r.dbInstanceIdentifier(ID)))
                .isInstanceOf(InvalidDbInstanceStateException.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> describe().dbInstanceStatus().equals("stopped"));
        assertThat(describe().endpoint()).isNull();
        assertThatThrownBy(() -> connect(instance(server).credentials().password()).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Communications link failure");
    }

    @Test
    @Order(7)
    void aStoppedInstanceStaysStoppedAcrossALocalCloudRestart() {
        restartLocalCloud();

        assertThat(describe().dbInstanceStatus()).isEqualTo("stopped");
        assertThat(instance(server).status()).isEqualTo(InstanceStatus.STOPPED);
    }

    @Test
    @Order(8)
    void whenItsPortIsTakenTheInstanceStartsOnAFreeOneAndKeepsIt() throws Exception {
        int oldPort = instance(server).port();
        try (ServerSocket squatter = new ServerSocket(oldPort, 1, InetAddress.getByName("127.0.0.1"))) {
            rds.startDBInstance(r -> r.dbInstanceIdentifier(ID));
            DBInstance available = waitUntilAvailable();

            assertThat(available.endpoint().port()).isNotEqualTo(oldPort).isEqualTo(instance(server).port());
            assertThat(InstanceRecord.load(instance(server).directory().resolve(InstanceRecord.FILE_NAME)).port())
                    .isEqualTo(available.endpoint().port());
        }
    }

    @Test
    @Order(9)
    void aDatabaseServerThatDiesWhileAvailableShowsTheInstanceFailedAndItCanBeStartedAgain() throws Exception {
        ProcessHandle mariadbd = ProcessHandle.of(Long.parseLong(java.nio.file.Files.readString(
                instance(server).directory().resolve("mariadbd.pid")).trim())).orElseThrow();

        mariadbd.destroyForcibly();

        await().atMost(Duration.ofSeconds(30)).until(() -> describe().dbInstanceStatus().equals("failed"));
        assertThat(instance(server).failureReason()).contains("exited unexpectedly");
        rds.startDBInstance(r -> r.dbInstanceIdentifier(ID));
        assertThat(waitUntilAvailable().dbInstanceStatus()).isEqualTo("available");
        try (Connection connection = connect(instance(server).credentials().password());
                ResultSet rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM photos")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }
}
