package xraygallery.localcloud.rds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and stops a MariaDB server that an earlier, killed JVM left running on a data directory.
 * Such a server holds the port and the Aria lock, and a new server on the same directory would
 * stall for ~20 seconds before giving up. A process is only touched when its command line shows
 * it is {@code mariadbd}/{@code mysqld} with exactly this {@code --datadir}.
 */
final class StaleServers {
    private static final Logger LOG = LoggerFactory.getLogger(StaleServers.class);
    private static final Duration GRACEFUL = Duration.ofSeconds(30);
    private static final Duration FORCED = Duration.ofSeconds(10);

    private StaleServers() {
    }

    /**
     * Stops every server on {@code dataDir}: first the one named in {@code pidFile}, else any found
     * among all processes. Returns how many were stopped.
     */
    static int stop(Path pidFile, Path dataDir) throws IOException {
        String datadirArgument = "--datadir=" + dataDir.toFile().getCanonicalPath();
        Set<ProcessHandle> stale = new LinkedHashSet<>();
        readPid(pidFile).flatMap(ProcessHandle::of).filter(p -> serves(p, datadirArgument)).ifPresent(stale::add);
        if (stale.isEmpty()) {
            ProcessHandle.allProcesses().filter(p -> serves(p, datadirArgument)).forEach(stale::add);
        }
        for (ProcessHandle process : stale) {
            LOG.warn("stopping MariaDB server pid {} left running on {} by an earlier run", process.pid(), dataDir);
            long started = System.nanoTime();
            process.destroy();
            if (!awaitExit(process, GRACEFUL)) {
                LOG.warn("MariaDB server pid {} ignored SIGTERM for {} s; killing it", process.pid(),
                        GRACEFUL.toSeconds());
                process.destroyForcibly();
                if (!awaitExit(process, FORCED)) {
                    throw new IOException("could not stop the stale MariaDB server pid " + process.pid());
                }
            }
            LOG.info("stale MariaDB server pid {} stopped in {} ms", process.pid(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        Files.deleteIfExists(pidFile);
        return stale.size();
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code process} is a live mariadbd/mysqld whose arguments include {@code datadirArgument}. */
    static boolean serves(ProcessHandle process, String datadirArgument) {
        if (!isRunning(process)) {
            return false;
        }
        ProcessHandle.Info info = process.info();
        String command = info.command().orElse("");
        boolean server = command.endsWith("/mariadbd") || command.endsWith("/mysqld");
        return server && List.of(info.arguments().orElse(new String[0])).contains(datadirArgument);
    }

    /** Alive and not a zombie (an orphan whose parent has not reaped it no longer holds anything). */
    static boolean isRunning(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        try {
            String text = Files.readString(stat, StandardCharsets.US_ASCII);
            int end = text.lastIndexOf(')');
            return end < 0 || end + 2 >= text.length() || text.charAt(end + 2) != 'Z';
        } catch (IOException e) {
            // with procfs the process just exited; without it (macOS) isAlive() is all there is
            return !Files.isDirectory(Path.of("/proc/self"));
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning(process)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                process.onExit().get(50, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // poll again: zombies never complete onExit()
            } catch (ExecutionException e) {
                return !isRunning(process);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isRunning(process);
            }
        }
        return true;
    }
}
