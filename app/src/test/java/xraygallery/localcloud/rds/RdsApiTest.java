package xraygallery.localcloud.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xraygallery.localcloud.rds.RdsTestSupport.freshDataDir;
import static xraygallery.localcloud.rds.RdsTestSupport.instance;
import static xraygallery.localcloud.rds.RdsTestSupport.rds;
import static xraygallery.localcloud.rds.RdsTestSupport.signedPost;
import static xraygallery.localcloud.rds.RdsTestSupport.startCloud;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import software.amazon.awssdk.services.rds.model.RdsException;
import xraygallery.localcloud.LocalCloudServer;

/** The RDS Query API against a local cloud whose instance stays stopped (no MariaDB is started here). */
@Tag("integration")
class RdsApiTest {
    private static final String ID = RdsService.DEFAULT_INSTANCE_ID;
    private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";
    private static LocalCloudServer server;
    private static RdsClient rds;

    @BeforeAll
    static void startLocalCloud() {
        server = startCloud(freshDataDir("api"));
        rds = rds(server);
    }

    @AfterAll
    static void stopLocalCloud() {
        rds.close();
        server.close();
    }

    @Test
    void describingAllInstancesListsTheDefaultInstanceStoppedAndWithoutAnEndpoint() {
        var instances = rds.describeDBInstances().dbInstances();

        assertThat(instances).hasSize(1);
        DBInstance db = instances.get(0);
        assertThat(db.dbInstanceIdentifier()).isEqualTo(ID);
        assertThat(db.dbInstanceStatus()).isEqualTo("stopped");
        assertThat(db.endpoint()).isNull();
        assertThat(db.dbInstanceClass()).isEqualTo("db.t3.micro");
        assertThat(db.engine()).isEqualTo("mysql");
        assertThat(db.engineVersion()).isEqualTo("10.11.5");
        assertThat(db.masterUsername()).isEqualTo("admin");
        assertThat(db.dbName()).isEqualTo("photos");
        assertThat(db.allocatedStorage()).isEqualTo(20);
        assertThat(db.instanceCreateTime()).isBetween(Instant.now().minus(1, ChronoUnit.HOURS), Instant.now());
        assertThat(db.dbInstanceArn()).isEqualTo("arn:aws:rds:us-east-1:000000000000:db:" + ID);
        assertThat(db.availabilityZone()).isEqualTo("us-east-1a");
        assertThat(db.dbiResourceId()).matches("db-[A-Z2-7]{26}");
    }

    @Test
    void theArnAndZoneFollowTheRegionOfTheRequestsCredentialScope() {
        try (RdsClient frankfurt = rds(server, "test", Region.EU_CENTRAL_1)) {
            DBInstance db = frankfurt.describeDBInstances(r -> r.dbInstanceIdentifier(ID)).dbInstances().get(0);

            assertThat(db.dbInstanceArn()).isEqualTo("arn:aws:rds:eu-central-1:000000000000:db:" + ID);
            assertThat(db.availabilityZone()).isEqualTo("eu-central-1a");
            assertThat(frankfurt.describeDBInstances(r -> r.dbInstanceIdentifier(db.dbInstanceArn())).dbInstances())
                    .extracting(DBInstance::dbInstanceIdentifier).containsExactly(ID);
        }
    }

    @Test
    void describeFiltersSelectByInstanceIdAndEngine() {
        assertThat(rds.describeDBInstances(r -> r.filters(f -> f.name("engine").values("mysql"))).dbInstances())
                .hasSize(1);
        assertThat(rds.describeDBInstances(r -> r.filters(f -> f.name("db-instance-id").values("other")))
                .dbInstances()).isEmpty();
        assertThatThrownBy(() -> rds.describeDBInstances(r -> r.filters(f -> f.name("shoe-size").values("9"))))
                .isInstanceOf(RdsException.class)
                .satisfies(e -> assertThat(((RdsException) e).awsErrorDetails().errorCode())
                        .isEqualTo("InvalidParameterValue"));
    }

