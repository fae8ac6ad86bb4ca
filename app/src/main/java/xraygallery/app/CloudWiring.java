package xraygallery.app;

import java.io.IOException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import xraygallery.cloud.CloudClients;
import xraygallery.cloud.DatabaseInstance.DatabaseStatus;
import xraygallery.cloud.DatabaseInstance;
import xraygallery.cloud.RdsDataSources;
import xraygallery.cloud.RdsDatabaseInstance;
import xraygallery.cloud.RekognitionLabeler;
import xraygallery.cloud.S3PhotoStore;
import xraygallery.photos.ActionTracing;
import xraygallery.photos.GalleryConfig;
import xraygallery.photos.GalleryServices;

/** Builds the use-cases' ports from AWS SDK clients (for AWS or the local cloud) and the gallery's configuration. */
public final class CloudWiring {
    private CloudWiring() {
    }

    /**
     * The gallery's services on {@code clients}.
     *
     * @param decorateDataSource wraps the database's DataSource for user actions (SQL tracing)
     */
    public static GalleryServices services(GalleryConfig config, CloudClients clients, ActionTracing tracing,
            UnaryOperator<DataSource> decorateDataSource, int uploadParallelism) throws IOException {
        DatabaseInstance instance = new RdsDatabaseInstance(clients.rds(), config.instanceId());
        DataSource plain = dataSource(config, instance);
        GalleryServices.Backends backends = new GalleryServices.Backends(
                new S3PhotoStore(clients.s3(), clients.s3Presigner(), config.bucket()),
                new RekognitionLabeler(clients.rekognition(), GalleryServices.MAX_LABELS, GalleryServices.MIN_CONFIDENCE),
                instance, decorateDataSource.apply(plain), plain);
        return new GalleryServices(config, backends, tracing, uploadParallelism);
    }

    private static DataSource dataSource(GalleryConfig config, DatabaseInstance instance) {
        if (!config.aws()) {
            return RdsDataSources.local(instance, config.localCredentialsFile());
        }
        Supplier<DatabaseStatus> endpoint = config.databaseHost() != null
                ? () -> new DatabaseStatus(config.instanceId(), "available", config.databaseHost(),
                        config.databasePort() == null ? 3306 : config.databasePort())
                : instance::status;
        return RdsDataSources.aws(endpoint, config.databaseUser(), config.databasePassword(), config.databaseName());
    }
}
