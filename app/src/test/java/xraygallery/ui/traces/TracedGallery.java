package xraygallery.ui.traces;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import xraygallery.app.CloudWiring;
import xraygallery.app.XRayActionTracing;
import xraygallery.cloud.CloudClients;
import xraygallery.cloud.CloudTarget;
import xraygallery.daemon.DaemonFixture;
import xraygallery.localcloud.LocalCloudFixture;
import xraygallery.photos.GalleryConfig;
import xraygallery.photos.GalleryServices;
import xraygallery.photos.UploadResult;
import xraygallery.photos.User;
import xraygallery.tracing.Tracing;
import xraygallery.tracing.TracingConfig;

/**
 * The gallery against a local cloud with its database started, every action traced by the real X-Ray SDK into a
 * daemon on free ports: real upload traces for the panel to read.
 */
final class TracedGallery implements AutoCloseable {
    final DaemonFixture daemon;
    final LocalCloudFixture cloud;
    final Tracing tracing;
    final GalleryServices services;
    private final CloudClients clients;

    private TracedGallery(String name) throws IOException {
        daemon = DaemonFixture.start(name + "-daemon");
        tracing = Tracing.create(TracingConfig.forDaemon(daemon.daemonAddress()));
        cloud = LocalCloudFixture.start(name);
        Path appData = cloud.dataDir().resolve("app");
        GalleryConfig config = GalleryConfig.load(Map.of(
                "XRAY_GALLERY_LOCALCLOUD", cloud.endpoint().toString(),
                "XRAY_GALLERY_LOCALCLOUD_DATA", cloud.dataDir().toString()), null, false, appData);
        clients = new CloudClients(CloudTarget.local(cloud.endpoint(), "test", "test"), List.of(tracing.awsInterceptor()));
        services = CloudWiring.services(config, clients, new XRayActionTracing(tracing), tracing::jdbc, 3);
        services.databaseControl().start("test");
        services.databaseControl().awaitAvailable("test", Duration.ofMinutes(2), status -> { });
    }

    static TracedGallery start(String name) throws IOException {
        return new TracedGallery(name);
    }

    /** Uploads files one after the other; their results in order. */
    List<UploadResult> upload(User user, List<Path> files) {
        return files.stream().map(f -> services.uploads().upload(user, List.of(f), e -> { }).get(0))
                .map(CompletableFuture::join).toList();
    }

    @Override
    public void close() {
        services.close();
        clients.close();
        cloud.close();
        tracing.close();
        daemon.close();
    }
}
