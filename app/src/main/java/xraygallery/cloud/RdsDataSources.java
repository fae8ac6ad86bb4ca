package xraygallery.cloud;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import javax.sql.DataSource;
import xraygallery.cloud.DatabaseInstance.DatabaseStatus;

/**
 * Data sources for the MySQL database on the gallery's RDS instance. Connections go to wherever the instance is
 * now (looked up again after a connection fails), so the app survives the instance being stopped and started.
 */
public final class RdsDataSources {
    private RdsDataSources() {
    }

    /** AWS: the endpoint from {@code endpoint} (DescribeDBInstances, or a fixed host), TLS preferred. */
    public static DataSource aws(Supplier<DatabaseStatus> endpoint, String user, String password, String database) {
        return new InstanceDataSource(endpoint, user, password, database, false);
    }

    /**
     * The local cloud: the master user's credentials come from the local cloud's owner-only credentials file,
     * which exists once the instance has been started the first time (until then, connecting fails as "never
     * started").
     */
    public static DataSource local(DatabaseInstance instance, Path credentialsFile) {
        return new DelegatingDataSource(() -> readLocalCredentials(credentialsFile)
                .map(c -> new InstanceDataSource(instance::status, c.username(), c.password(), c.database(), true))
                .orElse(null));
    }

    /** The master user of a local-cloud instance, as its credentials file holds it. */
    public record LocalCredentials(String username, String password, String database) {
        /** Never shows the password. */
        @Override
        public String toString() {
            return "LocalCredentials[username=" + username + ", database=" + database + "]";
        }
    }

    /** Reads the local cloud's credentials file; empty while the instance has never been started. */
    public static Optional<LocalCredentials> readLocalCredentials(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String username = properties.getProperty("username");
        String password = properties.getProperty("password");
        String database = properties.getProperty("database");
        if (username == null || password == null || database == null) {
            throw new IOException(file + " lacks username, password or database");
        }
        return Optional.of(new LocalCredentials(username, password, database));
    }
}
