package xraygallery.ui.gallery;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import xraygallery.app.CloudWiring;
import xraygallery.app.XRayActionTracing;
import xraygallery.cloud.CloudClients;
import xraygallery.cloud.CloudTarget;
import xraygallery.localcloud.LocalCloudFixture;
import xraygallery.photos.ActionTracing;
import xraygallery.photos.GalleryConfig;
import xraygallery.photos.GallerySeed;
import xraygallery.photos.GalleryServices;
import xraygallery.photos.GalleryTestBed;
import xraygallery.photos.User;
import xraygallery.tracing.Tracing;

/** A local cloud with its database started and the gallery's services on it, for the window's tests. */
public final class GalleryCloud implements AutoCloseable {
    private final LocalCloudFixture cloud;
    private final CloudClients clients;
    private final GalleryServices services;
    private final CloudClients plainClients;
    private final GalleryServices plain;
    private final GallerySeed seed = new GallerySeed();

    private GalleryCloud(LocalCloudFixture cloud, Tracing tracing) throws IOException {
        this.cloud = cloud;
        GalleryConfig config = GalleryTestBed.configFor(cloud);
        CloudTarget target = CloudTarget.local(cloud.endpoint(), "test", "test");
        this.plainClients = new CloudClients(target, List.of());
        this.plain = CloudWiring.services(config, plainClients, ActionTracing.none(), d -> d, 1);
        if (tracing == null) {
            this.clients = plainClients;
            this.services = plain;
        } else {
            this.clients = new CloudClients(target, List.of(tracing.awsInterceptor()));
            this.services = CloudWiring.services(config, clients, new XRayActionTracing(tracing), tracing::jdbc, 1);
        }
    }

    /** Starts the local cloud and its database (waiting until available). */
    public static GalleryCloud start(String name) throws IOException {
        GalleryCloud bed = new GalleryCloud(LocalCloudFixture.start(name), null);
        bed.startDatabase();
        return bed;
    }

    /** As {@link #start}, with the services' actions, S3 calls and SQL traced through {@code tracing} (seeding is not). */
    public static GalleryCloud startTraced(String name, Tracing tracing) throws IOException {
        GalleryCloud bed = new GalleryCloud(LocalCloudFixture.start(name), tracing);
        bed.startDatabase();
        return bed;
    }

    public GalleryServices services() {
        return services;
    }

    public GalleryService gallery() {
        return GalleryService.of(services.gallery());
    }

    /** A new user with {@code photos} seeded photos (display copies too when asked). */
    public User userWith(String name, int photos, boolean displayCopies) throws Exception {
        User user = services.accounts().signUp(name, (name + "'s password").toCharArray());
        seed.seed(plain, user, photos, Instant.parse("2026-01-01T00:00:00Z"), displayCopies);
        return user;
    }

    public void stopDatabase() throws IOException {
        GalleryTestBed.stopDatabase(services);
    }

    public void startDatabase() throws IOException {
        GalleryTestBed.startDatabase(services);
    }

    @Override
    public void close() {
        services.close();
        plain.close();
        clients.close();
        if (plainClients != clients) {
            plainClients.close();
        }
        cloud.close();
    }
}
