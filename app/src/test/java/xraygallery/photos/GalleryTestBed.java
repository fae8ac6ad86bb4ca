package xraygallery.photos;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import xraygallery.cloud.CloudClients;
import xraygallery.cloud.CloudTarget;
import xraygallery.localcloud.LocalCloudFixture;

/** A local cloud with its database started, and the gallery's services wired to it. */
final class GalleryTestBed implements AutoCloseable {
    final LocalCloudFixture cloud;
    final GalleryConfig config;
    final GalleryServices services;

    private GalleryTestBed(LocalCloudFixture cloud, ActionTracing tracing) throws IOException {
        this.cloud = cloud;
        Path appData = cloud.dataDir().resolve("app");
        this.config = GalleryConfig.load(Map.of(
                "XRAY_GALLERY_LOCALCLOUD", cloud.endpoint().toString(),
                "XRAY_GALLERY_LOCALCLOUD_DATA", cloud.dataDir().toString()), null, false, appData);
        CloudClients clients = new CloudClients(CloudTarget.local(cloud.endpoint(), "test", "test"), java.util.List.of());
        this.services = new GalleryServices(config, clients, tracing, UnaryOperator.identity());
    }

    /** Starts a local cloud and, when asked, its database (waiting until available). */
    static GalleryTestBed start(String name, boolean startDatabase, ActionTracing tracing) throws IOException {
        GalleryTestBed bed = new GalleryTestBed(LocalCloudFixture.start(name), tracing);
        if (startDatabase) {
            bed.services.databaseControl().start("test");
            bed.services.databaseControl().awaitAvailable("test", Duration.ofMinutes(2), status -> { });
        }
        return bed;
    }

    @Override
    public void close() {
        services.close();
        cloud.close();
    }
}
