package xraygallery.daemon;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * How a daemon runs. Build with {@link #defaults(Path)} and the {@code with...} methods.
 *
 * @param udp where datagrams arrive (port 0: any free port)
 * @param tcp where the X-Ray API listens (port 0: any free port)
 * @param dataDir where the trace store lives
 * @param bufferBytes the ingest buffer between the receivers and the decoder
 * @param receiverThreads threads receiving datagrams
 * @param retention traces whose last event is older than this are deleted
 * @param maxStoreBytes the store is trimmed (oldest traces, by last event, first) to this size
 * @param samplingRules a sampling rules file, or null to record everything
 * @param forwarding where to forward documents, or null to keep them local only
 * @param clock the daemon's clock
 */
public record DaemonConfig(InetSocketAddress udp, InetSocketAddress tcp, Path dataDir, long bufferBytes,
        int receiverThreads, Duration retention, long maxStoreBytes, Path samplingRules, Forwarding forwarding,
        Clock clock) {
    /** About 1.5 s of datagrams at 20,000 a second: a burst that arrives while the daemon's JIT is still cold waits here. */
    public static final int DEFAULT_BUFFER_MB = 32;
    public static final int DEFAULT_RETENTION_DAYS = 30;
    public static final int DEFAULT_MAX_STORE_MB = 1024;

    public DaemonConfig {
        Objects.requireNonNull(udp, "udp");
        Objects.requireNonNull(tcp, "tcp");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(clock, "clock");
        if (bufferBytes < 1024 * 1024) {
            throw new IllegalArgumentException("the ingest buffer needs at least 1 MiB");
        }
        if (receiverThreads < 1) {
            throw new IllegalArgumentException("at least one receiver thread");
        }
        if (maxStoreBytes < 1024 * 1024) {
            throw new IllegalArgumentException("the store needs at least 1 MiB");
        }
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive");
        }
    }

    /**
     * Forwarding to AWS X-Ray (or any X-Ray API endpoint).
     *
     * @param endpoint an endpoint override, or null for AWS X-Ray in the region
     * @param region the region, or null for the SDK's default region chain (us-east-1 if it has none and an
     *     endpoint is given)
     * @param credentials credentials, or null for the SDK's default credential chain
     */
    public record Forwarding(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        public static Forwarding toAws() {
            return new Forwarding(null, null, null);
        }
    }

    /** Loopback port 2000 for UDP and TCP, 32 MiB buffer, 30 days or 1 GiB of traces, everything sampled. */
    public static DaemonConfig defaults(Path dataDir) {
        return new DaemonConfig(DaemonAddresses.DEFAULT.udp(), DaemonAddresses.DEFAULT.tcp(), dataDir,
                DEFAULT_BUFFER_MB * 1024L * 1024, 1, Duration.ofDays(DEFAULT_RETENTION_DAYS),
                DEFAULT_MAX_STORE_MB * 1024L * 1024, null, null, Clock.systemUTC());
    }

    public DaemonConfig withAddresses(InetSocketAddress newUdp, InetSocketAddress newTcp) {
        return new DaemonConfig(newUdp, newTcp, dataDir, bufferBytes, receiverThreads, retention, maxStoreBytes,
                samplingRules, forwarding, clock);
    }

    /** Both ports 0 on loopback: for tests. */
    public DaemonConfig withFreePorts() {
        return withAddresses(new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0));
    }

    public DaemonConfig withBufferBytes(long bytes) {
        return new DaemonConfig(udp, tcp, dataDir, bytes, receiverThreads, retention, maxStoreBytes, samplingRules,
                forwarding, clock);
    }

    public DaemonConfig withRetention(Duration age, long maxBytes) {
        return new DaemonConfig(udp, tcp, dataDir, bufferBytes, receiverThreads, age, maxBytes, samplingRules,
                forwarding, clock);
    }

    public DaemonConfig withSamplingRules(Path file) {
        return new DaemonConfig(udp, tcp, dataDir, bufferBytes, receiverThreads, retention, maxStoreBytes, file,
                forwarding, clock);
    }

    public DaemonConfig withForwarding(Forwarding newForwarding) {
        return new DaemonConfig(udp, tcp, dataDir, bufferBytes, receiverThreads, retention, maxStoreBytes,
                samplingRules, newForwarding, clock);
    }

    public DaemonConfig withClock(Clock newClock) {
        return new DaemonConfig(udp, tcp, dataDir, bufferBytes, receiverThreads, retention, maxStoreBytes,
                samplingRules, forwarding, newClock);
    }
}
