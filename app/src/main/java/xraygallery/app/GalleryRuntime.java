package xraygallery.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.cloud.CloudClients;
import xraygallery.cloud.CloudTarget;
import xraygallery.files.OwnerOnly;
import xraygallery.photos.GalleryConfig;
import xraygallery.photos.GalleryServices;
import xraygallery.tracing.Tracing;
import xraygallery.tracing.TracingConfig;

/**
 * Everything a front end (the CLI, the window) needs to run the gallery: the configuration, in local mode a
 * local cloud (reused, or started as a child and stopped again at the end), the X-Ray daemon (likewise; in AWS
 * mode a daemon started here also forwards to AWS X-Ray) and the recorder that sends it every action, and the
 * use-cases, traced.
 */
public final class GalleryRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GalleryRuntime.class);
    /** The local cloud's static key (its defaults; {@code localcloud --access-key/--secret-key}). */
    static final String LOCAL_ACCESS_KEY = "test";
    static final String LOCAL_SECRET_KEY = "test";

    private final GalleryConfig config;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private LocalCloudProcess localCloud;
    private AppDaemon daemon;
    private String daemonProblem;
    private GalleryServices services;

    private GalleryRuntime(GalleryConfig config) {
        this.config = config;
    }

    /**
     * Starts what {@code config} needs, telling {@code progress} each step (a line fit to show a user).
     *
     * @param daemonAddress where the X-Ray daemon is, or is started ({@code AWS_XRAY_DAEMON_ADDRESS})
     */
    public static GalleryRuntime open(GalleryConfig config, String daemonAddress, Consumer<String> progress)
            throws IOException {
        Objects.requireNonNull(config, "config");
        GalleryRuntime runtime = new GalleryRuntime(config);
        try {
            runtime.start(daemonAddress, progress);
            return runtime;
        } catch (IOException | RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /** Reads the configuration (environment, config file, {@code --aws}) and starts what it needs. */
    public static GalleryRuntime open(boolean awsFlag) throws IOException {
        return open(loadConfig(awsFlag), TracingConfig.fromEnvironment().daemonAddress(), step -> { });
    }

    /** The configuration from the environment and the config file, as the CLI and the window read it. */
    public static GalleryConfig loadConfig(boolean awsFlag) throws IOException {
        Map<String, String> env = System.getenv();
        return GalleryConfig.load(env, GalleryConfig.defaultFile(env), awsFlag, AppDirectories.dataHome());
    }

    private void start(String daemonAddress, Consumer<String> progress) throws IOException {
        // photos, the journal, caches, traces and logs are the user's only: an older, looser tree is tightened once
        OwnerOnly.secure(config.appData(), LOG);
        // the daemon (a JVM and a SQLite store) comes up while the local cloud does
        AppDaemon.Options daemonOptions = daemonOptions(daemonAddress);
        CompletableFuture<AppDaemon> daemonStart = CompletableFuture.supplyAsync(() -> {
            try {
                return AppDaemon.ensureRunning(daemonOptions);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        CloudTarget target;
        try {
            if (config.aws()) {
                target = CloudTarget.aws(config.awsProfile(), config.awsRegion());
            } else {
                progress.accept("Starting the local cloud (S3, RDS, Rekognition) on " + config.localCloudEndpoint() + " …");
                localCloud = ensureLocalCloud();
                target = CloudTarget.local(config.localCloudEndpoint(), LOCAL_ACCESS_KEY, LOCAL_SECRET_KEY);
            }
        } finally {
            progress.accept("Starting the X-Ray daemon …");
            try {
                daemon = daemonStart.join();
                resources.add(daemon);
            } catch (CompletionException e) {
                // the gallery still works, untraced; the front end says so
                Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
                daemonProblem = "The X-Ray daemon could not be started, so traces will not be kept: " + cause.getMessage();
                LOG.warn(daemonProblem);
            }
        }
        Tracing tracing = Tracing.create(daemon == null ? TracingConfig.forDaemon(daemonAddress)
                : TracingConfig.forDaemon(daemon.daemonAddress()));
        resources.add(tracing);
        progress.accept("Connecting to " + (config.aws() ? "AWS" : "the local cloud") + " …");
        CloudClients clients = new CloudClients(target, List.of(tracing.awsInterceptor()));
        resources.add(clients);
        services = CloudWiring.services(config, clients, new XRayActionTracing(tracing), tracing::jdbc,
                GalleryServices.UPLOAD_PARALLELISM);
    }

    private AppDaemon.Options daemonOptions(String daemonAddress) {
        AppDaemon.Options options = AppDaemon.Options.forApp(daemonAddress, config.appData());
        if (config.aws()) {
            options = options.withForwarding(new AppDaemon.Forwarding(config.awsProfile(), config.awsRegion(), null));
        }
        return options;
    }

    /**
     * Starts the X-Ray daemon again when it no longer answers (killed, or stopped by the other window that had
     * started it); the recorder keeps sending to the same address, so tracing resumes. Does nothing while it answers
     * or when this session has no daemon.
     */
    public synchronized void reviveDaemon() throws IOException {
        if (daemon == null || AppDaemon.answers(new java.net.InetSocketAddress(daemon.endpoint().getHost(),
                daemon.endpoint().getPort()))) {
            return;
        }
        LOG.info("the X-Ray daemon at {} does not answer; starting it again", daemon.endpoint());
        AppDaemon old = daemon;
        daemon = AppDaemon.ensureRunning(daemonOptions(old.daemonAddress()));
        resources.set(resources.indexOf(old), daemon);
        old.close();
    }

    private LocalCloudProcess ensureLocalCloud() throws IOException {
        return LocalCloudProcess.ensureRunning(config.localCloudEndpoint(), config.localCloudData(),
                config.appData().resolve("logs").resolve("localcloud.log"));
    }

    /** Local mode: whether the local cloud answers its health check now; AWS mode: always true. */
    public boolean localCloudAnswers() {
        return config.aws() || LocalCloudProcess.answers(config.localCloudEndpoint());
    }

    /**
     * Local mode: starts the local cloud again when it no longer answers (killed, crashed); its data is on disk,
     * so photos and the database come back as they were. Does nothing while it answers, or in AWS mode.
     */
    public synchronized void reviveLocalCloud() throws IOException {
        if (config.aws() || LocalCloudProcess.answers(config.localCloudEndpoint())) {
            return;
        }
        LOG.info("the local cloud at {} does not answer; starting it again", config.localCloudEndpoint());
        if (localCloud != null) {
            localCloud.close();
        }
        localCloud = ensureLocalCloud();
    }

    public GalleryServices services() {
        return services;
    }

    public GalleryConfig config() {
        return config;
    }

    /** The X-Ray API of the daemon the app sends to, or null when none could be started. */
    public URI daemonEndpoint() {
        return daemon == null ? null : daemon.endpoint();
    }

    /** Why there is no daemon, or null. */
    public String daemonProblem() {
        return daemonProblem;
    }

    /** Whether this process started the daemon (and stops it on close). */
    public boolean startedDaemon() {
        return daemon != null && daemon.startedHere();
    }

    /** Whether this process started the local cloud (and stops it on close); false in AWS mode. */
    public boolean startedLocalCloud() {
        return localCloud != null && localCloud.startedHere();
    }

    /** Stops the uploads, then whatever this started, newest first; what was reused keeps running. */
    @Override
    public synchronized void close() {
        if (services != null) {
            services.close();
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", resources.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        resources.clear();
        if (localCloud != null) {
            localCloud.close();
            localCloud = null;
        }
    }
}
