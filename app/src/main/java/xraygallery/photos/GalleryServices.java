package xraygallery.photos;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import xraygallery.cloud.DatabaseInstance;
import xraygallery.cloud.Labeler;
import xraygallery.cloud.PhotoStore;

/**
 * The use-cases wired to one cloud through its ports: accounts, uploads, the gallery, and database control. The
 * CLI and the desktop app both start here (through {@code xraygallery.app}, which builds the ports); neither sees
 * an SDK type.
 */
public final class GalleryServices implements AutoCloseable {
    /** Labels Rekognition returns per photo, and the least confidence kept. */
    public static final int MAX_LABELS = 20;
    public static final float MIN_CONFIDENCE = 55f;
    public static final int UPLOAD_PARALLELISM = 3;

    private final GalleryConfig config;
    private final Backends backends;
    private final GalleryDatabase database;
    private final Accounts accounts;
    private final UploadPipeline uploads;
    private final Gallery gallery;
    private final DatabaseControl databaseControl;

    /**
     * What the use-cases run on.
     *
     * @param store where photo bytes live (S3)
     * @param labeler what finds labels and faces (Rekognition)
     * @param instance the RDS instance the database lives on
     * @param dataSource the database's connections for user actions (possibly traced)
     * @param migrationDataSource connections for the schema migration, whose bookkeeping is not a user's action
     */
    public record Backends(PhotoStore store, Labeler labeler, DatabaseInstance instance, DataSource dataSource,
            DataSource migrationDataSource) {
        public Backends {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(labeler, "labeler");
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(dataSource, "dataSource");
            Objects.requireNonNull(migrationDataSource, "migrationDataSource");
        }
    }

    /**
     * @param tracing how user actions are traced
     * @param uploadParallelism how many files upload at once
     */
    public GalleryServices(GalleryConfig config, Backends backends, ActionTracing tracing, int uploadParallelism)
            throws IOException {
        this.config = config;
        this.backends = backends;
        this.database = new GalleryDatabase(backends.dataSource(), backends.migrationDataSource(),
                config.instanceId() + (config.aws() ? " on AWS" : " in the local cloud"));
        this.accounts = new Accounts(database, PasswordHasher.owaspDefault(), tracing, Clock.systemUTC());
        // one cache of thumbnails and one of display copies: uploads leave a new photo's copies there for the gallery
        Path cache = config.appData().resolve("cache");
        DiskCache thumbnails = new DiskCache(cache.resolve("thumbnails"), Gallery.THUMBNAIL_CACHE_BYTES);
        DiskCache displayCopies = new DiskCache(cache.resolve("display"), Gallery.DISPLAY_CACHE_BYTES);
        this.uploads = new UploadPipeline(backends.store(), backends.labeler(), database,
                new UploadJournal(config.appData().resolve("uploads")), tracing, uploadParallelism, Clock.systemUTC(),
                LocalCopies.inCaches(thumbnails, displayCopies));
        this.gallery = new Gallery(database, backends.store(), tracing, thumbnails, displayCopies);
        this.databaseControl = new DatabaseControl(backends.instance(), tracing, Duration.ofSeconds(1));
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
        return backends.store();
    }

    /** Stops taking uploads; those under way finish, the rest stay in the journal. */
    @Override
    public void close() {
        uploads.close();
    }
}
