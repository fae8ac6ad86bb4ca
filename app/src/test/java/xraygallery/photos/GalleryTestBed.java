package xraygallery.photos;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import xraygallery.cloud.CloudClients;
import xraygallery.cloud.CloudTarget;
import xraygallery.localcloud.LocalCloudFixture;

/** A local cloud with its database started, and the gallery's services wired to it (public for the UI's tests). */
public final class GalleryTestBed implements AutoCloseable {
    public final LocalCloudFixture cloud;
    public final GalleryConfig config;
    public final GalleryServices services;
    private final CloudClients clients;

    private GalleryTestBed(LocalCloudFixture cloud, ActionTracing tracing, int uploadParallelism) throws IOException {
        this(cloud, tracing, uploadParallelism, java.util.List.of(), UnaryOperator.identity());
    }

    private GalleryTestBed(LocalCloudFixture cloud, ActionTracing tracing, int uploadParallelism,
            java.util.List<software.amazon.awssdk.core.interceptor.ExecutionInterceptor> interceptors,
            UnaryOperator<javax.sql.DataSource> decorate) throws IOException {
        this(cloud, tracing, uploadParallelism, interceptors, decorate, "test", "test");
    }

    private GalleryTestBed(LocalCloudFixture cloud, ActionTracing tracing, int uploadParallelism,
            java.util.List<software.amazon.awssdk.core.interceptor.ExecutionInterceptor> interceptors,
            UnaryOperator<javax.sql.DataSource> decorate, String accessKey, String secretKey) throws IOException {
        this.cloud = cloud;
        Path appData = cloud.dataDir().resolve("app");
        this.config = GalleryConfig.load(Map.of(
                "XRAY_GALLERY_LOCALCLOUD", cloud.endpoint().toString(),
                "XRAY_GALLERY_LOCALCLOUD_DATA", cloud.dataDir().toString()), null, false, appData);
        CloudClients clients = new CloudClients(CloudTarget.local(cloud.endpoint(), accessKey, secretKey), interceptors);
        this.clients = clients;
        this.services = xraygallery.app.CloudWiring.services(config, clients, tracing, decorate, uploadParallelism);
    }

    /** Starts a local cloud and, when asked, its database (waiting until available). */
    public static GalleryTestBed start(String name, boolean startDatabase, ActionTracing tracing) throws IOException {
        return start(name, startDatabase, tracing, 3);
    }

    public static GalleryTestBed start(String name, boolean startDatabase, ActionTracing tracing, int uploadParallelism)
            throws IOException {
        GalleryTestBed bed = new GalleryTestBed(LocalCloudFixture.start(name), tracing, uploadParallelism);
        if (startDatabase) {
            bed.services.databaseControl().start("test");
            bed.services.databaseControl().awaitAvailable("test", Duration.ofMinutes(2), status -> { });
        }
        return bed;
    }

    /** As {@link #start}, with every action, AWS call and SQL statement traced through {@code tracing}. */
    static GalleryTestBed startTraced(String name, xraygallery.tracing.Tracing tracing) throws IOException {
        GalleryTestBed bed = new GalleryTestBed(LocalCloudFixture.start(name),
                new xraygallery.app.XRayActionTracing(tracing), 3, java.util.List.of(tracing.awsInterceptor()), tracing::jdbc);
        bed.startDatabase();
        return bed;
    }

    /** As {@link #start}, with the database started and the use-cases' DataSource wrapped by {@code decorate}. */
    static GalleryTestBed startDecorated(String name, UnaryOperator<javax.sql.DataSource> decorate) throws IOException {
        GalleryTestBed bed = new GalleryTestBed(LocalCloudFixture.start(name), ActionTracing.none(), 3,
                java.util.List.of(), decorate);
        bed.startDatabase();
        return bed;
    }

    /** As {@link #startTraced}, with a local cloud that accepts only the given key. */
    static GalleryTestBed startTraced(String name, xraygallery.tracing.Tracing tracing, String accessKey,
            String secretKey) throws IOException {
        GalleryTestBed bed = new GalleryTestBed(LocalCloudFixture.start(name, c -> c.withCredentials(accessKey, secretKey)),
                new xraygallery.app.XRayActionTracing(tracing), 3, java.util.List.of(tracing.awsInterceptor()),
                tracing::jdbc, accessKey, secretKey);
        bed.startDatabase();
        return bed;
    }

    /** Stops the database and waits until it is stopped. */
    public void stopDatabase() throws IOException {
        services.databaseControl().stop("test");
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1))
                .until(() -> services.databaseControl().status("test").state().equals("stopped"));
    }

    /** Starts the database and waits until it is available. */
    public void startDatabase() throws IOException {
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
