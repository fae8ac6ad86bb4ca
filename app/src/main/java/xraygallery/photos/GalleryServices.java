package xraygallery.photos;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import xraygallery.cloud.CloudClients;
import xraygallery.cloud.DatabaseInstance;
import xraygallery.cloud.DatabaseInstance.DatabaseStatus;
import xraygallery.cloud.Labeler;
import xraygallery.cloud.PhotoStore;
import xraygallery.cloud.RdsDatabaseInstance;
import xraygallery.cloud.RekognitionLabeler;
import xraygallery.cloud.S3PhotoStore;

/**
 * The use-cases wired to one cloud: accounts, uploads, the gallery, and database control. The CLI
 * and the desktop app both start here; neither sees an SDK type.
 */
public final class GalleryServices implements AutoCloseable {
    /** Labels Rekognition returns per photo, and the least confidence kept. */
    static final int MAX_LABELS = 20;
    static final float MIN_CONFIDENCE = 55f;
    static final int UPLOAD_PARALLELISM = 3;

    private final GalleryConfig config;
    private final CloudClients clients;
    private final PhotoStore store;
    private final GalleryDatabase database;
    private final Accounts accounts;
    private final UploadPipeline uploads;
    private final Gallery gallery;
    private final DatabaseControl databaseControl;

    /**
     * @param clients AWS SDK clients for the configured cloud (with tracing interceptors, if any)
     * @param tracing how user actions are traced
     * @param decorateDataSource wraps the database's DataSource (e.g. for SQL tracing)
     */
    public GalleryServices(GalleryConfig config, CloudClients clients, ActionTracing tracing,
            UnaryOperator<DataSource> decorateDataSource) throws IOException {
        this(config, clients, tracing, decorateDataSource, UPLOAD_PARALLELISM);
    }

    /** As above, with {@code uploadParallelism} files uploading at once. */
    public GalleryServices(GalleryConfig config, CloudClients clients, ActionTracing tracing,
            UnaryOperator<DataSource> decorateDataSource, int uploadParallelism) throws IOException {
        this.config = config;
        this.clients = clients;
        this.store = new S3PhotoStore(clients.s3(), clients.s3Presigner(), config.bucket());
        Labeler labeler = new RekognitionLabeler(clients.rekognition(), MAX_LABELS, MIN_CONFIDENCE);
        DatabaseInstance instance = new RdsDatabaseInstance(clients.rds(), config.instanceId());
        DataSource plain = dataSource(config, instance);
        this.database = new GalleryDatabase(decorateDataSource.apply(plain), plain,
                config.instanceId() + (config.aws() ? " on AWS" : " in the local cloud"));
        this.accounts = new Accounts(database, PasswordHasher.owaspDefault(), tracing, Clock.systemUTC());
        this.uploads = new UploadPipeline(store, labeler, database, new UploadJournal(config.appData().resolve("uploads")),
                tracing, uploadParallelism, Clock.systemUTC());
        this.gallery = new Gallery(database, store, tracing, config.appData().resolve("cache").resolve("thumbnails"));
        this.databaseControl = new DatabaseControl(instance, tracing, Duration.ofSeconds(1));
    }

    private static DataSource dataSource(GalleryConfig config, DatabaseInstance instance) throws IOException {
        if (config.aws()) {
            Supplier<DatabaseStatus> endpoint = config.databaseHost() != null
                    ? () -> new DatabaseStatus(config.instanceId(), "available", config.databaseHost(),
                            config.databasePort() == null ? 3306 : config.databasePort())
                    : instance::status;
            return new InstanceDataSource(endpoint, config.databaseUser(), config.databasePassword(),
                    config.databaseName(), false);
        }
        return new LocalCredentialsDataSource(config, instance);
    }

    public GalleryConfig config() {
        return config;
    }

    public Accounts accounts() {
        return accounts;
    }

    public UploadPipeline uploads() {
        return uploads;
    }

    public Gallery gallery() {
        return gallery;
    }

    public DatabaseControl databaseControl() {
        return databaseControl;
    }

    public GalleryDatabase database() {
        return database;
    }

    /** The photo store, for inspection (tests, diagnostics). */
    public PhotoStore photoStore() {
        return store;
    }

    @Override
    public void close() {
        uploads.close();
        clients.close();
    }

    /**
     * Local mode: the master user's credentials are in the local cloud's owner-only file, which
     * exists once the instance has been started the first time.
     */
    private static final class LocalCredentialsDataSource extends DelegatingDataSource {
        LocalCredentialsDataSource(GalleryConfig config, DatabaseInstance instance) {
            super(() -> {
                Properties credentials = new Properties();
                try (Reader reader = Files.newBufferedReader(config.localCredentialsFile())) {
                    credentials.load(reader);
                } catch (NoSuchFileException e) {
                    return null;
                }
                return new InstanceDataSource(instance::status, credentials.getProperty("username"),
                        credentials.getProperty("password"), credentials.getProperty("database", config.databaseName()), true);
            });
        }
    }
}
