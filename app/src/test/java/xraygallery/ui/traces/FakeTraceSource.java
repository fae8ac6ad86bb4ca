package xraygallery.ui.traces;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import xraygallery.traceview.DaemonHealth;
import xraygallery.traceview.ServiceGraph;
import xraygallery.traceview.SpanTree;
import xraygallery.traceview.TraceQuery;
import xraygallery.traceview.TraceRow;
import xraygallery.traceview.TraceSource;
import xraygallery.traceview.TraceSourceException;

/** A trace source held in memory: rows and trees put in by the test, failures on demand, calls counted. */
final class FakeTraceSource implements TraceSource {
    final Map<String, SpanTree> trees = new LinkedHashMap<>();
    final Map<String, TraceRow> rows = new LinkedHashMap<>();
    final List<TraceQuery> queries = new ArrayList<>();
    final List<List<String>> treeReads = new ArrayList<>();
    ServiceGraph graph;
    DaemonHealth health = new DaemonHealth.NotAvailable("fake");
    /** Thrown by every call while set. */
    TraceSourceException failure;
    /** Thrown by recentTraces for this filter expression. */
    String refusedFilter;
    TraceSourceException filterFailure;
    boolean closed;

    /** Adds a trace: its tree and its row. */
    FakeTraceSource add(SpanTree tree) {
        trees.put(tree.traceId(), tree);
        rows.put(tree.traceId(), Trees.row(tree));
        return this;
    }

    /** Adds a row without a tree (the tree has not arrived). */
    FakeTraceSource addRowOnly(TraceRow row) {
        rows.put(row.traceId(), row);
        return this;
    }

    @Override
    public List<TraceRow> recentTraces(TraceQuery query) throws TraceSourceException {
        queries.add(query);
        if (failure != null) {
            throw failure;
        }
        if (refusedFilter != null && refusedFilter.equals(query.filterExpression())) {
            throw filterFailure;
        }
        String filter = query.filterExpression();
        return rows.values().stream()
                .filter(r -> filter == null || matches(r, filter))
                .sorted(Comparator.comparing(TraceRow::start).thenComparing(TraceRow::traceId).reversed())
                .limit(query.limit()).toList();
    }

    /** Understands {@code annotation.action = "X"} (possibly followed by AND ...) and nothing else. */
    private static boolean matches(TraceRow row, String filter) {
        String prefix = "annotation.action = \"";
        if (filter.startsWith(prefix)) {
            String action = filter.substring(prefix.length(), filter.indexOf('"', prefix.length()));
            return action.equals(row.action());
        }
        return true;
    }

    @Override
    public Optional<SpanTree> trace(String traceId) throws TraceSourceException {
        treeReads.add(List.of(traceId));
        if (failure != null) {
            throw failure;
        }
        return Optional.ofNullable(trees.get(traceId));
    }

    @Override
    public List<SpanTree> traces(List<String> traceIds) throws TraceSourceException {
        treeReads.add(List.copyOf(traceIds));
        if (failure != null) {
            throw failure;
        }
        return traceIds.stream().map(trees::get).filter(t -> t != null).toList();
    }

    @Override
    public ServiceGraph serviceGraph(Instant from, Instant to) throws TraceSourceException {
        if (failure != null) {
            throw failure;
        }
        return graph == null ? new ServiceGraph(from, to, List.of(), List.of()) : graph;
    }

    @Override
    public DaemonHealth daemonHealth() throws TraceSourceException {
        if (failure != null) {
            throw failure;
        }
        return health;
    }

    @Override
    public void close() {
        closed = true;
    }
}
