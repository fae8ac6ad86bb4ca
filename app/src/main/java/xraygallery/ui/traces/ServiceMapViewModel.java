package xraygallery.ui.traces;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import xraygallery.traceview.CallStats;
import xraygallery.traceview.Component;
import xraygallery.traceview.ServiceGraph;
import xraygallery.traceview.Span;
import xraygallery.traceview.SpanTree;
import xraygallery.ui.common.BackgroundTask;

/**
 * The service map of the list's time range ({@code GetServiceGraph}): the app on the left, the services it calls
 * in a column on the right, each call edge with its count, average and p95 latency, error and fault shares. Local
 * work (resize_image) is no service and is not in the graph; it is added from the traces already read, marked as
 * local. Clicking a service filters the list to the traces that went through it.
 */
public final class ServiceMapViewModel {
    /**
     * A node, placed on a unit square (x, y in 0..1).
     *
     * @param key unique in the map
     * @param name the service's name
     * @param type its X-Ray type, or null
     * @param kind what kind of node
     * @param local local work inside the app, from the trace trees (not from the service graph)
     * @param x where, 0 left .. 1 right
     * @param y where, 0 top .. 1 bottom
     * @param stats a line about its calls
     * @param faultShare its share of faults
     * @param errorShare its share of errors and throttles
     * @param filter the filter expression clicking it applies, or null
     */
    public record MapNode(String key, String name, String type, ServiceGraph.NodeKind kind, boolean local, double x,
            double y, String stats, double faultShare, double errorShare, String filter) {
        public boolean faulty() {
            return faultShare > 0;
        }
    }

    /**
     * Calls from one node to another.
     *
     * @param from the caller's key
     * @param to the called node's key
     * @param label count, average, p95, error and fault shares
     * @param faultShare faults among the calls
     * @param errorShare errors and throttles among the calls
     * @param local a call to local work (drawn dashed)
     */
    public record MapEdge(String from, String to, String label, double faultShare, double errorShare, boolean local) {
    }

    private final PanelContext context;
    private final Consumer<String> applyFilter;
    private final ReadOnlyObjectWrapper<List<MapNode>> nodes = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyObjectWrapper<List<MapEdge>> edges = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ServiceGraph> graph = new ReadOnlyObjectWrapper<>();
    private boolean loading;

    ServiceMapViewModel(PanelContext context, Consumer<String> applyFilter) {
        this.context = context;
        this.applyFilter = applyFilter;
    }

    /** Reads the graph of the list's range again (skipped while a read is under way). */
    public void refresh() {
        if (loading) {
            return;
        }
        loading = true;
        var query = context.listQuery();
        BackgroundTask.of(() -> context.source().serviceGraph(query.from(), query.to()))
                .onSuccess(read -> show(read, query.from(), query.to()))
                .onFailure(error -> status.set(TraceMessages.describe(error, context.sourceName())))
                .onFinished(() -> loading = false)
                .executeWith(context.tasks());
    }

    void show(ServiceGraph read, Instant from, Instant to) {
        graph.set(read);
        List<ServiceGraph.Node> left = new ArrayList<>();
        List<ServiceGraph.Node> right = new ArrayList<>();
        java.util.Set<Integer> called = new java.util.HashSet<>();
        read.edges().forEach(e -> called.add(e.toReferenceId()));
        for (ServiceGraph.Node node : read.nodes()) {
            boolean app = node.root() || node.kind() == ServiceGraph.NodeKind.CLIENT
                    || (node.kind() == ServiceGraph.NodeKind.APPLICATION && !called.contains(node.referenceId()));
            (app ? left : right).add(node);
        }
        right.sort(Comparator.comparing((ServiceGraph.Node n) -> n.kind()).thenComparing(ServiceGraph.Node::name));
        Map<String, Integer> nameCounts = new HashMap<>();
        read.nodes().forEach(n -> nameCounts.merge(n.name(), 1, Integer::sum));
        LocalWork local = localWork(left, from, to);
        int rightCount = right.size() + (local == null ? 0 : 1);
        List<MapNode> placed = new ArrayList<>();
        for (int i = 0; i < left.size(); i++) {
            placed.add(node(left.get(i), 0.0, (i + 1.0) / (left.size() + 1), nameCounts));
        }
        int slot = 0;
        if (local != null) {
            placed.add(new MapNode("local:resize_image", "resize_image", null, ServiceGraph.NodeKind.APPLICATION,
                    true, 1.0, (slot + 1.0) / (rightCount + 1), local.label(), local.faultShare(), 0, null));
            slot++;
        }
        for (ServiceGraph.Node node : right) {
            placed.add(node(node, 1.0, (slot + 1.0) / (rightCount + 1), nameCounts));
            slot++;
        }
        List<MapEdge> lines = new ArrayList<>();
        for (ServiceGraph.Edge edge : read.edges()) {
            CallStats s = edge.stats();
            lines.add(new MapEdge("ref:" + edge.fromReferenceId(), "ref:" + edge.toReferenceId(), calls(s),
                    s.faultShare(), s.errorShare() + s.throttleShare(), false));
        }
        if (local != null) {
            for (ServiceGraph.Node app : left) {
                if (local.apps().contains(app.name())) {
                    lines.add(new MapEdge("ref:" + app.referenceId(), "local:resize_image", local.edgeLabel(),
                            local.faultShare(), 0, true));
                }
            }
        }
        nodes.set(List.copyOf(placed));
        edges.set(List.copyOf(lines));
        status.set(read.nodes().isEmpty() ? "No traces in the range." : "");
    }

