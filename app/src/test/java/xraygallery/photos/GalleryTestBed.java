package xraygallery.photos;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import xraygallery.app.CloudWiring;
import xraygallery.app.XRayActionTracing;
import xraygallery.cloud.CloudClients;
import xraygallery.cloud.CloudTarget;
import xraygallery.localcloud.LocalCloudFixture;
import xraygallery.localcloud.faults.FaultRule;
import xraygallery.tracing.Tracing;

/** A local cloud with its database started, and the gallery's services wired to it (public for the UI's tests). */
public final class GalleryTestBed implements AutoCloseable {
    public final LocalCloudFixture cloud;
    public final GalleryConfig config;
    public final GalleryServices services;
    private final CloudClients clients;

    private GalleryTestBed(LocalCloudFixture cloud, ActionTracing tracing, int uploadParallelism,
            List<ExecutionInterceptor> interceptors, UnaryOperator<DataSource> decorate, String accessKey,
            String secretKey) throws IOException {
        this.cloud = cloud;
        this.config = configFor(cloud);
        this.clients = new CloudClients(CloudTarget.local(cloud.endpoint(), accessKey, secretKey), interceptors);
        this.services = CloudWiring.services(config, clients, tracing, decorate, uploadParallelism);
    }

    private GalleryTestBed(LocalCloudFixture cloud, ActionTracing tracing, int uploadParallelism,
            List<ExecutionInterceptor> interceptors, UnaryOperator<DataSource> decorate) throws IOException {
        this(cloud, tracing, uploadParallelism, interceptors, decorate, "test", "test");
    }

    /** The gallery's config on a test's local cloud, the app's data in a folder of the cloud's test data. */
    public static GalleryConfig configFor(LocalCloudFixture cloud) throws IOException {
        return GalleryConfig.load(Map.of(
                "XRAY_GALLERY_LOCALCLOUD", cloud.endpoint().toString(),
                "XRAY_GALLERY_LOCALCLOUD_DATA", cloud.dataDir().toString()), null, false,
                cloud.dataDir().resolve("app"));
    }

    /** Starts a local cloud and, when asked, its database (waiting until available). */
    public static GalleryTestBed start(String name, boolean startDatabase, ActionTracing tracing) throws IOException {
        return start(name, startDatabase, tracing, 3);
    }

    public static GalleryTestBed start(String name, boolean startDatabase, ActionTracing tracing, int uploadParallelism)
            throws IOException {
        GalleryTestBed bed = new GalleryTestBed(LocalCloudFixture.start(name), tracing, uploadParallelism, List.of(),
                UnaryOperator.identity());
        if (startDatabase) {
            bed.startDatabase();
        }
        return bed;
    }

    /** As {@link #start}, with every action, AWS call and SQL statement traced through {@code tracing}. */
    static GalleryTestBed startTraced(String name, Tracing tracing) throws IOException {
        GalleryTestBed bed = new GalleryTestBed(LocalCloudFixture.start(name), new XRayActionTracing(tracing), 3,
                List.of(tracing.awsInterceptor()), tracing::jdbc);
        bed.startDatabase();
        return bed;
    }

    /** As {@link #start}, with the database started and the use-cases' DataSource wrapped by {@code decorate}. */
    static GalleryTestBed startDecorated(String name, UnaryOperator<DataSource> decorate) throws IOException {
        GalleryTestBed bed = new GalleryTestBed(LocalCloudFixture.start(name), ActionTracing.none(), 3, List.of(),
                decorate);
        bed.startDatabase();
        return bed;
    }

    /** As {@link #startTraced}, with a local cloud that accepts only the given key. */
    static GalleryTestBed startTraced(String name, Tracing tracing, String accessKey, String secretKey)
            throws IOException {
        GalleryTestBed bed = new GalleryTestBed(
                LocalCloudFixture.start(name, c -> c.withCredentials(accessKey, secretKey)),
                new XRayActionTracing(tracing), 3, List.of(tracing.awsInterceptor()), tracing::jdbc, accessKey,
                secretKey);
        bed.startDatabase();
        return bed;
    }

    /** Uploads one file as {@code user} while {@code rule} acts in the local cloud (cleared after), to its result. */
    public UploadResult uploadUnder(FaultRule rule, User user, Path file) {
        cloud.server().faults().add(rule);
        try {
            return services.uploads().upload(user, List.of(file), event -> { }).get(0).join();
        } finally {
            cloud.server().faults().clear();
        }
    }

    /** Stops the database and waits until it is stopped. */
    public void stopDatabase() throws IOException {
        stopDatabase(services);
    }

    /** Starts the database and waits until it is available. */
    public void startDatabase() throws IOException {
        startDatabase(services);
    }

    /** Stops the database through {@code services} and waits until it is stopped. */
    public static void stopDatabase(GalleryServices services) throws IOException {
        services.databaseControl().stop("test");
        await().atMost(Duration.ofMinutes(1))
                .until(() -> services.databaseControl().status("test").state().equals("stopped"));
    }

    /** Starts the database through {@code services} and waits until it is available. */
    public static void startDatabase(GalleryServices services) throws IOException {
        services.databaseControl().start("test");
        services.databaseControl().awaitAvailable("test", Duration.ofMinutes(2), status -> { });
    }

    @Override
    public void close() {
        services.close();
        clients.close();
        cloud.close();
    }
}
