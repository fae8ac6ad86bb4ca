package xraygallery.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local cloud the app runs on in local mode: one already answering its health check at the configured
 * endpoint is reused (and left running); otherwise the bundled one is started as a {@link ChildProcess} on that
 * endpoint's port and stopped again on {@link #close} (which also stops its MariaDB).
 */
public final class LocalCloudProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCloudProcess.class);

    private final URI endpoint;
    private final ChildProcess child;

    private LocalCloudProcess(URI endpoint, ChildProcess child) {
        this.endpoint = endpoint;
        this.child = child;
    }

    /** Reuses the local cloud answering at {@code endpoint}, or starts one there with its data in {@code dataDir}. */
    public static LocalCloudProcess ensureRunning(URI endpoint, Path dataDir, Path logFile) throws IOException {
        if (answers(endpoint, HttpProbe.STARTUP_PATIENCE)) {
            LOG.info("reusing the local cloud already answering on {}", endpoint);
            return new LocalCloudProcess(endpoint, null);
        }
        try {
            return new LocalCloudProcess(endpoint, ChildProcess.start(ChildProcess.Spec.of(BundledService.LOCAL_CLOUD,
                    logFile, "--port", Integer.toString(endpoint.getPort()), "--data", dataDir.toString())));
        } catch (IOException e) {
            if (answers(endpoint, HttpProbe.STARTUP_PATIENCE)) { // another process won the race to start it
                return new LocalCloudProcess(endpoint, null);
            }
            throw e;
        }
    }

    /** Whether a local cloud answers its health check at {@code endpoint} within a health poll's patience. */
    public static boolean answers(URI endpoint) {
        return answers(endpoint, HttpProbe.POLL_PATIENCE);
    }

    private static boolean answers(URI endpoint, Duration patience) {
        HttpResponse<String> response = HttpProbe.get(endpoint.resolve("/_localcloud/health"), patience);
        return response != null && response.statusCode() == 200;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** True if this process started the local cloud (and so stops it). */
    public boolean startedHere() {
        return child != null;
    }

    /** Stops the local cloud if this started it; a reused one keeps running. */
    @Override
    public void close() {
        if (child != null) {
            child.close();
        }
    }
}
