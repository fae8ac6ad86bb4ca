package xraygallery.photos;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import xraygallery.cloud.SqlFailures;
import xraygallery.cloud.SqlMessages;

/**
 * The gallery's MySQL database: migrations on first use, connections, and transactions. A database
 * that cannot be reached becomes a {@link DatabaseUnavailableException} that says what to do.
 */
public final class GalleryDatabase {
    private final DataSource dataSource;
    private final Runnable migration;
    private final String description;
    private volatile boolean migrated;

    /**
     * @param dataSource where the use-cases' connections come from (possibly wrapped for tracing)
     * @param migrationSource where the schema migration's come from: its dozens of bookkeeping
     *     statements are not a user's action, so they are not traced
     * @param description how to name the database to a user, e.g. {@code edx-photos-db in the local cloud}
     */
    public GalleryDatabase(DataSource dataSource, DataSource migrationSource, String description) {
        this(dataSource, description, () -> Flyway.configure()
                .dataSource(migrationSource)
                .locations("classpath:xraygallery/photos/migration")
                .load()
                .migrate());
    }

    /**
     * The seam under the use-cases: connections from {@code dataSource}, the schema brought up to date by
     * {@code migration} (run once, before the first transaction). Unit tests pass a fake data source and a
     * migration that does nothing; the app uses the constructor above (Flyway).
     */
    public GalleryDatabase(DataSource dataSource, String description, Runnable migration) {
        this.dataSource = dataSource;
        this.migration = migration;
        this.description = description;
    }

    /** Brings the schema up to date (Flyway); once per process. */
    public synchronized void migrate() {
        if (migrated) {
            return;
        }
        try {
            migration.run();
            migrated = true;
        } catch (RuntimeException e) {
            if (SqlFailures.isConnectionFailure(e)) {
                throw unavailable(e);
            }
            throw e;
        }
    }

    /** Work done in one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(Work<T> work) {
        migrate();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if (SqlFailures.isConnectionFailure(e)) {
                throw unavailable(e);
            }
            // the driver quotes values in its messages (a user name, a file name): the user sees, and the trace
            // records, the message without them; the driver's exception stays the cause (the app's tracing redacts
            // database exceptions it records, wherever they are in a chain)
            throw new GalleryException("Database error: " + SqlMessages.redact(e.getMessage()), e);
        }
    }

    private DatabaseUnavailableException unavailable(Exception cause) {
        return new DatabaseUnavailableException("The database (" + description + ") is not available. "
                + "Start it first (xray-gallery db start), then try again.", cause);
    }

    /** The database cannot be reached: stopped, starting, or gone. */
    public static final class DatabaseUnavailableException extends GalleryException {
        public DatabaseUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
