package xraygallery.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import xraygallery.cloud.CloudClients;
import xraygallery.cloud.CloudTarget;
import xraygallery.localcloud.LocalCloudConfig;
import xraygallery.photos.GalleryConfig;
import xraygallery.photos.GalleryServices;
import xraygallery.tracing.LocalDaemon;
import xraygallery.tracing.Tracing;
import xraygallery.tracing.TracingConfig;

/**
 * Everything a command needs to run the gallery: the configuration, in local mode a local cloud
 * (reused, or started as a child and stopped again at the end), the X-Ray daemon (likewise) and the
 * recorder that sends it every action, and the use-cases, traced.
 */
public final class GalleryRuntime implements AutoCloseable {
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final GalleryServices services;

    private GalleryRuntime(GalleryConfig config) throws IOException {
        try {
            CloudTarget target;
            if (config.aws()) {
                target = CloudTarget.aws(null);
            } else {
                resources.add(Sidecar.ensure("local cloud", () -> answers(config.localCloudEndpoint()),
                        List.of("localcloud", "--port", Integer.toString(config.localCloudEndpoint().getPort()),
                                "--data", config.localCloudData().toString()),
                        "localcloud ready", config.appData().resolve("logs").resolve("localcloud.log"),
                        Duration.ofMinutes(2)));
                target = CloudTarget.local(config.localCloudEndpoint(), LocalCloudConfig.DEFAULT_ACCESS_KEY,
                        LocalCloudConfig.DEFAULT_SECRET_KEY);
            }
            LocalDaemon daemon = AppDaemon.ensureRunning();
            if (daemon != null) {
                resources.add(daemon);
            }
            Tracing tracing = Tracing.create(daemon == null ? TracingConfig.fromEnvironment()
                    : TracingConfig.forDaemon(daemon.daemonAddress()));
            resources.add(tracing);
            CloudClients clients = new CloudClients(target, List.of(tracing.awsInterceptor()));
            this.services = new GalleryServices(config, clients, new XRayActionTracing(tracing), tracing::jdbc);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Reads the configuration (environment, config file, {@code --aws}) and starts what it needs. */
    public static GalleryRuntime open(boolean awsFlag) throws IOException {
        Map<String, String> env = System.getenv();
        return new GalleryRuntime(GalleryConfig.load(env, GalleryConfig.defaultFile(env), awsFlag, AppDirectories.dataHome()));
    }

    public GalleryServices services() {
        return services;
    }

    /** Whether a local cloud answers its health check at {@code endpoint}. */
    static boolean answers(URI endpoint) {
        try {
            HttpResponse<Void> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()
                    .send(HttpRequest.newBuilder(endpoint.resolve("/_localcloud/health")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (services != null) {
            services.close();
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("closing failed: " + e.getMessage());
            }
        }
    }
}
