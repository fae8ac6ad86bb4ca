package xraygallery.daemon.ingest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives X-Ray datagrams on one UDP socket (one thread by default). A receiving thread only copies each
 * datagram into the ingest buffer through the {@link Intake}, which never blocks, and goes back to the socket:
 * decoding waits in the buffer, so a burst does not overflow the socket's. The socket asks the kernel for a 4 MiB
 * receive buffer to ride out bursts; what the kernel still drops is read from {@code /proc/net/udp} (Linux) and
 * reported as {@link #kernelDrops()}.
 *
 * <p>While datagrams flow, a thread that has emptied the socket pauses for {@value #PAUSE_NANOS} ns and then
 * takes what gathered, rather than sleeping in the kernel until the next datagram: at 50,000 datagrams/s that is
 * about 1,000 wake-ups a second instead of 15,000, which halved the receiving thread's CPU. Datagrams wait at most
 * that long longer; the socket's buffer holds far more than a millisecond of any rate the daemon keeps up with.
 * Once a pause brought nothing, the thread waits in a {@link Selector} until the next datagram, so an idle daemon
 * uses no CPU.
 */
public final class UdpReceiver implements AutoCloseable {
    /** Larger than any UDP payload (65,507 bytes over IPv4). */
    static final int MAX_DATAGRAM = 65_536;
    static final int SOCKET_BUFFER = 4 * 1024 * 1024;
    /** How long a receiving thread lets datagrams gather once it has emptied the socket while they flow. */
    private static final long PAUSE_NANOS = 1_000_000;
    private static final Logger LOG = LoggerFactory.getLogger(UdpReceiver.class);

    private final DatagramChannel channel;
    private final Intake intake;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Selector> selectors = new CopyOnWriteArrayList<>();
    private final InetSocketAddress localAddress;
    private final int receiveBufferBytes;
    private volatile boolean closing;

    private UdpReceiver(DatagramChannel channel, Intake intake, int receiveBufferBytes) throws IOException {
        this.channel = channel;
        this.receiveBufferBytes = receiveBufferBytes;
        this.intake = intake;
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
    }

    /** Binds {@code address} (port 0 picks a free one) and starts {@code threads} receiving threads. */
    public static UdpReceiver start(InetSocketAddress address, int threads, Intake intake) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        ReceiveBufferGrant grant = askForReceiveBuffer(new ReceiveBufferOption() {
            @Override
            public void set(int bytes) throws IOException {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, bytes);
            }

            @Override
            public int get() throws IOException {
                return channel.getOption(StandardSocketOptions.SO_RCVBUF);
            }
        });
        if (grant.warning() != null) {
            LOG.warn(grant.warning());
        } else {
            LOG.debug("UDP receive buffer: {} KiB", grant.bytes() / 1024);
        }
        try {
            channel.bind(address);
            channel.configureBlocking(false);
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen for UDP on " + address + ": " + e.getMessage(), e);
        }
        UdpReceiver receiver = new UdpReceiver(channel, intake, grant.bytes());
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(receiver::receive, "daemon-udp-" + (i + 1));
            thread.setDaemon(true);
            receiver.threads.add(thread);
            thread.start();
        }
        return receiver;
    }

    /** The socket option a receive buffer is asked for with: the channel's, or a test's stand-in. */
    interface ReceiveBufferOption {
        void set(int bytes) throws IOException;

        int get() throws IOException;
    }

    /**
     * What the kernel made of the receive buffer asked for.
     *
     * @param bytes the size it reports (Linux reports twice what it holds for data), or -1 if it would not say
     * @param warning what to log once, or null when it granted the size asked for
     */
    record ReceiveBufferGrant(int bytes, String warning) {
    }

    /**
     * Asks for a {@value #SOCKET_BUFFER}-byte receive buffer. A refusal, or less than that (Linux caps it at
     * {@code net.core.rmem_max}), is not an error: the daemon runs with what it has, and a burst shows up sooner as
     * kernel drops; the grant says so, in one warning.
     */
    static ReceiveBufferGrant askForReceiveBuffer(ReceiveBufferOption option) {
        String refusal = null;
        try {
            option.set(SOCKET_BUFFER);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            refusal = e.toString();
        }
        int granted;
        try {
            granted = option.get();
        } catch (IOException | UnsupportedOperationException e) {
            granted = -1;
        }
        String running = granted < 0 ? "the system's default" : granted / 1024 + " KiB";
        if (refusal != null) {
            return new ReceiveBufferGrant(granted, "the kernel refused a " + SOCKET_BUFFER / 1024 + " KiB UDP receive"
                    + " buffer (" + refusal + "); receiving with " + running + ": bursts may be dropped by the kernel");
        }
        if (granted < SOCKET_BUFFER) {
            return new ReceiveBufferGrant(granted, "the kernel granted a " + running + " UDP receive buffer, not the "
                    + SOCKET_BUFFER / 1024 + " KiB asked for: bursts may be dropped by the kernel (raise it with:"
                    + " sysctl -w net.core.rmem_max=" + SOCKET_BUFFER + ")");
        }
        return new ReceiveBufferGrant(granted, null);
    }

    private void receive() {
        // direct: the kernel copies straight into it, and from it into the (direct) ingest buffer
        ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            selectors.add(selector);
            boolean flowing = false;
            while (!closing) {
                buffer.clear();
                try {
                    if (channel.receive(buffer) != null) {
                        flowing = true;
                        buffer.flip();
                        handle(buffer);
                    } else if (flowing) {
                        flowing = false;
                        LockSupport.parkNanos(PAUSE_NANOS);
                    } else {
                        selector.select();
                        selector.selectedKeys().clear();
                    }
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    if (!closing) {
                        LOG.warn("receiving a datagram failed: {}", e.toString());
                    }
                }
            }
        } catch (ClosedChannelException e) {
            // closed before this thread began
        } catch (IOException e) {
            LOG.error("cannot wait for datagrams: {}", e.toString());
        }
    }

    private void handle(ByteBuffer datagram) {
        try {
            intake.datagram(datagram);
        } catch (RuntimeException e) {
            LOG.error("handling a datagram failed", e);
        }
    }

    /**
     * The socket's receive buffer as the kernel reports it (Linux reports twice what it holds for data), or -1 if
     * it would not say.
     */
    public int receiveBufferBytes() {
        return receiveBufferBytes;
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * Datagrams the kernel dropped on this socket because its buffer was full (from {@code /proc/net/udp} and
     * {@code /proc/net/udp6}), or -1 where that is not available.
     */
    public long kernelDrops() {
        String port = String.format(Locale.ROOT, ":%04X", localAddress.getPort());
        long drops = -1;
        for (String table : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(path, StandardCharsets.US_ASCII)) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 12 && fields[1].endsWith(port)) {
                        drops = Math.max(drops, 0) + Long.parseLong(fields[fields.length - 1]);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                LOG.debug("cannot read {}: {}", table, e.toString());
            }
        }
        return drops;
    }

    @Override
    public void close() {
        closing = true;
        for (Selector selector : selectors) {
            selector.wakeup();
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the UDP socket failed: {}", e.toString());
        }
        for (Thread thread : threads) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
