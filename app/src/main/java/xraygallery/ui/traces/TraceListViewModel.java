package xraygallery.ui.traces;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import xraygallery.traceview.TraceRow;

/**
 * The live list of recent traces, newest first, and what selects them: the filter expression (with its syntax
 * error and position), presets and the time range. Refreshes merge into the same row objects, so the selection
 * and the scroll position survive them.
 */
public final class TraceListViewModel {
    /**
     * A filter the source refused.
     *
     * @param expression the expression
     * @param message the source's message
     * @param position the 1-based position of the error, or -1 when not known
     */
    public record FilterError(String expression, String message, int position) {
    }

    /** A ready-made filter. */
    public record Preset(String name, String expression) {
    }

    private final ObservableList<TraceListItem> items = FXCollections.observableArrayList();
    private final ObservableList<TraceListItem> readOnlyItems = FXCollections.unmodifiableObservableList(items);
    private final Map<String, TraceListItem> byId = new HashMap<>();
    private final ObjectProperty<TraceListItem> selected = new SimpleObjectProperty<>();
    private final StringProperty filterText = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper appliedFilter = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<FilterError> filterError = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<TimeRange> range = new SimpleObjectProperty<>(TimeRange.HOUR);
    private final List<Preset> presets;

    TraceListViewModel(String currentUser) {
        List<Preset> list = new ArrayList<>();
        list.add(new Preset("Slow uploads (over 1 s)", "annotation.action = \"upload\" AND responsetime > 1"));
        list.add(new Preset("Faults and errors", "fault OR error"));
        if (currentUser != null && !currentUser.isBlank()) {
            list.add(new Preset("My actions", "annotation.user = \"" + currentUser.replace("\"", "") + "\""));
        }
        list.add(new Preset("S3 faults", "service(\"S3\") { fault }"));
        list.add(new Preset("Throttled", "throttle"));
        list.add(new Preset("All traces", ""));
        this.presets = List.copyOf(list);
        filterText.addListener((o, was, now) -> {
            FilterError error = filterError.get();
            if (error != null && !error.expression().equals(now)) {
                filterError.set(null);
            }
        });
    }

    /**
     * Merges a fresh page of rows (newest first): rows still listed are updated in place, new ones inserted where
     * they belong, rows gone removed. Returns how many rows were inserted above the first row kept.
     */
    int merge(List<TraceRow> rows, Instant now) {
        Set<String> fresh = new HashSet<>(rows.size() * 2);
        for (TraceRow row : rows) {
            fresh.add(row.traceId());
        }
        List<TraceListItem> gone = new ArrayList<>();
        for (TraceListItem item : items) {
            if (!fresh.contains(item.traceId())) {
                gone.add(item);
            }
        }
        if (!gone.isEmpty()) {
            gone.forEach(item -> byId.remove(item.traceId()));
            if (gone.size() == items.size()) {
                items.clear();
            } else {
                items.removeAll(gone);
            }
        }
        // the kept items are still in start order, so new ones go in where the fresh order puts them
        int insertedAbove = 0;
        boolean seenKept = false;
        List<TraceListItem> pending = new ArrayList<>();
        int at = 0;
        for (TraceRow row : rows) {
            TraceListItem existing = byId.get(row.traceId());
            if (existing != null) {
                if (!pending.isEmpty()) {
                    items.addAll(at, pending);
                    at += pending.size();
                    if (!seenKept) {
                        insertedAbove += pending.size();
                    }
                    pending.clear();
                }
                existing.update(row, now);
                int index = indexFrom(existing, at);
                at = index + 1;
                seenKept = true;
            } else {
                TraceListItem item = new TraceListItem(row, now);
                byId.put(item.traceId(), item);
                pending.add(item);
            }
        }
        if (!pending.isEmpty()) {
            items.addAll(at, pending);
            if (!seenKept) {
                insertedAbove += pending.size();
            }
        }
        if (selected.get() != null && !byId.containsKey(selected.get().traceId())) {
            selected.set(null);
        }
        return seenKept ? insertedAbove : 0;
    }

    /** The item's index, looking from {@code from} on (it is usually right there). */
    private int indexFrom(TraceListItem item, int from) {
        for (int i = from; i < items.size(); i++) {
            if (items.get(i) == item) {
                return i;
            }
        }
        return items.indexOf(item);
    }

    void clearRows() {
        items.clear();
        byId.clear();
        selected.set(null);
    }

    /** The row of a trace, or null. */
    public TraceListItem item(String traceId) {
        return byId.get(traceId);
    }

    void setAppliedFilter(String expression) {
        appliedFilter.set(expression == null ? "" : expression);
        filterError.set(null);
    }

    void setFilterError(FilterError error) {
        filterError.set(error);
    }

    /** The rows, newest first. */
    public ObservableList<TraceListItem> items() {
        return readOnlyItems;
    }

    /** The selected row (the table and the view-model set it). */
    public ObjectProperty<TraceListItem> selectedProperty() {
        return selected;
    }

    /** The filter expression being typed. */
    public StringProperty filterTextProperty() {
        return filterText;
    }

    /** The filter the list shows now ("" for none). */
    public ReadOnlyStringProperty appliedFilterProperty() {
        return appliedFilter.getReadOnlyProperty();
    }

    /** The last filter's syntax error, or null. */
    public ReadOnlyObjectProperty<FilterError> filterErrorProperty() {
        return filterError.getReadOnlyProperty();
    }

    public ObjectProperty<TimeRange> rangeProperty() {
        return range;
    }

    public List<Preset> presets() {
        return presets;
    }
}
