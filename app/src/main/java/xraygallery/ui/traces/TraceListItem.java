package xraygallery.ui.traces;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import xraygallery.traceview.TraceRow;

/**
 * One row of the trace list. The same object stays in the list while its trace is in range, and its values are
 * updated in place when the trace changes (a running action grows, then ends), so that the table keeps its
 * selection and scroll position across refreshes.
 */
public final class TraceListItem {
    private final String traceId;
    private final Instant start;
    private final ReadOnlyStringWrapper action = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper user = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Duration> duration = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Integer> httpStatus = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper fault = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper error = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper throttle = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper inProgress = new ReadOnlyBooleanWrapper();
    private TraceRow row;

    TraceListItem(TraceRow row, Instant now) {
        this.traceId = row.traceId();
        this.start = row.start();
        update(row, now);
    }

    /** Takes the trace's latest summary; a running trace's duration grows with {@code now}. */
    void update(TraceRow newRow, Instant now) {
        this.row = newRow;
        set(action, newRow.action() == null ? "" : newRow.action());
        set(user, newRow.user() == null ? "" : newRow.user());
        Duration shown = newRow.duration();
        if (newRow.inProgress()) {
            Duration elapsed = Duration.between(start, now);
            if (shown == null || (!elapsed.isNegative() && elapsed.compareTo(shown) > 0)) {
                shown = elapsed.isNegative() ? Duration.ZERO : elapsed;
            }
        } else if (newRow.responseTime() != null) {
            shown = newRow.responseTime();
        }
        set(duration, shown);
        set(httpStatus, newRow.httpStatus());
        fault.set(newRow.fault());
        error.set(newRow.error());
        throttle.set(newRow.throttle());
        inProgress.set(newRow.inProgress());
    }

    private static <T> void set(javafx.beans.property.Property<T> property, T value) {
        if (!Objects.equals(property.getValue(), value)) {
            property.setValue(value);
        }
    }

    public String traceId() {
        return traceId;
    }

    public Instant start() {
        return start;
    }

    /** The latest summary. */
    public TraceRow row() {
        return row;
    }

    public ReadOnlyStringProperty actionProperty() {
        return action.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty userProperty() {
        return user.getReadOnlyProperty();
    }

    /** The root's response time; while running, the time since it started. */
    public ReadOnlyObjectProperty<Duration> durationProperty() {
        return duration.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Integer> httpStatusProperty() {
        return httpStatus.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty faultProperty() {
        return fault.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty throttleProperty() {
        return throttle.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty inProgressProperty() {
        return inProgress.getReadOnlyProperty();
    }

    @Override
    public String toString() {
        return "TraceListItem[" + traceId + " " + action.get() + "]";
    }
}
