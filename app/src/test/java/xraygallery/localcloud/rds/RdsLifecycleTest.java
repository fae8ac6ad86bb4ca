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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import xraygallery.localcloud.LocalCloudServer;

/**
 * One instance's life against a real MariaDB: start, connect, restart the local cloud, stop, move ports, crash.
 * The tests share one local cloud and data directory (each database start costs time), but none depends on
 * another: each first brings the instance to the state it starts from ({@link #ensureAvailable},
 * {@link #ensureStopped}) and uses tables of its own, so they pass in any order or alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
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

    private String status() {
        return describe().dbInstanceStatus();
    }

    /** The instance available, whatever state an earlier test left it in. */
    private DBInstance ensureAvailable() {
        await().atMost(Duration.ofMinutes(2)).until(() -> !Set.of("starting", "stopping").contains(status()));
        if (!status().equals("available")) {
            rds.startDBInstance(r -> r.dbInstanceIdentifier(ID));
        }
        return waitUntilAvailable();
    }

    /** The instance stopped (after having run once, so it has a port), whatever state it was in. */
    private void ensureStopped() {
        await().atMost(Duration.ofMinutes(2)).until(() -> !Set.of("starting", "stopping").contains(status()));
        if (!status().equals("stopped") || instance(server).port() <= 0) {
            ensureAvailable();
            rds.stopDBInstance(r -> r.dbInstanceIdentifier(ID));
            await().atMost(Duration.ofSeconds(60)).until(() -> status().equals("stopped"));
        }
    }

    private void createTableWithOneRow(String table, String title) throws SQLException {
        try (Connection connection = connect(instance(server).credentials().password());
                Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, title VARCHAR(100))");
            sql.execute("INSERT INTO " + table + " VALUES (1, '" + title + "')");
        }
    }

    private Connection connect(String password) throws SQLException {
        DbInstance db = instance(server);
        return DriverManager.getConnection(db.jdbcUrl(), db.credentials().username(), password);
    }

    @Test
    void startingReturnsStartingAtOnceAndTheSdkWaiterSeesTheInstanceBecomeAvailable() {
        ensureStopped();
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
    void theMasterUserConnectsOverJdbcWithTheStoredCredentials() throws Exception {
        ensureAvailable();
        MasterCredentials stored = MasterCredentials.load(instance(server).credentialsFile());
        assertThat(instance(server).directory().resolve("init.sql")).as("the first-boot SQL names the password")
                .doesNotExist();

        try (Connection connection = connect(stored.password()); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE master_user_photos (id INT PRIMARY KEY, title VARCHAR(100))");
            sql.execute("INSERT INTO master_user_photos VALUES (1, 'Giraffe at dusk')");
            ResultSet version = sql.executeQuery("SELECT VERSION()");
            version.next();
            assertThat(version.getString(1)).startsWith(describe().engineVersion()).contains("MariaDB");
        }
    }

    @Test
    void aWrongPasswordOrAnAnonymousLoginIsRefused() {
        ensureAvailable();
        assertThatThrownBy(() -> connect("wrong-password").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Access denied");
        assertThatThrownBy(() -> DriverManager.getConnection(instance(server).jdbcUrl(), "", "").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Access denied");
    }

    @Test
    void startingAnAvailableInstanceFailsWithInvalidDBInstanceState() {
        ensureAvailable();
        assertThatThrownBy(() -> rds.startDBInstance(r -> r.dbInstanceIdentifier(ID)))
                .isInstanceOfSatisfying(InvalidDbInstanceStateException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidDBInstanceState"));
        assertThat(describe().dbInstanceStatus()).isEqualTo("available");
    }

    @Test
    void dataAndAvailabilitySurviveALocalCloudRestart() throws Exception {
        ensureAvailable();
        createTableWithOneRow("survives_restart", "Giraffe at dusk");
        int port = instance(server).port();

        restartLocalCloud();

        assertThat(describe().dbInstanceStatus()).isIn("starting", "available");
        DBInstance available = waitUntilAvailable();
        assertThat(available.endpoint().port()).isEqualTo(port);
        try (Connection connection = connect(instance(server).credentials().password());
                ResultSet rows = connection.createStatement().executeQuery("SELECT title FROM survives_restart WHERE id = 1")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("Giraffe at dusk");
        }
    }

    @Test
    void stoppingReturnsStoppingThenTheInstanceIsStoppedAndRefusesConnections() {
        ensureAvailable();
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
    void aStoppedInstanceStaysStoppedAcrossALocalCloudRestart() {
        ensureStopped();
        restartLocalCloud();

        assertThat(describe().dbInstanceStatus()).isEqualTo("stopped");
        assertThat(instance(server).status()).isEqualTo(InstanceStatus.STOPPED);
    }

    @Test
    void whenItsPortIsTakenTheInstanceStartsOnAFreeOneAndKeepsIt() throws Exception {
        ensureStopped();
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
    void aDatabaseServerThatDiesWhileAvailableShowsTheInstanceFailedAndItCanBeStartedAgain() throws Exception {
        ensureAvailable();
        createTableWithOneRow("survives_crash", "Zebra at noon");
        ProcessHandle mariadbd = ProcessHandle.of(Long.parseLong(Files.readString(
                instance(server).directory().resolve("mariadbd.pid")).trim())).orElseThrow();

        mariadbd.destroyForcibly();

        await().atMost(Duration.ofSeconds(30)).until(() -> describe().dbInstanceStatus().equals("failed"));
        assertThat(instance(server).failureReason()).contains("exited unexpectedly");
        rds.startDBInstance(r -> r.dbInstanceIdentifier(ID));
        assertThat(waitUntilAvailable().dbInstanceStatus()).isEqualTo("available");
        try (Connection connection = connect(instance(server).credentials().password());
                ResultSet rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM survives_crash")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }
}
