package xraygallery.daemon.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import xraygallery.daemon.DaemonMetrics;

/**
 * The receiving threads (datagrams in a stream, after an idle spell, and a prompt close while idle), and what the
 * socket's receive buffer comes to when the kernel refuses or caps it.
 */
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

    @Test
    void aRefusedReceiveBuffer_isOneWarningNamingTheReason_andReceivingGoesOnWithTheDefault() {
        UdpReceiver.ReceiveBufferGrant grant = UdpReceiver.askForReceiveBuffer(option(
                new SocketException("Operation not permitted"), 212_992, null));

        assertThat(grant.bytes()).isEqualTo(212_992);
        assertThat(grant.warning()).contains("refused a 4096 KiB UDP receive buffer", "Operation not permitted",
                "receiving with 208 KiB");
    }

    @Test
    void aReceiveBufferTheKernelWillNotEvenReport_isUnknown_notAFailureToStart() {
        UdpReceiver.ReceiveBufferGrant grant = UdpReceiver.askForReceiveBuffer(option(
                new UnsupportedOperationException("SO_RCVBUF"), 0, new SocketException("Bad file descriptor")));

        assertThat(grant.bytes()).isEqualTo(-1);
        assertThat(grant.warning()).contains("refused", "receiving with the system's default");
    }

    @Test
    void aCappedReceiveBuffer_saysHowToRaiseTheCap() {
        UdpReceiver.ReceiveBufferGrant grant = UdpReceiver.askForReceiveBuffer(option(null, 425_984, null));

        assertThat(grant.bytes()).isEqualTo(425_984);
        assertThat(grant.warning()).contains("granted a 416 KiB UDP receive buffer, not the 4096 KiB asked for",
                "sysctl -w net.core.rmem_max=4194304");
    }

    @Test
    void theBufferAskedFor_isNoWarning() {
        UdpReceiver.ReceiveBufferGrant grant = UdpReceiver.askForReceiveBuffer(option(null,
                2 * UdpReceiver.SOCKET_BUFFER, null));

        assertThat(grant).isEqualTo(new UdpReceiver.ReceiveBufferGrant(2 * UdpReceiver.SOCKET_BUFFER, null));
    }

    /**
     * A socket option whose set throws {@code refusal} (an {@link IOException} or a runtime exception; none if null)
     * and whose get reports {@code bytes}, or throws {@code unreadable}.
     */
    private static UdpReceiver.ReceiveBufferOption option(Exception refusal, int bytes, IOException unreadable) {
        return new UdpReceiver.ReceiveBufferOption() {
            @Override
            public void set(int asked) throws IOException {
                assertThat(asked).isEqualTo(UdpReceiver.SOCKET_BUFFER);
                if (refusal instanceof IOException io) {
                    throw io;
                }
                if (refusal instanceof RuntimeException runtime) {
                    throw runtime;
                }
            }

            @Override
            public int get() throws IOException {
                if (unreadable != null) {
                    throw unreadable;
                }
                return bytes;
            }
        };
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
