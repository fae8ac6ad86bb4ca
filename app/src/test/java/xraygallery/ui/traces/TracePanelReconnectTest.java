package xraygallery.ui.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import xraygallery.daemon.DaemonConfig;
import xraygallery.daemon.DaemonFixture;
import xraygallery.daemon.Doc;
import xraygallery.daemon.XRayDaemon;
import xraygallery.traceview.XRayTraceSource;
import xraygallery.ui.common.CurrentThreadTaskExecutor;

/** A real daemon that stops and comes back on the same port: the panel says so, retries, and reads it again. */
@Tag("integration")
class TracePanelReconnectTest {

    @Test
    void aDaemonThatRestarts_isRetried_andReadAgainWithoutTheUserDoingAnything() throws Exception {
        Path data = DaemonFixture.newDataDir("panel-reconnect");
        XRayDaemon daemon = XRayDaemon.start(DaemonConfig.defaults(data).withFreePorts());
        InetSocketAddress tcp = daemon.tcpAddress();
        CurrentThreadTaskExecutor tasks = new CurrentThreadTaskExecutor();
        TracePanelViewModel panel = new TracePanelViewModel(XRayTraceSource.forLocalDaemon(daemon.endpoint()), tasks,
                "tracy");
        try (java.net.DatagramSocket udp = new java.net.DatagramSocket()) {
            String before = Doc.newTraceId();
            long now = Instant.now().getEpochSecond();
            byte[] datagram = Doc.segment("xray-gallery").trace(before).times(now - 1, now)
                    .annotation("action", "upload").annotation("user", "tracy").datagram();
            udp.send(new java.net.DatagramPacket(datagram, datagram.length, daemon.udpAddress()));
            panel.start();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                tasks.runScheduled();
                assertThat(panel.list().item(before)).isNotNull();
            });
            panel.selectTrace(before);
            assertThat(panel.waterfall().treeProperty().get()).isNotNull();

            daemon.close();
            tasks.runScheduled();
            assertThat(panel.problemProperty().get()).isEqualTo("The X-Ray daemon does not answer; retrying…");
            assertThat(panel.list().item(before)).as("the list stays as it was").isNotNull();
            assertThat(panel.waterfall().treeProperty().get()).as("and so does the waterfall").isNotNull();
            assertThat(tasks.scheduled()).as("a retry is scheduled").isNotEmpty();

            daemon = XRayDaemon.start(DaemonConfig.defaults(data).withAddresses(new InetSocketAddress("127.0.0.1", 0), tcp));
            String after = Doc.newTraceId();
            long later = Instant.now().getEpochSecond();
            byte[] next = Doc.segment("xray-gallery").trace(after).times(later - 1, later)
                    .annotation("action", "sign_in").datagram();
            udp.send(new java.net.DatagramPacket(next, next.length, daemon.udpAddress()));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                tasks.runScheduled();
                assertThat(panel.problemProperty().get()).isEmpty();
                assertThat(panel.list().item(after)).isNotNull();
            });
            assertThat(panel.list().item(before)).isNotNull();
            assertThat(panel.health().availableProperty().get()).isTrue();
        } finally {
            panel.close();
            daemon.close();
        }
    }
}
