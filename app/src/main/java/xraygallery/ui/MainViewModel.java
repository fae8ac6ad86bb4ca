package xraygallery.ui;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.app.GalleryRuntime;
import xraygallery.photos.GalleryConfig;
import xraygallery.photos.User;
import xraygallery.ui.common.BackgroundTask;
import xraygallery.ui.common.Cancellable;
import xraygallery.ui.common.ErrorMessages;
import xraygallery.ui.common.TaskExecutor;
import xraygallery.traceview.DaemonHealth;
import xraygallery.traceview.DaemonTelemetry;
import xraygallery.traceview.TraceSource;
import xraygallery.traceview.TraceSourceException;
import xraygallery.traceview.XRayTraceSource;
import xraygallery.ui.database.DatabaseBarViewModel;

/**
 * The window's session: starting the runtime (local cloud, daemon, use-cases) off the UI thread with a progress
 * line, which world it runs in, who is signed in, and whether the local cloud still answers. Restarting the
 * session (after the settings change worlds) closes what this started and starts again.
 */
public final class MainViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(MainViewModel.class);
    static final Duration HEALTH_EVERY = Duration.ofSeconds(3);

    /** Where start-up stands. */
    public enum Phase { STARTING, READY, FAILED }

    /** Opens a runtime; {@link GalleryRuntime#open} in the app, something lighter in tests. */
    @FunctionalInterface
    public interface RuntimeStarter {
        GalleryRuntime start(GalleryConfig config, String daemonAddress, Consumer<String> progress) throws IOException;
    }

    private final DesktopOptions options;
    private final TaskExecutor tasks;
    private final RuntimeStarter starter;
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(Phase.STARTING);
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("Starting …");
    private final ReadOnlyStringWrapper failure = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper world = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper aws = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<GalleryRuntime> runtime = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<DatabaseBarViewModel> database = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<User> user = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper cloudDown = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper daemonDown = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper reviving = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper daemonProblem = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<DaemonStatus> daemonStatus = new ReadOnlyObjectWrapper<>(DaemonStatus.STARTING);
    private final ReadOnlyObjectWrapper<TraceSource> traces = new ReadOnlyObjectWrapper<>();
    private DaemonTelemetry daemonBaseline;
    private Cancellable healthPoll = () -> { };
    private String sessionPassword = "";
    private long startedAtNanos;
    private final ReadOnlyObjectWrapper<Duration> startupTime = new ReadOnlyObjectWrapper<>();

    /** Opens the trace source on a daemon's X-Ray API (the real adapter, or a fake in tests). */
    @FunctionalInterface
    public interface TraceSources {
        TraceSource open(URI daemonEndpoint);
    }

    private final TraceSources traceSources;

    public MainViewModel(DesktopOptions options, TaskExecutor tasks, RuntimeStarter starter) {
        this(options, tasks, starter, XRayTraceSource::forLocalDaemon);
    }

    public MainViewModel(DesktopOptions options, TaskExecutor tasks, RuntimeStarter starter, TraceSources traceSources) {
        this.options = options;
        this.tasks = tasks;
        this.starter = starter;
        this.traceSources = traceSources;
    }

    /** Reads the configuration and starts the runtime in the background. */
    public void start() {
        phase.set(Phase.STARTING);
        failure.set("");
        progress.set("Reading the settings …");
        startedAtNanos = System.nanoTime();
        GalleryConfig config;
        try {
            config = options.loadConfig(sessionPassword.isEmpty() ? Map.of()
                    : Map.of("DATABASE_PASSWORD", sessionPassword));
        } catch (IOException | RuntimeException e) {
            fail("The settings cannot be read: " + ErrorMessages.describe(e));
            return;
        }
        aws.set(config.aws());
        world.set(describeWorld(config));
        if (config.aws() && config.databaseUser() != null && config.databasePassword() == null) {
            fail("AWS mode signs in to the database as " + config.databaseUser() + ", but no password is set:"
                    + " enter it in Settings (kept for this session only), or set DATABASE_PASSWORD.");
            return;
        }
        BackgroundTask.of(() -> starter.start(config, options.daemonAddress(),
                        line -> tasks.runOnUiThread(() -> progress.set(line))))
                .onSuccess(this::ready)
                .onFailure(error -> fail("X-Ray Gallery could not start: " + ErrorMessages.describe(error)))
                .executeWith(tasks);
    }

    private void ready(GalleryRuntime started) {
        runtime.set(started);
        daemonProblem.set(started.daemonProblem() == null ? "" : started.daemonProblem());
        daemonBaseline = null;
        if (started.daemonEndpoint() == null) {
            daemonStatus.set(DaemonStatus.none(started.daemonProblem()));
        } else {
            traces.set(traceSources.open(started.daemonEndpoint()));
        }
        DatabaseBarViewModel bar = new DatabaseBarViewModel(started.services().databaseControl(), tasks,
                () -> user.get() == null ? null : user.get().name());
        database.set(bar);
        phase.set(Phase.READY);
        startupTime.set(Duration.ofNanos(System.nanoTime() - startedAtNanos));
        progress.set("");
        bar.refresh();
        checkHealth();
    }

    private void fail(String message) {
        failure.set(message);
        phase.set(Phase.FAILED);
    }

    /** "Local cloud · 127.0.0.1:4566", or "AWS · profile default · eu-west-1". */
    static String describeWorld(GalleryConfig config) {
        if (!config.aws()) {
            return "Local · " + config.localCloudEndpoint().getAuthority();
        }
        return "AWS · profile " + (config.awsProfile() == null ? "default" : config.awsProfile())
                + " · " + (config.awsRegion() == null ? "profile's region" : config.awsRegion());
    }

    private void scheduleHealthCheck() {
        healthPoll.cancel();
        healthPoll = tasks.schedule(HEALTH_EVERY, this::checkHealth);
    }

    /** What a health poll saw: the local cloud answering, and the daemon's counters (or why not). */
    private record Health(boolean cloudAnswers, DaemonHealth daemon, String daemonError) {
    }

    /**
     * Whether the local cloud still answers (an HTTP health check) and how the daemon is (its counters); neither
     * is a traced action.
     */
    void checkHealth() {
        GalleryRuntime current = runtime.get();
        TraceSource source = traces.get();
        if (current == null) {
            return;
        }
        BackgroundTask.of(() -> {
            DaemonHealth daemon = null;
            String daemonError = null;
            if (source != null) {
                try {
                    daemon = source.daemonHealth();
                } catch (TraceSourceException e) {
                    daemonError = e.getMessage();
                }
            }
            return new Health(current.localCloudAnswers(), daemon, daemonError);
        })
                .onSuccess(health -> {
                    if (runtime.get() == current) {
                        boolean wasDown = cloudDown.get();
                        cloudDown.set(!health.cloudAnswers());
                        if (wasDown && health.cloudAnswers() && database.get() != null) {
                            database.get().refresh();
                        }
                        showDaemon(current, health);
                        scheduleHealthCheck();
                    }
                })
                .onFailure(error -> scheduleHealthCheck())
                .executeWith(tasks);
    }

    private void showDaemon(GalleryRuntime current, Health health) {
        if (current.daemonEndpoint() == null) {
            return;
        }
        String address = current.daemonEndpoint().getAuthority();
        daemonDown.set(health.daemon() == null);
        if (health.daemon() == null) {
            daemonStatus.set(DaemonStatus.unreachable(address, health.daemonError()));
            return;
        }
        if (daemonBaseline == null && health.daemon() instanceof DaemonHealth.Reported reported) {
            daemonBaseline = reported.telemetry();
        }
        daemonStatus.set(DaemonStatus.of(health.daemon(), daemonBaseline, address));
    }

    /**
     * Starts the local cloud and the daemon again, whichever stopped answering; their data comes back with them.
     */
    public void reviveServices() {
        GalleryRuntime current = runtime.get();
        if (current == null || reviving.get()) {
            return;
        }
        reviving.set(true);
        BackgroundTask.run(() -> {
            current.reviveLocalCloud();
            current.reviveDaemon();
        })
                .onSuccess(ignored -> {
                    cloudDown.set(false);
                    daemonDown.set(false);
                    if (database.get() != null) {
                        database.get().refresh();
                    }
                    checkHealth();
                })
                .onFailure(error -> failure.set("Could not start them again: " + ErrorMessages.describe(error)))
                .onFinished(() -> reviving.set(false))
                .executeWith(tasks);
    }

    /** The database password for this session (from the settings dialog); never saved. */
    public void setSessionPassword(String password) {
        sessionPassword = password == null ? "" : password;
    }

    public String sessionPassword() {
        return sessionPassword;
    }

    /** The user signed in (or created an account). */
    public void signedIn(User signedIn) {
        user.set(signedIn);
    }

    public void signOut() {
        user.set(null);
    }

    /** Closes the session (what it started stops) and starts a new one with the settings as they are now. */
    public void restartSession() {
        GalleryRuntime old = runtime.get();
        healthPoll.cancel();
        closeTraces();
        daemonStatus.set(DaemonStatus.STARTING);
        user.set(null);
        database.set(null);
        runtime.set(null);
        cloudDown.set(false);
        daemonDown.set(false);
        phase.set(Phase.STARTING);
        progress.set("Closing the session …");
        BackgroundTask.run(() -> {
            if (old != null) {
                old.close();
            }
        }).onFinished(this::start).executeWith(tasks);
    }

    /** Stops polling and closes the runtime; blocks until what this started has stopped. */
    public void close() {
        healthPoll.cancel();
        closeTraces();
        GalleryRuntime current = runtime.get();
        runtime.set(null);
        if (current != null) {
            try {
                current.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the session failed: {}", e.toString());
            }
        }
    }

    private void closeTraces() {
        TraceSource source = traces.get();
        traces.set(null);
        if (source != null) {
            try {
                source.close();
            } catch (Exception e) {
                LOG.debug("closing the trace source: {}", e.toString());
            }
        }
    }

    /** How the X-Ray daemon is, for the header. */
    public ReadOnlyObjectProperty<DaemonStatus> daemonStatusProperty() {
        return daemonStatus.getReadOnlyProperty();
    }

    /** Where the trace panel reads traces (the session's daemon), or null without one. */
    public ReadOnlyObjectProperty<TraceSource> tracesProperty() {
        return traces.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** The start-up step under way, fit to show. */
    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Why start-up failed, or a later problem with the session; empty when none. */
    public ReadOnlyStringProperty failureProperty() {
        return failure.getReadOnlyProperty();
    }

    /** Which world the session runs in, for the header. */
    public ReadOnlyStringProperty worldProperty() {
        return world.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty awsProperty() {
        return aws.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<GalleryRuntime> runtimeProperty() {
        return runtime.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<DatabaseBarViewModel> databaseProperty() {
        return database.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<User> userProperty() {
        return user.getReadOnlyProperty();
    }

    /** True while the local cloud does not answer. */
    public ReadOnlyBooleanProperty cloudDownProperty() {
        return cloudDown.getReadOnlyProperty();
    }

    /** True while the session's X-Ray daemon does not answer. */
    public ReadOnlyBooleanProperty daemonDownProperty() {
        return daemonDown.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty revivingProperty() {
        return reviving.getReadOnlyProperty();
    }

    /** Why no daemon keeps traces this session, or empty. */
    public ReadOnlyStringProperty daemonProblemProperty() {
        return daemonProblem.getReadOnlyProperty();
    }

    /** How long the last start took until the window was usable; null until then. */
    public ReadOnlyObjectProperty<Duration> startupTimeProperty() {
        return startupTime.getReadOnlyProperty();
    }

    public DesktopOptions options() {
        return options;
    }

    public TaskExecutor tasks() {
        return tasks;
    }
}
