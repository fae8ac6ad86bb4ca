package xraygallery.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.xray.XRayClient;
import xraygallery.daemon.DaemonFixture;
import xraygallery.tracing.Tracing;
import xraygallery.tracing.TracingConfig;

/** Reuse a running daemon, or start one from this installation and stop it only if we started it. */
@Tag("integration")
class AppDaemonTest {

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    @Test
    void withNothingListening_aDaemonIsStarted_receivesTraces_andIsStoppedOnClose() throws Exception {
        int port = freePort();
        Path data = DaemonFixture.newDataDir("launcher");
        AppDaemon daemon = AppDaemon.ensureRunning(AppDaemon.Options.forApp("127.0.0.1:" + port, data));
        ProcessHandle child;
        try {
            assertThat(daemon.startedHere()).isTrue();
            assertThat(daemon.daemonAddress()).isEqualTo("udp:127.0.0.1:" + port + " tcp:127.0.0.1:" + port);
            child = ProcessHandle.of(daemon.pid().orElseThrow()).orElseThrow();

            try (Tracing tracing = Tracing.create(TracingConfig.forDaemon(daemon.daemonAddress()));
                    XRayClient xray = DaemonFixture.newClient(daemon.endpoint())) {
                tracing.action("sign_in", "alice", () -> tracing.subsegment("check_password", () -> { }));
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(xray.getTraceSummaries(r -> r
                        .startTime(Instant.now().minusSeconds(120)).endTime(Instant.now().plusSeconds(5))
                        .filterExpression("annotation.action = \"sign_in\"")).traceSummaries()).hasSize(1));
            }
        } finally {
            daemon.close();
        }
        assertThat(child.isAlive()).isFalse();
        assertThat(AppDaemon.answers(new InetSocketAddress("127.0.0.1", port))).isFalse();
        assertThat(data.resolve("daemon").resolve("traces.db")).as("the store under the app's data").exists();
    }

    /**
     * The running daemon is a process of its own, as one started by another window of the app would be, so that
     * closing the reused one is seen to leave that process alone: still alive and answering a while after close(),
     * as a stopped one would not be.
     */
    @Test
    void aDaemonAlreadyAnswering_isReused_andLeftRunning() throws Exception {
        String address = "127.0.0.1:" + freePort();
        try (AppDaemon running = AppDaemon.start(AppDaemon.Options.forApp(address,
                DaemonFixture.newDataDir("launcher-reuse")))) {
            ProcessHandle process = ProcessHandle.of(running.pid().orElseThrow()).orElseThrow();
            Path unused = DaemonFixture.newDataDir("launcher-unused");
            AppDaemon daemon = AppDaemon.ensureRunning(AppDaemon.Options.forApp(address, unused));
            assertThat(daemon.startedHere()).isFalse();
            assertThat(daemon.pid()).isEmpty();
            assertThat(daemon.endpoint()).isEqualTo(running.endpoint());
            daemon.close();

            InetSocketAddress tcp = new InetSocketAddress("127.0.0.1", running.endpoint().getPort());
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(process.isAlive()).as("the running daemon's process").isTrue();
                assertThat(AppDaemon.isXRayGalleryDaemon(tcp)).as("it answers").isTrue();
            });
            assertThat(unused.resolve("daemon.log")).as("no second daemon started").doesNotExist();
        }
    }

    @Test
    void aDaemonThatCannotStart_isAClearError_quoting_itsLog() throws Exception {
        int port = freePort();
        Path data = DaemonFixture.newDataDir("launcher-fail");
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            assertThatThrownBy(() -> AppDaemon.ensureRunning(AppDaemon.Options.forApp("127.0.0.1:" + port, data)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("exited (code 5) before it was ready")
                    .hasMessageContaining("UDP 127.0.0.1:" + port + " is taken by another program");
        }
    }

    @Test
    void aBadAddress_isAClearError() {
        assertThatThrownBy(() -> AppDaemon.ensureRunning(AppDaemon.Options.forApp("udp:1.2.3.4:5",
                DaemonFixture.newDataDir("launcher-bad"))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("AWS_XRAY_DAEMON_ADDRESS")
                .hasMessageContaining("is not a daemon address");
    }

    @Test
    void aDaemonStartedForAws_forwardsWhatItReceives() throws Exception {
        try (DaemonFixture upstream = DaemonFixture.start("launcher-upstream")) {
            Path data = DaemonFixture.newDataDir("launcher-forward");
            AppDaemon.Options options = AppDaemon.Options.forApp("udp:127.0.0.1:0 tcp:127.0.0.1:0", data)
                    .withForwarding(new AppDaemon.Forwarding(null, "eu-west-1", upstream.daemon().endpoint()))
                    .withEnvironment(java.util.Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"));
            try (AppDaemon daemon = AppDaemon.start(options);
                    Tracing tracing = Tracing.create(TracingConfig.forDaemon(daemon.daemonAddress()));
                    XRayClient xray = DaemonFixture.newClient(upstream.daemon().endpoint())) {
                tracing.action("upload", "alice", () -> { });
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(xray.getTraceSummaries(r -> r
                        .startTime(Instant.now().minusSeconds(120)).endTime(Instant.now().plusSeconds(5))
                        .filterExpression("annotation.action = \"upload\"")).traceSummaries())
                        .as("forwarded to the upstream X-Ray API").hasSize(1));
            }
        }
    }
}
