package xraygallery.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.daemon.DaemonAddresses;

/**
 * The X-Ray daemon the app sends to: one already answering on the configured address is reused (and left
 * running); otherwise the bundled daemon is started as a {@link ChildProcess} and stopped again on {@link #close}.
 * The app knows the daemon only through its command line, its UDP port and its X-Ray API, never its classes
 * (apart from the address format they share).
 */
public final class AppDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppDaemon.class);

    private final DaemonAddresses addresses;
    private final ChildProcess child;

    /**
     * How to find or start the daemon.
     *
     * @param address {@code host:port} or {@code udp:host:port tcp:host:port} (as {@code AWS_XRAY_DAEMON_ADDRESS})
     * @param dataDir the trace store of a started daemon
     * @param forwarding whether and where a started daemon forwards to AWS X-Ray, or null
     * @param arguments more options for a started daemon
     * @param environment variables added to a started daemon's environment
     */
    public record Options(String address, Path dataDir, Path logFile, Forwarding forwarding, List<String> arguments,
            List<String> javaOptions, Map<String, String> environment) {
        public Options {
            environment = Map.copyOf(environment);
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(logFile, "logFile");
            arguments = List.copyOf(arguments);
            javaOptions = List.copyOf(javaOptions);
        }

        /** The app's daemon: store and log under the app's data directory, {@link #JAVA_OPTIONS}, no forwarding. */
        public static Options forApp(String address, Path appData) {
            return new Options(address, appData.resolve("daemon"), appData.resolve("daemon.log"), null, List.of(),
                    JAVA_OPTIONS, Map.of());
        }

        public Options withForwarding(Forwarding to) {
            return new Options(address, dataDir, logFile, to, arguments, javaOptions, environment);
        }

        public Options withArguments(String... more) {
            List<String> all = new ArrayList<>(arguments);
            all.addAll(List.of(more));
            return new Options(address, dataDir, logFile, forwarding, all, javaOptions, environment);
        }

        public Options withJavaOptions(String... options) {
            return new Options(address, dataDir, logFile, forwarding, arguments, List.of(options), environment);
        }

        /** Variables added to the started daemon's environment (credentials for forwarding, in tests). */
        public Options withEnvironment(Map<String, String> variables) {
            return new Options(address, dataDir, logFile, forwarding, arguments, javaOptions, variables);
        }
    }

    /**
     * Forwarding to AWS X-Ray with the default credential chain.
     *
     * @param profile an AWS profile for the daemon's credentials and region, or null for the default chain
     * @param region the region to forward to, or null for the profile's or default region
     * @param endpoint another X-Ray API endpoint to forward to (another daemon, in tests), or null for AWS
     */
    public record Forwarding(String profile, String region, URI endpoint) {
    }

    private AppDaemon(DaemonAddresses addresses, ChildProcess child) {
        this.addresses = addresses;
        this.child = child;
    }

    /**
     * How the app runs its daemon's JVM: a 128 MiB heap with the serial collector (no collector threads for a
     * small heap) and the JVM's default JIT. C2 costs ~30 % less CPU per segment than C1 alone once warm; a burst
     * right after start-up, while C2 compiles, waits in the ingest ring (docs/PERFORMANCE.md: cold start).
     */
    public static final List<String> JAVA_OPTIONS = List.of("-Xmx128m", "-XX:+UseSerialGC");

    /** Reuses the daemon answering at the address, or starts one and waits until it is ready. */
    public static AppDaemon ensureRunning(Options options) throws IOException {
        DaemonAddresses addresses = parse(options.address());
        if (answers(addresses.tcp(), HttpProbe.STARTUP_PATIENCE)) {
            LOG.info("reusing the X-Ray daemon already answering on {}", DaemonAddresses.format(addresses.tcp()));
            return new AppDaemon(addresses, null);
        }
        try {
            return start(options);
        } catch (IOException e) {
            if (answers(addresses.tcp(), HttpProbe.STARTUP_PATIENCE)) { // another process won the race to start it
                LOG.info("another process started the X-Ray daemon on {}; reusing it", DaemonAddresses.format(addresses.tcp()));
                return new AppDaemon(addresses, null);
            }
            throw e;
        }
    }

    /** Always starts a new daemon (the benchmark does, for instance); the address may use port 0. */
    public static AppDaemon start(Options options) throws IOException {
        DaemonAddresses addresses = parse(options.address());
        List<String> arguments = new ArrayList<>(List.of(
                "--udp", DaemonAddresses.format(addresses.udp()),
                "--tcp", DaemonAddresses.format(addresses.tcp()),
                "--data", options.dataDir().toString()));
        Map<String, String> environment = new HashMap<>(options.environment());
        Forwarding forwarding = options.forwarding();
        if (forwarding != null) {
            arguments.add("--forward");
            if (forwarding.region() != null) {
                arguments.addAll(List.of("--forward-region", forwarding.region()));
            }
            if (forwarding.endpoint() != null) {
                arguments.addAll(List.of("--forward-endpoint", forwarding.endpoint().toString()));
            }
            if (forwarding.profile() != null) {
                environment.put("AWS_PROFILE", forwarding.profile());
            }
        }
        arguments.addAll(options.arguments());
        ChildProcess child = ChildProcess.start(new ChildProcess.Spec(BundledService.XRAY_DAEMON, arguments,
                options.javaOptions(), environment, options.logFile(), BundledService.XRAY_DAEMON.readyTimeout(),
                BundledService.XRAY_DAEMON.stopTimeout()));
        // "daemon ready udp=H:P tcp=H:P": the addresses actually bound (port 0 resolved)
        try {
            String[] parts = child.readyLine().substring(BundledService.XRAY_DAEMON.readyLine().length()).trim().split("\\s+");
            DaemonAddresses bound = new DaemonAddresses(DaemonAddresses.hostPort(parts[0].substring("udp=".length())),
                    DaemonAddresses.hostPort(parts[1].substring("tcp=".length())));
            return new AppDaemon(bound, child);
        } catch (RuntimeException e) {
            child.close();
            throw new IOException("the X-Ray daemon's ready line is not understood: " + child.readyLine(), e);
        }
    }

    private static DaemonAddresses parse(String address) throws IOException {
        try {
            return DaemonAddresses.parse(address);
        } catch (IllegalArgumentException e) {
            throw new IOException(DaemonAddresses.ENVIRONMENT_VARIABLE + ": " + e.getMessage(), e);
        }
    }

    /** True if something answers the X-Ray daemon's {@code /telemetry} on {@code tcp} (ours; AWS's proxies). */
    public static boolean answers(InetSocketAddress tcp) {
        return answers(tcp, HttpProbe.POLL_PATIENCE);
    }

    private static boolean answers(InetSocketAddress tcp, Duration patience) {
        String body = telemetry(tcp, patience);
        if (body != null && !isOurs(body)) {
            LOG.info("{} answers HTTP but is not X-Ray Gallery's daemon (AWS's daemon?); sending to it",
                    DaemonAddresses.format(tcp));
        }
        return body != null;
    }

    /** True if X-Ray Gallery's own daemon answers on {@code tcp} (its {@code /telemetry} says so). */
    public static boolean isXRayGalleryDaemon(InetSocketAddress tcp) {
        String body = telemetry(tcp, HttpProbe.POLL_PATIENCE);
        return body != null && isOurs(body);
    }

    private static boolean isOurs(String telemetry) {
        return telemetry.contains("\"daemon\":\"xray-gallery\"");
    }

    /** The body of {@code GET /telemetry} on {@code tcp}, or null when nothing answers HTTP there. */
    private static String telemetry(InetSocketAddress tcp, Duration patience) {
        HttpResponse<String> response = HttpProbe.get(endpoint(tcp).resolve("/telemetry"), patience);
        return response == null ? null : response.body();
    }

    private static URI endpoint(InetSocketAddress tcp) {
        return URI.create("http://" + DaemonAddresses.format(tcp));
    }

    /** {@code udp:host:port tcp:host:port}, for the recorder and {@code AWS_XRAY_DAEMON_ADDRESS}. */
    public String daemonAddress() {
        return "udp:" + DaemonAddresses.format(addresses.udp()) + " tcp:" + DaemonAddresses.format(addresses.tcp());
    }

    public InetSocketAddress udpAddress() {
        return addresses.udp();
    }

    /** The X-Ray API: {@code http://host:port}. */
    public URI endpoint() {
        return endpoint(addresses.tcp());
    }

    /** True if this process started the daemon (and so stops it). */
    public boolean startedHere() {
        return child != null;
    }

    /** The child's process id, if this started it. */
    public OptionalLong pid() {
        return child == null ? OptionalLong.empty() : OptionalLong.of(child.pid());
    }

    /** Stops the daemon if this started it; a reused one keeps running. */
    @Override
    public void close() {
        if (child != null) {
            child.close();
        }
    }
}
