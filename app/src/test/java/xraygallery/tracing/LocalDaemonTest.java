package xraygallery.tracing;

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
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.xray.XRayClient;
import xraygallery.daemon.DaemonFixture;

/** Reuse a running daemon, or start one from this installation and stop it only if we started it. */
class LocalDaemonTest {

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
        LocalDaemon daemon = LocalDaemon.ensureRunning(LocalDaemon.Options.at("127.0.0.1:" + port)
                .withArguments("--data", data.toString()).withLogFile(data.resolve("daemon.log")));
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
        assertThat(LocalDaemon.answers("127.0.0.1:" + port)).isFalse();
    }

    @Test
    void aDaemonAlreadyAnswering_isReused_andLeftRunning() throws Exception {
        try (DaemonFixture running = DaemonFixture.start("launcher-reuse")) {
            LocalDaemon daemon = LocalDaemon.ensureRunning(LocalDaemon.Options.at(running.daemonAddress()));
            assertThat(daemon.startedHere()).isFalse();
            assertThat(daemon.pid()).isEmpty();
            assertThat(daemon.endpoint()).isEqualTo(running.daemon().endpoint());
            daemon.close();
            assertThat(running.telemetry().path("daemon").asText()).isEqualTo("xray-gallery");
        }
    }

    @Test
    void aDaemonThatCannotStart_isAClearError_quoting_itsLog() throws Exception {
        int port = freePort();
        Path data = DaemonFixture.newDataDir("launcher-fail");
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            assertThatThrownBy(() -> LocalDaemon.ensureRunning(LocalDaemon.Options.at("127.0.0.1:" + port)
                    .withArguments("--data", data.toString()).withLogFile(data.resolve("daemon.log"))))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("exited (code 1) before it was ready")
                    .hasMessageContaining("cannot listen for UDP on");
        }
    }

    @Test
    void addresses_areSplitLikeAwsXrayDaemonAddress() {
        assertThat(LocalDaemon.split("127.0.0.1:2000")).containsExactly("127.0.0.1:2000", "127.0.0.1:2000");
        assertThat(LocalDaemon.split("tcp:127.0.0.1:3 udp:127.0.0.2:4")).containsExactly("127.0.0.2:4", "127.0.0.1:3");
        assertThatThrownBy(() -> LocalDaemon.split("udp:1.2.3.4:5")).isInstanceOf(IllegalArgumentException.class);
    }
}