    @Test
    void describingAnUnknownInstanceFailsWithDBInstanceNotFound() {
        assertThatThrownBy(() -> rds.describeDBInstances(r -> r.dbInstanceIdentifier("no-such-db")))
                .isInstanceOfSatisfying(DbInstanceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DBInstanceNotFound");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("DBInstance no-such-db not found.");
                    assertThat(e.requestId()).isNotBlank();
                });
        assertThatThrownBy(() -> rds.startDBInstance(r -> r.dbInstanceIdentifier("no-such-db")))
                .isInstanceOf(DbInstanceNotFoundException.class);
    }

    @Test
    void stoppingAStoppedInstanceFailsWithInvalidDBInstanceState() {
        assertThatThrownBy(() -> rds.stopDBInstance(r -> r.dbInstanceIdentifier(ID)))
                .isInstanceOfSatisfying(InvalidDbInstanceStateException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).contains("not in available state", "stopped");
                });
        assertThat(instance(server).status()).isEqualTo(InstanceStatus.STOPPED);
    }

    @Test
    void aClientWithTheWrongSecretKeyGetsSignatureDoesNotMatch() {
        try (RdsClient wrong = rds(server, "not-the-secret", Region.US_EAST_1)) {
            assertThatThrownBy(wrong::describeDBInstances)
                    .isInstanceOfSatisfying(RdsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                    });
        }
    }

    @Test
    void anUnknownActionIsRejectedWithInvalidAction() {
        HttpResponse<String> response = signedPost(server, FORM, "Action=DeleteDBInstance&Version=2014-10-31"
                + "&DBInstanceIdentifier=" + ID);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("<Code>InvalidAction</Code>", "DeleteDBInstance");
        assertThat(instance(server).status()).isEqualTo(InstanceStatus.STOPPED);
    }

    @Test
    void aRequestWithoutActionOrRequiredParameterIsRejectedByName() {
        assertThat(signedPost(server, FORM, "Version=2014-10-31").body()).contains("<Code>MissingAction</Code>");
        HttpResponse<String> noId = signedPost(server, FORM, "Action=StartDBInstance&Version=2014-10-31");
        assertThat(noId.statusCode()).isEqualTo(400);
        assertThat(noId.body()).contains("<Code>MissingParameter</Code>", "DBInstanceIdentifier");
        assertThat(signedPost(server, FORM, "Action=DescribeDBInstances").body())
                .contains("<Code>MissingParameter</Code>", "Version");
    }

    @Test
    void aMalformedBodyIsRejectedWithMalformedQueryString() {
        HttpResponse<String> badEscape = signedPost(server, FORM, "Action=DescribeDBInstances&Version=%zz");
        HttpResponse<String> json = signedPost(server, "application/json", "{\"Action\":\"DescribeDBInstances\"}");
        HttpResponse<String> notUtf8 = signedPost(server, FORM, "Action=DescribeDBInstances&Version=%C3%28");

        for (HttpResponse<String> response : java.util.List.of(badEscape, json, notUtf8)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).startsWith("<?xml").contains("<ErrorResponse>",
                    "<Code>MalformedQueryString</Code>", "<RequestId>");
        }
    }

    @Test
    void theCredentialsFileIsOwnerOnlyAndHoldsTheMasterUserAndDatabase() throws Exception {
        Path file = instance(server).credentialsFile();
        Properties credentials = new Properties();
        try (var in = Files.newInputStream(file)) {
            credentials.load(in);
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(credentials.getProperty("username")).isEqualTo("admin");
        assertThat(credentials.getProperty("database")).isEqualTo("photos");
        assertThat(credentials.getProperty("password")).matches("[A-Za-z0-9]{24}");
        assertThat(instance(server).jdbcUrl()).isEqualTo("jdbc:mysql://127.0.0.1:" + instance(server).port()
                + "/photos?useSSL=false&allowPublicKeyRetrieval=true");
    }
}
