package xraygallery.photos;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import xraygallery.cloud.DatabaseInstance;
import xraygallery.cloud.DatabaseInstance.DatabaseStatus;

/** Starting, stopping and watching the RDS instance, each a traced user action. */
public final class DatabaseControl {
    private final DatabaseInstance instance;
    private final ActionTracing tracing;
    private final Duration pollEvery;

    public DatabaseControl(DatabaseInstance instance, ActionTracing tracing, Duration pollEvery) {
        this.instance = instance;
        this.tracing = tracing;
        this.pollEvery = pollEvery;
    }

    public DatabaseStatus status(String user) throws IOException {
        return tracing.action("db_status", user, instance::status);
    }

    /** Asks RDS to start the instance; says clearly when it cannot be started now. */
    public DatabaseStatus start(String user) throws IOException {
        return tracing.action("db_start", user, () -> {
            DatabaseStatus now = instance.status();
            if (now.isAvailable() || "starting".equals(now.state())) {
                return now;
            }
            if (!now.canStart() && !"failed".equals(now.state())) {
                throw new GalleryException("The database is " + now.state() + "; wait until it is stopped, then start it.");
            }
            return instance.start();
        });
    }

    public DatabaseStatus stop(String user) throws IOException {
        return tracing.action("db_stop", user, () -> {
            DatabaseStatus now = instance.status();
            if ("stopped".equals(now.state()) || "stopping".equals(now.state())) {
                return now;
            }
            if (!now.canStop()) {
                throw new GalleryException("The database is " + now.state() + "; it can be stopped once it is available.");
            }
            return instance.stop();
        });
    }

    /** States RDS passes through on its own; anything else stays until someone acts. */
    static boolean isTransitional(String state) {
        return switch (state) {
            case "starting", "stopping", "rebooting", "modifying", "backing-up", "configuring-enhanced-monitoring",
                    "creating", "upgrading", "maintenance", "resetting-master-credentials", "renaming" -> true;
            default -> false;
        };
    }

    /**
     * Polls (one traced {@code db_wait} action) while the instance is in a state it leaves by itself (starting,
     * stopping, ...), telling {@code progress} each state seen; returns the first settled status (available,
     * stopped, failed, ...). Fails after {@code timeout}.
     */
    public DatabaseStatus awaitSettled(String user, Duration timeout, Consumer<DatabaseStatus> progress) throws IOException {
        return tracing.action("db_wait", user, () -> {
            Instant deadline = Instant.now().plus(timeout);
            while (true) {
                DatabaseStatus status = instance.status();
                progress.accept(status);
                if (!isTransitional(status.state())) {
                    return status;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new GalleryException("The database was still " + status.state() + " after " + timeout.toSeconds() + " s.");
                }
                pause();
            }
        });
    }

    private void pause() {
        try {
            Thread.sleep(pollEvery.toMillis()); // polling interval of a status wait, as the AWS waiters do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GalleryException("Interrupted while waiting for the database.");
        }
    }

    /**
     * Polls until the instance is available, telling {@code progress} each state seen; fails when it
     * ends in a state it will not leave by itself, or after {@code timeout}.
     */
    public DatabaseStatus awaitAvailable(String user, Duration timeout, Consumer<DatabaseStatus> progress) throws IOException {
        return tracing.action("db_wait", user, () -> {
            Instant deadline = Instant.now().plus(timeout);
            while (true) {
                DatabaseStatus status = instance.status();
                progress.accept(status);
                if (status.isAvailable()) {
                    return status;
                }
                if ("failed".equals(status.state())) {
                    throw new GalleryException("The database failed to start"
                            + (status.problem() == null ? "." : ": " + status.problem()));
                }
                if ("stopped".equals(status.state())) {
                    throw new GalleryException("The database is stopped; start it first.");
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new GalleryException("The database was still " + status.state() + " after " + timeout.toSeconds() + " s.");
                }
                pause();
            }
        });
    }
}
