package xraygallery.daemon.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import xraygallery.daemon.DaemonMetrics;

/** The receiving threads: datagrams in a stream, after an idle spell, and a prompt close while idle. */
class UdpReceiverTest {
    final IngestBuffer buffer = new IngestBuffer(8 * 1024 * 1024, new DaemonMetrics() {
    });
    final List<String> taken = new ArrayList<>();

    @Test
    void takesAStream_thenADatagramAfterAnIdleSpell_andCloseEndsItsThreadsPromptly() throws Exception {
        List<Thread> before = receivingThreads();
        try (UdpReceiver receiver = UdpReceiver.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2,
                new Intake(buffer, new DaemonMetrics() {
                }));
                DatagramChannel sender = DatagramChannel.open()) {
            for (int i = 0; i < 500; i++) {
                send(sender, receiver, "d" + i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> takeAll().size() == 500);
            // both threads have emptied the socket by now and wait in their selectors (or are about to)
            send(sender, receiver, "after-idle");
            await().atMost(Duration.ofSeconds(10)).until(() -> takeAll().contains("after-idle"));
            assertThat(taken).hasSize(501).doesNotHaveDuplicates();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> receivingThreads().size() == before.size());
    }

    private static void send(DatagramChannel sender, UdpReceiver receiver, String text) throws Exception {
        sender.send(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), receiver.localAddress());
    }

    private List<String> takeAll() throws InterruptedException {
        for (byte[] datagram : buffer.take(1_000, 0, 0, TimeUnit.MILLISECONDS)) {
            taken.add(new String(datagram, StandardCharsets.US_ASCII));
        }
        return taken;
    }

    private static List<Thread> receivingThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("daemon-udp-") && t.isAlive()).toList();
    }
}
