package xraygallery.ui.traces;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import xraygallery.traceview.AwsCall;
import xraygallery.traceview.ComponentSplit;
import xraygallery.traceview.CriticalPath;
import xraygallery.traceview.Span;
import xraygallery.traceview.SpanException;
import xraygallery.traceview.SpanFlag;
import xraygallery.traceview.SpanTree;
import xraygallery.traceview.SqlCall;
import xraygallery.traceview.WaterfallLayout;
import xraygallery.traceview.WaterfallRow;

/**
 * The waterfall of one trace: the rows a canvas draws (nested bars on a time window), the critical path, where
 * the time went ({@link SplitSegment}s), which spans are collapsed, and the zoom. Showing a newer copy of the
 * same trace (it was still running) keeps what was collapsed and zoomed.
 */
public final class WaterfallViewModel {
    /** A time window of the waterfall. */
    public record Window(Instant start, Instant end) {
        public long nanos() {
            return Duration.between(start, end).toNanos();
        }
    }

    private final ReadOnlyObjectWrapper<SpanTree> tree = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<List<WaterfallRow>> rows = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyObjectWrapper<List<SplitSegment>> split = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyObjectWrapper<Window> window = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Select a trace to see where its time went.");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper zoomed = new ReadOnlyBooleanWrapper();
    private final Set<String> collapsed = new HashSet<>();
    private final Deque<Window> zoomStack = new ArrayDeque<>();
    private CriticalPath criticalPath = new CriticalPath(Set.of(), List.of());
    private ComponentSplit componentSplit;

    /** Shows a trace; the same trace again (a newer copy) keeps collapsed spans and the zoom. */
    public void show(SpanTree newTree) {
        SpanTree old = tree.get();
        boolean same = old != null && old.traceId().equals(newTree.traceId());
        if (!same) {
            collapsed.clear();
            zoomStack.clear();
        }
        criticalPath = CriticalPath.of(newTree);
        componentSplit = ComponentSplit.of(newTree);
        tree.set(newTree);
        split.set(SplitSegment.of(componentSplit));
        title.set(describeTrace(newTree));
        message.set("");
        relayout();
    }

    /** Shows nothing but a message ("Loading …", "not arrived yet"). */
    public void clear(String text) {
        tree.set(null);
        collapsed.clear();
        zoomStack.clear();
        criticalPath = new CriticalPath(Set.of(), List.of());
        componentSplit = null;
        rows.set(List.of());
        split.set(List.of());
        window.set(null);
        zoomed.set(false);
        title.set("");
        message.set(text);
    }

    /** Shows a message over what is shown (keeps the trace). */
    void note(String text) {
        message.set(text);
    }

    /** Collapses or expands a span's children. */
    public void toggle(String spanId) {
        if (!collapsed.remove(spanId)) {
            collapsed.add(spanId);
        }
        relayout();
    }

    public boolean isCollapsed(String spanId) {
        return collapsed.contains(spanId);
    }

    /** Zooms the time axis to a span (its bar fills the width, with a small margin). */
    public void zoomTo(String spanId) {
        SpanTree current = tree.get();
        if (current == null) {
            return;
        }
        current.span(spanId).ifPresent(span -> {
            Instant start = span.start();
            Instant end = current.effectiveEnd(span);
            long nanos = Math.max(Duration.between(start, end).toNanos(), 1_000_000);
            long margin = nanos / 40;
            zoomStack.push(window.get());
            window.set(new Window(start.minusNanos(margin), start.plusNanos(nanos + margin)));
            zoomed.set(true);
            layoutRows();
        });
    }

    /** Back to the zoom before the last one (Escape). */
    public void zoomOut() {
        if (zoomStack.isEmpty()) {
            return;
        }
        window.set(zoomStack.pop());
        zoomed.set(!zoomStack.isEmpty());
        layoutRows();
    }

    /** Back to the whole trace. */
    public void resetZoom() {
        zoomStack.clear();
        zoomed.set(false);
        relayout();
    }

