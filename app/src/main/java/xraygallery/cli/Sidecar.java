package xraygallery.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A helper process of this installation (the local cloud, the daemon): reused when one already
 * answers, otherwise started as a child running the same jar with a subcommand, and stopped on
 * close only if we started it. The child's log goes to a file; its ready line to us.
 */
public final class Sidecar implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sidecar.class);

    private final String name;
    private final Process process;

    private Sidecar(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /**
     * Makes sure the service answers.
     *
     * @param answering whether a running instance already answers
     * @param arguments the subcommand and its options, e.g. {@code localcloud --port 4566}
     * @param readyPrefix the start of the line the child prints when it serves
     * @param log where the child's stderr goes
     */
    public static Sidecar ensure(String name, BooleanSupplier answering, List<String> arguments, String readyPrefix,
            Path log, Duration timeout) throws IOException {
        if (answering.getAsBoolean()) {
            LOG.debug("{} already running; reusing it", name);
            return new Sidecar(name, null);
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(arguments);
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> readLineStartingWith(out, readyPrefix));
        try {
            String line = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new IOException(name + " exited before it was ready (exit " + exitCode(process) + "); see " + log);
            }
            LOG.debug("started {}: {}", name, line);
            drainInBackground(name, out);
            return new Sidecar(name, process);
        } catch (TimeoutException | ExecutionException e) {
            process.destroy();
            throw new IOException(name + " did not get ready within " + timeout.toSeconds() + " s; see " + log, e);
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + name, e);
        }
    }

    /** Keeps reading the child's stdout so that it can never block on a full pipe. */
    private static void drainInBackground(String name, BufferedReader out) {
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // nothing else is expected after the ready line
                }
            } catch (IOException e) {
                // the child is gone
            }
        }, name + "-stdout");
        drain.setDaemon(true);
        drain.start();
    }

    private static String readLineStartingWith(BufferedReader out, String prefix) {
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

    private static String exitCode(Process process) {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** The child's process id, when we started it. */
    public java.util.OptionalLong pid() {
        return process == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(process.pid());
    }

    /** Whether this object started the process (and so will stop it). */
    public boolean startedByUs() {
        return process != null;
    }

    /** Stops the process if we started it, waiting for it to shut down cleanly. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                LOG.warn("{} did not stop within 60 s; killing it", name);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
