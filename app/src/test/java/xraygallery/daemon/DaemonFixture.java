package xraygallery.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.xray.XRayClient;

/** A daemon on free loopback ports with its data under target/, and clients pointed at it. */
public final class DaemonFixture implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Path dataDir;
    private final UnaryOperator<DaemonConfig> customize;
    private XRayDaemon daemon;
    private XRayClient client;
    private DatagramSocket socket;

    private DaemonFixture(Path dataDir, UnaryOperator<DaemonConfig> customize) throws IOException {
        this.dataDir = dataDir;
        this.customize = customize;
        this.daemon = XRayDaemon.start(customize.apply(DaemonConfig.defaults(dataDir).withFreePorts()));
    }

    public static DaemonFixture start(String name) throws IOException {
        return start(name, c -> c);
    }

    public static DaemonFixture start(String name, UnaryOperator<DaemonConfig> customize) throws IOException {
        return new DaemonFixture(newDataDir(name), customize);
    }

    /** A daemon keeping its traces in {@code dataDir}. */
    public static DaemonFixture startIn(Path dataDir) throws IOException {
        return new DaemonFixture(dataDir, c -> c);
    }

    /** A fresh directory under target/test-data. */
    public static Path newDataDir(String name) throws IOException {
        return Files.createDirectories(Path.of("target", "test-data", name + "-" + UUID.randomUUID()).toAbsolutePath());
    }

    /** Stops the daemon and starts a new one on the same data (new ports). */
    public void restart() throws IOException {
        closeClient();
        daemon.close();
        daemon = XRayDaemon.start(customize.apply(DaemonConfig.defaults(dataDir).withFreePorts()));
    }

    public XRayDaemon daemon() {
        return daemon;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** {@code udp:127.0.0.1:P tcp:127.0.0.1:Q}, as AWS_XRAY_DAEMON_ADDRESS takes it. */
    public String daemonAddress() {
        return "udp:" + DaemonAddresses.format(daemon.udpAddress()) + " tcp:" + DaemonAddresses.format(daemon.tcpAddress());
    }

    /** The AWS SDK's XRayClient, signed with made-up credentials, pointed at the daemon. */
    public XRayClient xray() {
        if (client == null) {
            client = newClient(daemon.endpoint());
        }
        return client;
    }

    public static XRayClient newClient(URI endpoint) {
        return XRayClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
                .build();
    }

    /** Sends raw bytes to the daemon's UDP port. */
    public void sendDatagram(byte[] bytes) throws IOException {
        if (socket == null) {
            socket = new DatagramSocket();
        }
        socket.send(new DatagramPacket(bytes, bytes.length, daemon.udpAddress()));
    }

    public void send(Doc doc) throws IOException {
        sendDatagram(doc.datagram());
    }

    /** {@code GET /telemetry}. */
    public JsonNode telemetry() throws IOException, InterruptedException {
        return DaemonJson.MAPPER.readTree(get("/telemetry").body());
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(daemon.endpoint().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An unsigned POST, as the X-Ray SDKs' sampling pollers send. */
    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(daemon.endpoint().resolve(path))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void closeClient() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    @Override
    public void close() {
        closeClient();
        if (socket != null) {
            socket.close();
        }
        daemon.close();
    }
}
