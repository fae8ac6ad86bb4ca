package xraygallery.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A local cloud or daemon that accepted the connection but answers slowly (its JVM warming up on a loaded machine)
 * is reused at start-up, not taken for absent: starting a second copy beside it would fail on its port and cost
 * the user seconds. Health polls stay short.
 */
class SlowServiceTest {
    /** Longer than a health poll waits, well within what a start-up check waits. */
    private static final long ANSWER_AFTER_MILLIS = HttpProbe.POLL_PATIENCE.toMillis() + 1_000;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    private URI slowService(String path, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext(path, exchange -> {
            requests.incrementAndGet();
            try {
                Thread.sleep(ANSWER_AFTER_MILLIS); // the service's slowness itself, not synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aSlowLocalCloud_isReusedAtStartUp_butASlowHealthPollCountsItDown() throws IOException {
        URI endpoint = slowService("/_localcloud/health", "{\"status\":\"ready\"}");
        Path data = Files.createDirectories(Path.of("target", "test-data", "slow-cloud-" + UUID.randomUUID()));

        try (LocalCloudProcess cloud = LocalCloudProcess.ensureRunning(endpoint, data, data.resolve("lc.log"))) {
            assertThat(cloud.startedHere()).as("reused, no second local cloud").isFalse();
        }
        assertThat(data.resolve("lc.log")).as("no child was started").doesNotExist();
        assertThat(LocalCloudProcess.answers(endpoint)).as("a health poll does not wait that long").isFalse();
    }

    @Test
    void aSlowDaemon_isReusedAtStartUp() throws IOException {
        URI endpoint = slowService("/telemetry", "{\"daemon\":\"xray-gallery\"}");
        Path data = Files.createDirectories(Path.of("target", "test-data", "slow-daemon-" + UUID.randomUUID()));
        String address = "127.0.0.1:" + endpoint.getPort();

        try (AppDaemon daemon = AppDaemon.ensureRunning(AppDaemon.Options.forApp(address, data))) {
            assertThat(daemon.startedHere()).as("reused, no second daemon").isFalse();
        }
        assertThat(data.resolve("daemon.log")).as("no child was started").doesNotExist();
        assertThat(requests).hasValue(1);
    }

    @Test
    void nothingListening_isNoAnswer() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        assertThat(HttpProbe.get(URI.create("http://127.0.0.1:" + port + "/"), HttpProbe.STARTUP_PATIENCE)).isNull();
    }
}
