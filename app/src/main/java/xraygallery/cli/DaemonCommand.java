package xraygallery.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.regions.Region;
import xraygallery.app.AppDaemon;
import xraygallery.app.AppDirectories;
import xraygallery.app.BundledService;
import xraygallery.app.LocalAddresses;
import xraygallery.app.ParentProcess;
import xraygallery.daemon.DaemonAddresses;
import xraygallery.daemon.DaemonConfig;
import xraygallery.daemon.XRayDaemon;

/** {@code xray-gallery daemon}: the bundled X-Ray daemon, until stopped. */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Run the X-Ray daemon: receives segments over UDP, keeps them in a local store, serves the"
                + " X-Ray API (GetTraceSummaries, BatchGetTraces, GetServiceGraph, ...) on TCP, and can forward to"
                + " AWS X-Ray.",
            "Addresses: --udp/--tcp, else AWS_XRAY_DAEMON_ADDRESS (host:port or \"udp:host:port tcp:host:port\"),"
                + " else 127.0.0.1:2000."})
public final class DaemonCommand implements Callable<Integer> {
    @Option(names = "--udp", paramLabel = "HOST:PORT", description = "UDP address for segments (default 127.0.0.1:2000).")
    String udp;

    @Option(names = "--tcp", paramLabel = "HOST:PORT", description = "TCP address for the X-Ray API (default 127.0.0.1:2000).")
    String tcp;

    @Option(names = "--data", paramLabel = "DIR", description = "Trace store directory (default $XDG_DATA_HOME/xray-gallery/daemon).")
    Path dataDir;

    @Option(names = "--buffer-mb", description = "Ingest buffer in MiB; when full the oldest documents are dropped and counted (default ${DEFAULT-VALUE}).")
    int bufferMb = DaemonConfig.DEFAULT_BUFFER_MB;

    @Option(names = "--retention-days", description = "Delete traces whose last event is older than this many days (default ${DEFAULT-VALUE}).")
    int retentionDays = DaemonConfig.DEFAULT_RETENTION_DAYS;

    @Option(names = "--max-store-mb", description = "Trim the store, oldest traces first, to this size (default ${DEFAULT-VALUE}).")
    int maxStoreMb = DaemonConfig.DEFAULT_MAX_STORE_MB;

    @Option(names = "--sampling-rules", paramLabel = "FILE", description = "Sampling rules served to SDKs (X-Ray API or SDK local format); default: record everything.")
    Path samplingRules;

    @Option(names = "--forward", description = "Also forward every document to AWS X-Ray (default credentials and region).")
    boolean forward;

    @Option(names = "--forward-endpoint", paramLabel = "URL", description = "Forward to this X-Ray API endpoint instead (implies --forward).")
    URI forwardEndpoint;

    @Option(names = "--forward-region", paramLabel = "REGION", description = "Region to forward to (default: the SDK's region chain).")
    String forwardRegion;

    @Option(names = "--exit-with-parent", paramLabel = "PID", hidden = true,
            description = "Stop when this process ends (used when the app starts the daemon).")
    Long parentPid;

    UnaryOperator<String> environment = System::getenv;

    @Override
    public Integer call() throws Exception {
        DaemonConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            System.err.println("daemon: " + e.getMessage());
            return 2;
        }
        if (!LocalAddresses.tcpFree(config.tcp())) {
            return addressTaken("TCP", config.tcp());
        }
        if (!LocalAddresses.udpFree(config.udp())) {
            return addressTaken("UDP", config.udp());
        }
        XRayDaemon daemon;
        try {
            daemon = XRayDaemon.start(config);
        } catch (IOException | RuntimeException e) {
            System.err.println("daemon: " + e.getMessage());
            return e.getCause() instanceof BindException ? BundledService.EXIT_ADDRESS_TAKEN : 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "daemon-shutdown"));
        ParentProcess.exitWhenGone(parentPid);
        System.out.println(BundledService.XRAY_DAEMON.readyLine() + " udp=" + DaemonAddresses.format(daemon.udpAddress()) + " tcp="
                + DaemonAddresses.format(daemon.tcpAddress()));
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** Says who holds the address: an X-Ray Gallery daemon already running there, or another program. */
    private static int addressTaken(String protocol, InetSocketAddress address) {
        if ("TCP".equals(protocol) && AppDaemon.isXRayGalleryDaemon(address)) {
            System.err.println("daemon: an X-Ray Gallery daemon already runs on " + DaemonAddresses.format(address)
                    + "; nothing to do");
            return BundledService.EXIT_ALREADY_RUNNING;
        }
        System.err.println("daemon: " + protocol + " " + DaemonAddresses.format(address) + " is taken by another"
                + " program, not an X-Ray Gallery daemon; choose other addresses with --udp and --tcp (or"
                + " AWS_XRAY_DAEMON_ADDRESS, which the app reads too)");
        return BundledService.EXIT_ADDRESS_TAKEN;
    }

    DaemonConfig config() {
        DaemonAddresses fromEnvironment = DaemonAddresses.DEFAULT;
        String env = environment.apply(DaemonAddresses.ENVIRONMENT_VARIABLE);
        if (env != null && !env.isBlank()) {
            try {
                fromEnvironment = DaemonAddresses.parse(env);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(DaemonAddresses.ENVIRONMENT_VARIABLE + ": " + e.getMessage(), e);
            }
        }
        InetSocketAddress udpAddress = udp != null ? DaemonAddresses.hostPort(udp) : fromEnvironment.udp();
        InetSocketAddress tcpAddress = tcp != null ? DaemonAddresses.hostPort(tcp) : fromEnvironment.tcp();
        Path data = dataDir != null ? dataDir : AppDirectories.dataHome().resolve("daemon");
        if (bufferMb < 1 || maxStoreMb < 1 || retentionDays < 1) {
            throw new IllegalArgumentException("--buffer-mb, --max-store-mb and --retention-days must be positive");
        }
        DaemonConfig config = DaemonConfig.defaults(data)
                .withAddresses(udpAddress, tcpAddress)
                .withBufferBytes(bufferMb * 1024L * 1024)
                .withRetention(Duration.ofDays(retentionDays), maxStoreMb * 1024L * 1024)
                .withSamplingRules(samplingRules);
        if (forward || forwardEndpoint != null) {
            config = config.withForwarding(new DaemonConfig.Forwarding(forwardEndpoint,
                    forwardRegion != null ? Region.of(forwardRegion) : null, null));
        }
        return config;
    }
}
