package xraygallery.tracing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The X-Ray daemon the app sends to: one already answering on the configured address is reused; otherwise the
 * {@code daemon} command of this same installation (same Java, same class path) is started as a child process,
 * and this waits for its ready line. {@link #close()} stops the child only if this started it; a JVM shutdown
 * hook does the same, and the child also exits by itself when this process dies ({@code --exit-with-parent}).
 *
 * <p>Talks to the daemon only through the process and its TCP port ({@code GET /telemetry} to see whether one
 * answers), never through its classes.
 */
public final class LocalDaemon implements AutoCloseable {
    /** The line the daemon prints on stdout once it listens. */
    static final String READY = "daemon ready ";
    private static final Logger LOG = LoggerFactory.getLogger(LocalDaemon.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    private final String udp;
    private final String tcp;
    private final Process process;
    private final Thread shutdownHook;
    private boolean closed;

    private LocalDaemon(String udp, String tcp, Process process) {
        this.udp = udp;
        this.tcp = tcp;
        this.process = process;
        if (process != null) {
            shutdownHook = new Thread(this::stopChild, "stop-xray-daemon");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            shutdownHook = null;
        }
    }

    /**
     * How to find or start the daemon.
     *
     * @param daemonAddress {@code host:port} or {@code udp:host:port tcp:host:port}
     * @param arguments more arguments for a started daemon ({@code --data DIR}, ...)
     * @param logFile where a started daemon's log goes (appended), or null to share this process's stderr
     * @param readyTimeout how long to wait for a started daemon's ready line
     * @param javaOptions JVM options for a started daemon (heap size, ...)
     */
    public record Options(String daemonAddress, List<String> arguments, Path logFile, Duration readyTimeout,
            List<String> javaOptions) {
        public Options {
            Objects.requireNonNull(daemonAddress, "daemonAddress");
            arguments = List.copyOf(arguments);
            javaOptions = List.copyOf(javaOptions);
            Objects.requireNonNull(readyTimeout, "readyTimeout");
        }

        /** Defaults: 20 s to get ready, a 128 MiB heap, no extra arguments, logs to stderr. */
        public static Options at(String daemonAddress) {
            return new Options(daemonAddress, List.of(), null, Duration.ofSeconds(20), List.of("-Xmx128m"));
        }

        public Options withArguments(String... more) {
            List<String> all = new ArrayList<>(arguments);
            all.addAll(List.of(more));
            return new Options(daemonAddress, all, logFile, readyTimeout, javaOptions);
        }

        public Options withLogFile(Path file) {
            return new Options(daemonAddress, arguments, file, readyTimeout, javaOptions);
        }

        public Options withJavaOptions(String... options) {
            return new Options(daemonAddress, arguments, logFile, readyTimeout, List.of(options));
        }
    }

    /** Reuses the daemon answering at the address, or starts one and waits until it is ready. */
    public static LocalDaemon ensureRunning(Options options) throws IOException {
        String[] addresses = split(options.daemonAddress());
        if (answers(addresses[1])) {
            LOG.info("reusing the X-Ray daemon already answering on {}", addresses[1]);
            return new LocalDaemon(addresses[0], addresses[1], null);
        }
        try {
            return start(options, addresses);
        } catch (IOException e) {
            if (answers(addresses[1])) { // another process won the race to start it
                LOG.info("another process started the X-Ray daemon on {}; reusing it", addresses[1]);
                return new LocalDaemon(addresses[0], addresses[1], null);
            }
            throw e;
        }
    }

    /** Always starts a new daemon (the benchmark does, for instance); the address may use port 0. */
    public static LocalDaemon start(Options options) throws IOException {
        return start(options, split(options.daemonAddress()));
    }

    private static LocalDaemon start(Options options, String[] addresses) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.javaOptions());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("xraygallery.cli.Main");
        command.add("daemon");
        command.add("--udp");
        command.add(addresses[0]);
        command.add("--tcp");
        command.add(addresses[1]);
        command.add("--exit-with-parent");
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.addAll(options.arguments());
        ProcessBuilder builder = new ProcessBuilder(command);
        if (options.logFile() != null) {
            Files.createDirectories(options.logFile().toAbsolutePath().getParent());
            builder.redirectError(ProcessBuilder.Redirect.appendTo(options.logFile().toFile()));
        } else {
            builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        LOG.info("starting the X-Ray daemon on udp={} tcp={}", addresses[0], addresses[1]);
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(READY)) {
                        return line;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = ready.get(options.readyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("the X-Ray daemon did not get ready within " + options.readyTimeout().toSeconds()
                    + " s" + seeLog(options));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the X-Ray daemon", e);
        } catch (ExecutionException e) {
            process.destroyForcibly();
            throw new IOException("starting the X-Ray daemon failed", e.getCause());
        }
        if (line == null) {
            int exit = waitForExit(process);
            throw new IOException("the X-Ray daemon exited (code " + exit + ") before it was ready" + seeLog(options));
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // the daemon prints nothing else; keep its stdout from ever filling up
                }
            } catch (IOException e) {
                // the child is gone
            }
        }, "xray-daemon-stdout");
        drain.setDaemon(true);
        drain.start();
        // "daemon ready udp=H:P tcp=H:P": the actual addresses (port 0 was resolved)
        String[] parts = line.substring(READY.length()).split("\\s+");
        String udp = parts[0].substring("udp=".length());
        String tcp = parts[1].substring("tcp=".length());
        LOG.info("started the X-Ray daemon (pid {}) on udp={} tcp={}", process.pid(), udp, tcp);
        return new LocalDaemon(udp, tcp, process);
    }

    private static String seeLog(Options options) {
        if (options.logFile() == null) {
            return "; see its messages above";
        }
        try {
            List<String> lines = Files.readAllLines(options.logFile(), StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - 3), lines.size());
            return "; its log " + options.logFile() + " ends with: " + String.join(" | ", tail);
        } catch (IOException e) {
            return "; see " + options.logFile();
        }
    }

    private static int waitForExit(Process process) {
        try {
            if (process.waitFor(5, TimeUnit.SECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        return -1;
    }

    /** True if something answers HTTP on {@code host:port} (an X-Ray daemon: ours, or AWS's, which proxies). */
    static boolean answers(String tcp) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + tcp + "/telemetry"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (!response.body().contains("\"daemon\":\"xray-gallery\"")) {
                LOG.info("{} answers HTTP but is not X-Ray Gallery's daemon (AWS's daemon?); sending to it", tcp);
            }
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** [udp, tcp] from {@code host:port} or {@code udp:host:port tcp:host:port}. */
    static String[] split(String address) {
        String[] parts = address.trim().split("\\s+");
        if (parts.length == 1 && !parts[0].startsWith("udp:") && !parts[0].startsWith("tcp:")) {
            return new String[] {parts[0], parts[0]};
        }
        String udp = null;
        String tcp = null;
        for (String part : parts) {
            if (part.startsWith("udp:")) {
                udp = part.substring(4);
            } else if (part.startsWith("tcp:")) {
                tcp = part.substring(4);
            }
        }
        if (parts.length != 2 || udp == null || tcp == null) {
            throw new IllegalArgumentException("\"" + address
                    + "\" is not a daemon address: use host:port or \"udp:host:port tcp:host:port\"");
        }
        return new String[] {udp, tcp};
    }

    /** {@code udp:host:port tcp:host:port}, for {@link TracingConfig} and {@code AWS_XRAY_DAEMON_ADDRESS}. */
    public String daemonAddress() {
        return "udp:" + udp + " tcp:" + tcp;
    }

    /** The X-Ray API: {@code http://host:port}. */
    public URI endpoint() {
        return URI.create("http://" + tcp);
    }

    /** True if this process started the daemon (and so stops it). */
    public boolean startedHere() {
        return process != null;
    }

    /** The child's process id, if this started it. */
    public java.util.OptionalLong pid() {
        return process == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(process.pid());
    }

    /** Stops the daemon if this started it (SIGTERM, then SIGKILL after 15 s); a reused one keeps running. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (process != null) {
            stopChild();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down; the hook does the same
            }
        }
    }

    private void stopChild() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                LOG.warn("the X-Ray daemon (pid {}) did not stop within 15 s; killing it", process.pid());
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
