package xraygallery.ui.traces;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import xraygallery.traceview.ActionProfile;
import xraygallery.traceview.Component;
import xraygallery.traceview.ComponentStatistics;
import xraygallery.traceview.Finding;
import xraygallery.traceview.SpanTree;
import xraygallery.traceview.TraceRow;
import xraygallery.ui.common.BackgroundTask;

/**
 * "Which component is slow?" over many traces of one action: the last {@value #LIMIT} complete traces of the
 * action in the list's range and filter, read in the background in batches of {@value #BATCH}; median and p95 self
 * time per component, the action's latency histogram, and why the slowest are slow.
 */
public final class ActionProfileViewModel {
    /** At most this many traces of the action. */
    static final int LIMIT = 100;
    /** Traces read per call. */
    static final int BATCH = 10;

    /**
     * One component's row.
     *
     * @param component the component
     * @param median its median self time per trace ("42 ms")
     * @param p95 its 95th percentile ("80 ms")
     * @param share its part of all the time ("31%")
     * @param traces in how many traces it took time
     */
    public record StatRow(Component component, String median, String p95, String share, int traces) {
    }

    private final PanelContext context;
    private final ReadOnlyStringWrapper action = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(
            "Select a trace: its action's recent traces are profiled here.");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<ActionProfile> profile = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<List<StatRow>> rows = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyObjectWrapper<List<String>> findings = new ReadOnlyObjectWrapper<>(List.of());
    private int generation;

    ActionProfileViewModel(PanelContext context) {
        this.context = context;
    }

    /** Profiles an action (again). */
    public void load(String actionName) {
        if (actionName == null || actionName.isBlank()) {
            return;
        }
        int run = ++generation;
        action.set(actionName);
        busy.set(true);
        status.set("Finding the last " + LIMIT + " traces of " + actionName + " …");
        String filter = filterFor(actionName, context.list().appliedFilterProperty().get());
        var query = context.query(filter, LIMIT);
        BackgroundTask.of(() -> context.source().recentTraces(query))
                .onSuccess(found -> {
                    if (run != generation) {
                        return;
                    }
                    List<String> ids = found.stream().filter(r -> !r.inProgress()).map(TraceRow::traceId).toList();
                    int running = found.size() - ids.size();
                    readBatch(run, actionName, ids, 0, new ArrayList<>(), running);
                })
                .onFailure(error -> failed(run, error))
                .executeWith(context.tasks());
    }

    /** The same action again, with what has arrived since. */
    public void refresh() {
        load(action.get());
    }

    private void readBatch(int run, String actionName, List<String> ids, int from, List<SpanTree> trees,
            int running) {
        if (from >= ids.size()) {
            compute(run, actionName, trees, running);
            return;
        }
        status.set("Reading traces " + from + " of " + ids.size() + " …");
        List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
        BackgroundTask.of(() -> context.trees(batch))
                .onSuccess(read -> {
                    if (run != generation) {
                        return;
                    }
                    trees.addAll(read);
                    readBatch(run, actionName, ids, from + BATCH, trees, running);
                })
                .onFailure(error -> failed(run, error))
                .executeWith(context.tasks());
    }

    private void compute(int run, String actionName, List<SpanTree> trees, int running) {
        BackgroundTask.of(() -> ActionProfile.of(actionName, trees))
                .onSuccess(result -> {
                    if (run != generation) {
                        return;
                    }
                    show(result, running);
                    busy.set(false);
                })
                .onFailure(error -> failed(run, error))
                .executeWith(context.tasks());
    }

    private void show(ActionProfile result, int running) {
        profile.set(result);
        ComponentStatistics stats = result.components();
        List<StatRow> statRows = new ArrayList<>();
        for (ComponentStatistics.Row row : stats.rows()) {
            statRows.add(new StatRow(row.component(), TraceFormat.millis(row.median()), TraceFormat.millis(row.p95()),
                    TraceFormat.percent(row.share()), row.traces()));
        }
        rows.set(List.copyOf(statRows));
        List<String> reasons = new ArrayList<>();
        var report = result.slowTraces();
        for (Finding finding : report.findings()) {
            reasons.add(finding.description());
        }
        findings.set(List.copyOf(reasons));
        int count = stats.traceCount();
        StringBuilder text = new StringBuilder();
        if (count == 0) {
            text.append("No complete traces of ").append(result.action()).append(" in the range.");
        } else {
            text.append(count).append(count == 1 ? " trace" : " traces").append(" of ").append(result.action())
                    .append(": median ").append(TraceFormat.millis(result.latency().median())).append(", p95 ")
                    .append(TraceFormat.millis(result.latency().p95()));
            if (report.slowCount() > 0 && report.traceCount() > 1) {
                text.append("; the slowest ").append(report.slowCount()).append(" took ")
                        .append(TraceFormat.millis(report.slowThreshold())).append(" or more");
            }
            text.append('.');
        }
        if (running + result.inProgressSkipped() > 0) {
            text.append(" ").append(running + result.inProgressSkipped()).append(" still running, left out.");
        }
        if (report.note() != null && count > 0) {
            text.append(" ").append(report.note());
        }
        status.set(text.toString());
    }

    private void failed(int run, Throwable error) {
        if (run != generation) {
            return;
        }
        busy.set(false);
        status.set(TraceMessages.describe(error, context.sourceName()));
    }

    /** {@code annotation.action = "upload"}, AND the list's filter when it has one. */
    static String filterFor(String actionName, String listFilter) {
        String own = "annotation.action = \"" + actionName.replace("\"", "") + "\"";
        return listFilter == null || listFilter.isBlank() ? own : own + " AND (" + listFilter + ")";
    }

    public ReadOnlyStringProperty actionProperty() {
        return action.getReadOnlyProperty();
    }

    /** What is happening, or a line about the traces profiled. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ActionProfile> profileProperty() {
        return profile.getReadOnlyProperty();
    }

    /** Median, p95 and share per component, largest share first. */
    public ReadOnlyObjectProperty<List<StatRow>> rowsProperty() {
        return rows.getReadOnlyProperty();
    }

    /** Why some are slow, strongest reason first. */
    public ReadOnlyObjectProperty<List<String>> findingsProperty() {
        return findings.getReadOnlyProperty();
    }
}
