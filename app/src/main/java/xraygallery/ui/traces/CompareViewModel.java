package xraygallery.ui.traces;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import xraygallery.traceview.Component;
import xraygallery.traceview.SpanTree;
import xraygallery.traceview.TraceComparison;
import xraygallery.ui.common.BackgroundTask;

/**
 * Two traces of the same action side by side: each component's time in both and the difference, and the two
 * waterfalls with their rows aligned ({@link TraceComparison#spans()}).
 */
public final class CompareViewModel {
    /** At most this many traces offered to compare with. */
    static final int MAX_CANDIDATES = 30;

    /**
     * A component in both traces.
     *
     * @param component the component
     * @param left its time in the left trace ("120 ms")
     * @param right its time in the right trace
     * @param difference right minus left ("+35 ms")
     * @param differenceMillis the same, as a number
     */
    public record DeltaRow(Component component, String left, String right, String difference,
            double differenceMillis) {
    }

    private final PanelContext context;
    private final ReadOnlyObjectWrapper<TraceComparison> comparison = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<List<DeltaRow>> deltas = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(
            "Select a trace, then “Compare with…” another trace of the same action.");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private int generation;

    CompareViewModel(PanelContext context) {
        this.context = context;
    }

    /** Other traces in the list of the same action as {@code traceId}, newest first, complete ones only. */
    public List<TraceListItem> candidates(String traceId) {
        TraceListItem item = context.list().item(traceId);
        String action = item == null ? null : item.actionProperty().get();
        List<TraceListItem> found = new ArrayList<>();
        for (TraceListItem other : context.list().items()) {
            if (!other.traceId().equals(traceId) && !other.inProgressProperty().get()
                    && Objects.equals(action, other.actionProperty().get())) {
                found.add(other);
                if (found.size() == MAX_CANDIDATES) {
                    break;
                }
            }
        }
        return found;
    }

    /** Reads both traces (from the cache when it has them) and compares them. */
    public void compare(String leftId, String rightId) {
        int run = ++generation;
        status.set("Reading both traces …");
        BackgroundTask.of(() -> {
            List<SpanTree> trees = context.trees(List.of(leftId, rightId));
            SpanTree left = trees.stream().filter(t -> t.traceId().equals(leftId)).findFirst().orElse(null);
            SpanTree right = trees.stream().filter(t -> t.traceId().equals(rightId)).findFirst().orElse(null);
            if (left == null || right == null) {
                throw new IllegalStateException("Trace " + (left == null ? leftId : rightId)
                        + " is not in the store (any more).");
            }
            return TraceComparison.of(left, right);
        }).onSuccess(result -> {
            if (run == generation) {
                show(result);
            }
        }).onFailure(error -> {
            if (run == generation) {
                status.set(TraceMessages.describe(error, context.sourceName()));
            }
        }).executeWith(context.tasks());
    }

    void show(TraceComparison result) {
        comparison.set(result);
        List<DeltaRow> rows = new ArrayList<>();
        for (TraceComparison.ComponentDelta delta : result.components()) {
            rows.add(new DeltaRow(delta.component(), TraceFormat.millis(delta.left()), TraceFormat.millis(delta.right()),
                    TraceFormat.signedMillis(delta.difference()), delta.difference().toNanos() / 1e6));
        }
        deltas.set(List.copyOf(rows));
        var difference = result.right().duration().minus(result.left().duration());
        title.set("Left " + TraceFormat.millis(result.left().duration()) + " · right "
                + TraceFormat.millis(result.right().duration()) + " · " + TraceFormat.signedMillis(difference));
        status.set("");
    }

    public void clear() {
        generation++;
        comparison.set(null);
        deltas.set(List.of());
        title.set("");
    }

    public ReadOnlyObjectProperty<TraceComparison> comparisonProperty() {
        return comparison.getReadOnlyProperty();
    }

    /** Each component in both traces, largest difference first. */
    public ReadOnlyObjectProperty<List<DeltaRow>> deltasProperty() {
        return deltas.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** "Left 480 ms · right 912 ms · +432 ms". */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }
}
