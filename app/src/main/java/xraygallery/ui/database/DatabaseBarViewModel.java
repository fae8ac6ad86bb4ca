package xraygallery.ui.database;

import java.time.Duration;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import xraygallery.cloud.DatabaseInstance.DatabaseStatus;
import xraygallery.photos.DatabaseControl;
import xraygallery.ui.common.BackgroundTask;
import xraygallery.ui.common.ErrorMessages;
import xraygallery.ui.common.TaskExecutor;

/**
 * The RDS instance behind the gallery: its state and endpoint (or why it failed), and Start/Stop enabled only when
 * RDS accepts them. After a start or stop it follows the instance (one traced {@code db_wait} action polling off
 * the UI thread) until it settles.
 */
public final class DatabaseBarViewModel {
    /** How the bar shows the instance. */
    public enum State { UNKNOWN, STOPPED, STARTING, AVAILABLE, STOPPING, FAILED, UNREACHABLE, OTHER }

    static final Duration WAIT_LIMIT = Duration.ofMinutes(15);

    private final DatabaseControl control;
    private final TaskExecutor tasks;
    private final Supplier<String> currentUser;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.UNKNOWN);
    private final ReadOnlyStringWrapper instanceId = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper("Checking the database …");
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canStart = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canStop = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper();

    /** @param currentUser the signed-in user's name for the traces, or null before sign-in */
    public DatabaseBarViewModel(DatabaseControl control, TaskExecutor tasks, Supplier<String> currentUser) {
        this.control = control;
        this.tasks = tasks;
        this.currentUser = currentUser;
    }

    /** Asks RDS for the instance's state (a {@code db_status} action); follows it if it is changing. */
    public void refresh() {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        BackgroundTask.of(() -> control.status(currentUser.get()))
                .onSuccess(status -> {
                    show(status);
                    if (isChanging(status)) {
                        follow();
                    } else {
                        busy.set(false);
                        refreshButtons();
                    }
                })
                .onFailure(this::unreachable)
                .executeWith(tasks);
    }

    /** Starts the instance (a {@code db_start} action), then follows it until it is available or failed. */
    public void start() {
        change(() -> control.start(currentUser.get()), "Starting …");
    }

    /** Stops the instance (a {@code db_stop} action), then follows it until it is stopped. */
    public void stop() {
        change(() -> control.stop(currentUser.get()), "Stopping …");
    }

    private void change(BackgroundTask.Work<DatabaseStatus> request, String pending) {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        canStart.set(false);
        canStop.set(false);
        detail.set(pending);
        BackgroundTask.of(request)
                .onSuccess(status -> {
                    show(status);
                    follow();
                })
                .onFailure(error -> {
                    busy.set(false);
                    detail.set(ErrorMessages.describe(error));
                    refreshButtons();
                })
                .executeWith(tasks);
    }

    private void follow() {
        busy.set(true);
        BackgroundTask.of(() -> control.awaitSettled(currentUser.get(), WAIT_LIMIT,
                        status -> tasks.runOnUiThread(() -> show(status))))
                .onSuccess(this::show)
                .onFailure(this::unreachable)
                .onFinished(() -> {
                    busy.set(false);
                    refreshButtons();
                })
                .executeWith(tasks);
    }

    private void unreachable(Throwable error) {
        busy.set(false);
        state.set(State.UNREACHABLE);
        available.set(false);
        headline.set("The database's status is unknown");
        detail.set(ErrorMessages.describe(error));
        refreshButtons();
    }

    private static boolean isChanging(DatabaseStatus status) {
        return "starting".equals(status.state()) || "stopping".equals(status.state());
    }

    void show(DatabaseStatus status) {
        instanceId.set(status.instanceId());
        State s = switch (status.state()) {
            case "available" -> State.AVAILABLE;
            case "stopped" -> State.STOPPED;
            case "starting" -> State.STARTING;
            case "stopping" -> State.STOPPING;
            case "failed", "inaccessible-encryption-credentials", "incompatible-parameters", "storage-full" -> State.FAILED;
            default -> State.OTHER;
        };
        state.set(s);
        available.set(status.isAvailable());
        headline.set("Database " + status.instanceId() + " is " + status.state());
        detail.set(switch (s) {
            case AVAILABLE -> status.host() + ":" + status.port();
            case STOPPED -> "Start it to sign in and see your photos.";
            case STARTING -> "Starting takes a few seconds here, minutes on AWS.";
            case STOPPING -> "Photos stay safe while it is stopped.";
            case FAILED -> status.problem() != null ? status.problem() : "RDS gave no reason.";
            default -> "";
        });
        refreshButtons();
    }

    private void refreshButtons() {
        State s = state.get();
        canStart.set(!busy.get() && (s == State.STOPPED || s == State.FAILED));
        canStop.set(!busy.get() && s == State.AVAILABLE);
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty instanceIdProperty() {
        return instanceId.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    /** The endpoint, the reason of a failure, or a hint. */
    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    /** True while a request or a wait is under way. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canStartProperty() {
        return canStart.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canStopProperty() {
        return canStop.getReadOnlyProperty();
    }

    /** True when the instance is available: sign-in and the gallery work. */
    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }
}
