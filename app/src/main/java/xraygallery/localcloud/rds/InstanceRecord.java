package xraygallery.localcloud.rds;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;

/**
 * What is remembered about an instance across local cloud restarts, stored as {@code state.properties}
 * in its directory (rewritten atomically on every change).
 *
 * @param port the MariaDB port, chosen free at creation and kept while it stays free
 * @param initialized whether the master user and database exist in the data directory
 */
record InstanceRecord(String id, String instanceClass, int allocatedStorage, Instant createdAt, int port,
        InstanceStatus status, boolean initialized) {

    static final String FILE_NAME = "state.properties";

    InstanceRecord withStatus(InstanceStatus newStatus) {
        return new InstanceRecord(id, instanceClass, allocatedStorage, createdAt, port, newStatus, initialized);
    }

    InstanceRecord withPort(int newPort) {
        return new InstanceRecord(id, instanceClass, allocatedStorage, createdAt, newPort, status, initialized);
    }

    InstanceRecord withInitialized() {
        return new InstanceRecord(id, instanceClass, allocatedStorage, createdAt, port, status, true);
    }

    void save(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("id", id);
        p.setProperty("instanceClass", instanceClass);
        p.setProperty("allocatedStorage", Integer.toString(allocatedStorage));
        p.setProperty("createdAt", createdAt.toString());
        p.setProperty("port", Integer.toString(port));
        p.setProperty("status", status.awsName());
        p.setProperty("initialized", Boolean.toString(initialized));
        AtomicFiles.writeProperties(file, p, "Local RDS instance state");
    }

    static InstanceRecord load(Path file) throws IOException {
        Properties p = AtomicFiles.readProperties(file);
        try {
            return new InstanceRecord(required(p, "id"), required(p, "instanceClass"),
                    Integer.parseInt(required(p, "allocatedStorage")), Instant.parse(required(p, "createdAt")),
                    Integer.parseInt(required(p, "port")), InstanceStatus.fromAwsName(required(p, "status")),
                    Boolean.parseBoolean(required(p, "initialized")));
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a valid instance state file: " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return value;
    }
}