    private MapNode node(ServiceGraph.Node node, double x, double y, Map<String, Integer> nameCounts) {
        CallStats s = node.stats();
        String filter = nameCounts.getOrDefault(node.name(), 0) > 1 && node.type() != null
                ? "service(id(name: \"" + node.name() + "\", type: \"" + node.type() + "\"))"
                : "service(\"" + node.name() + "\")";
        return new MapNode("ref:" + node.referenceId(), node.name(), node.type(), node.kind(), false, x, y,
                s.count() == 0 ? "" : calls(s), s.faultShare(), s.errorShare() + s.throttleShare(), filter);
    }

    /** "12 calls · avg 35 ms · p95 80 ms · errors 8% · faults 17%". */
    static String calls(CallStats s) {
        StringBuilder text = new StringBuilder();
        text.append(TraceFormat.count(s.count())).append(s.count() == 1 ? " call" : " calls");
        if (s.average() != null) {
            text.append(" · avg ").append(TraceFormat.millis(s.average()));
        }
        if (s.p95() != null) {
            text.append(" · p95 ").append(TraceFormat.millis(s.p95()));
        }
        if (s.errors() + s.throttles() > 0) {
            text.append(" · errors ").append(TraceFormat.percent(s.errorShare() + s.throttleShare()));
        }
        if (s.faults() > 0) {
            text.append(" · faults ").append(TraceFormat.percent(s.faultShare()));
        }
        return text.toString();
    }

    /** Resize work found in the trees already read that started in the range. */
    private record LocalWork(java.util.Set<String> apps, int traces, int count, Duration average, Duration p95,
            double faultShare) {
        String label() {
            return "local work in the app · " + edgeLabel();
        }

        String edgeLabel() {
            return TraceFormat.count(count) + (count == 1 ? " call" : " calls") + " · avg " + TraceFormat.millis(average)
                    + " · p95 " + TraceFormat.millis(p95) + (faultShare > 0 ? " · faults " + TraceFormat.percent(faultShare)
                    : "") + " · from " + traces + (traces == 1 ? " trace read" : " traces read");
        }
    }

    private LocalWork localWork(List<ServiceGraph.Node> apps, Instant from, Instant to) {
        List<Long> nanos = new ArrayList<>();
        java.util.Set<String> appNames = new java.util.HashSet<>();
        int traces = 0;
        int faults = 0;
        for (SpanTree tree : context.cache().all()) {
            if (tree.root().start().isBefore(from) || tree.root().start().isAfter(to)) {
                continue;
            }
            boolean any = false;
            for (Span span : tree.spans()) {
                if (span.component() == Component.RESIZE && span.duration() != null) {
                    nanos.add(span.duration().toNanos());
                    faults += span.fault() ? 1 : 0;
                    any = true;
                }
            }
            if (any) {
                traces++;
                appNames.add(tree.root().name());
            }
        }
        if (nanos.isEmpty() || apps.stream().noneMatch(a -> appNames.contains(a.name()))) {
            return null;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        long sum = 0;
        for (long n : sorted) {
            sum += n;
        }
        int p95Index = (int) Math.ceil(0.95 * sorted.length) - 1;
        return new LocalWork(appNames, traces, sorted.length, Duration.ofNanos(sum / sorted.length),
                Duration.ofNanos(sorted[Math.max(0, p95Index)]), (double) faults / sorted.length);
    }

    /** Filters the list to the traces through this node (nothing for local work). */
    public void select(MapNode node) {
        if (node.filter() != null) {
            applyFilter.accept(node.filter());
        }
    }

    public ReadOnlyObjectProperty<List<MapNode>> nodesProperty() {
        return nodes.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<MapEdge>> edgesProperty() {
        return edges.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ServiceGraph> graphProperty() {
        return graph.getReadOnlyProperty();
    }

    /** Why the map is empty or stale, or "". */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