    private void relayout() {
        SpanTree current = tree.get();
        if (current == null) {
            rows.set(List.of());
            return;
        }
        if (zoomStack.isEmpty()) {
            window.set(fullWindow(current));
        }
        layoutRows();
    }

    private void layoutRows() {
        SpanTree current = tree.get();
        Window w = window.get();
        rows.set(List.copyOf(WaterfallLayout.rows(current, collapsed, w.start(), w.end())));
    }

    /** The whole trace: from its earliest start to its observed end. */
    static Window fullWindow(SpanTree tree) {
        Instant from = tree.root().start();
        for (Span span : tree.spans()) {
            if (span.start().isBefore(from)) {
                from = span.start();
            }
        }
        Instant to = tree.observedEnd();
        if (!to.isAfter(from)) {
            to = from.plusMillis(1);
        }
        return new Window(from, to);
    }

    private static String describeTrace(SpanTree tree) {
        StringBuilder text = new StringBuilder();
        var action = tree.annotations().get("action");
        text.append(action == null ? tree.root().name() : action.text());
        var user = tree.annotations().get("user");
        if (user != null) {
            text.append(" by ").append(user.text());
        }
        text.append(" · ").append(tree.root().inProgress() ? "running, " + TraceFormat.millis(tree.duration()) + " so far"
                : TraceFormat.millis(tree.duration()));
        text.append(" · ").append(tree.size()).append(tree.size() == 1 ? " span" : " spans");
        if (tree.orphanCount() > 0) {
            text.append(" · ").append(tree.orphanCount()).append(" without their parent");
        }
        if (tree.hasClockSkew()) {
            text.append(" · clock skew");
        }
        return text.toString();
    }

    /** Whether a span is on the critical path. */
    public boolean onCriticalPath(String spanId) {
        return criticalPath.contains(spanId);
    }

    public CriticalPath criticalPath() {
        return criticalPath;
    }

    /** The span's duration as shown ("159 ms"; "running, 40 ms so far"). */
    public String durationText(Span span) {
        SpanTree current = tree.get();
        if (span.inProgress()) {
            return current == null ? "running" : TraceFormat.millis(Duration.between(span.start(),
                    current.effectiveEnd(span))) + "…";
        }
        return TraceFormat.millis(span.duration());
    }

    /** A tooltip for a span: what it did, how long, with what outcome. */
    public String describe(Span span) {
        SpanTree current = tree.get();
        List<String> lines = new ArrayList<>();
        lines.add(span.name() + (span.aws() != null && span.aws().operation() != null ? " " + span.aws().operation() : "")
                + " · " + span.component().label() + (span.kind() == xraygallery.traceview.SpanKind.PLACEHOLDER
                        ? " (its segment has not arrived)" : ""));
        if (current != null) {
            Duration offset = Duration.between(current.root().start(), span.start());
            lines.add((span.inProgress() ? "running, " + durationText(span) + " so far" : durationText(span))
                    + ", from " + TraceFormat.millis(offset)
                    + (onCriticalPath(span.id()) ? " · on the critical path" : ""));
            if (componentSplit != null) {
                Duration self = componentSplit.selfTimeBySpanId().get(span.id());
                if (self != null && !span.children().isEmpty()) {
                    lines.add("self time " + TraceFormat.millis(self));
                }
            }
        }
        AwsCall aws = span.aws();
        if (aws != null) {
            if (aws.operation() != null) {
                lines.add("operation " + aws.operation() + (aws.region() != null ? " in " + aws.region() : ""));
            }
            if (aws.bucketName() != null) {
                lines.add("bucket " + aws.bucketName() + (aws.key() != null ? ", key " + aws.key() : ""));
            }
            if (aws.tableName() != null) {
                lines.add("table " + aws.tableName());
            }
            if (aws.requestId() != null) {
                lines.add("request id " + aws.requestId());
            }
        }
        SqlCall sql = span.sql();
        if (sql != null) {
            String database = sql.databaseType() == null ? "database" : sql.databaseType()
                    + (sql.databaseVersion() != null ? " " + sql.databaseVersion() : "");
            lines.add(database + (sql.url() != null ? " at " + sql.url() : "")
                    + (sql.user() != null ? " as " + sql.user() : ""));
            if (sql.sanitizedQuery() != null) {
                lines.add(shorten(sql.sanitizedQuery(), 160));
            }
        }
        if (span.httpStatus() != null) {
            lines.add("HTTP " + span.httpStatus());
        }
        if (span.fault()) {
            lines.add("fault (server side)");
        } else if (span.throttle()) {
            lines.add("throttled");
        } else if (span.error()) {
            lines.add("error (client side)");
        }
        for (SpanException exception : span.exceptions()) {
            lines.add("exception " + (exception.type() == null ? "" : exception.type())
                    + (exception.message() == null ? "" : ": " + shorten(exception.message(), 200))
                    + (exception.remote() ? " (from the service)" : ""));
        }
        if (span.causeExceptionId() != null && current != null) {
            cause(current, span, span.causeExceptionId()).ifPresent(c -> lines.add("caused by " + c));
        }
        if (span.hasFlag(SpanFlag.ORPHAN)) {
            lines.add("its parent " + span.parentId() + " is not in the trace: shown under the root");
        }
        if (span.hasFlag(SpanFlag.STARTS_BEFORE_PARENT)) {
            lines.add("starts before its parent (clock skew?): drawn where it is");
        }
        if (span.hasFlag(SpanFlag.ENDS_AFTER_PARENT)) {
            lines.add("ends after its parent (clock skew, or not awaited): drawn where it is");
        }
        if (!span.annotations().isEmpty() && (current == null || span == current.root())) {
            StringBuilder annotations = new StringBuilder("annotations: ");
            span.annotations().forEach((k, v) -> annotations.append(k).append('=').append(shorten(v.text(), 40))
                    .append("  "));
            lines.add(shorten(annotations.toString().strip(), 300));
        }
        return String.join("\n", lines);
    }

    /** The exception a span's cause names: on the span or one of its descendants. */
    private static java.util.Optional<String> cause(SpanTree tree, Span span, String exceptionId) {
        Deque<Span> todo = new ArrayDeque<>();
        todo.push(span);
        while (!todo.isEmpty()) {
            Span s = todo.pop();
            for (SpanException e : s.exceptions()) {
                if (exceptionId.equals(e.id())) {
                    return java.util.Optional.of((e.type() == null ? "an exception" : e.type())
                            + (e.message() == null ? "" : ": " + shorten(e.message(), 160)) + " in " + s.name());
                }
            }
            s.children().forEach(todo::push);
        }
        return java.util.Optional.empty();
    }

    private static String shorten(String text, int max) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
    }

    public ReadOnlyObjectProperty<SpanTree> treeProperty() {
        return tree.getReadOnlyProperty();
    }

    /** The rows to draw, top to bottom (collapsed spans' children left out). */
    public ReadOnlyObjectProperty<List<WaterfallRow>> rowsProperty() {
        return rows.getReadOnlyProperty();
    }

    public List<WaterfallRow> rows() {
        return rows.get();
    }

    /** Where the selected trace's time went, largest first. */
    public ReadOnlyObjectProperty<List<SplitSegment>> splitProperty() {
        return split.getReadOnlyProperty();
    }

    /** The exact split (self time per span too). */
    public ComponentSplit componentSplit() {
        return componentSplit;
    }

    /** The time window the rows are laid out on. */
    public ReadOnlyObjectProperty<Window> windowProperty() {
        return window.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty zoomedProperty() {
        return zoomed.getReadOnlyProperty();
    }

    /** A line about the trace: action, user, duration, spans. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** What to show instead of (or over) the waterfall; empty when there is nothing to say. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
