package xraygallery.daemon.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import xraygallery.daemon.model.Edge;
import xraygallery.daemon.model.HistogramEntry;
import xraygallery.daemon.model.Service;
import xraygallery.daemon.model.Statistics;

/**
 * Accumulates service-graph nodes and edges (replayed from traces' {@link GraphFacts}), then renders X-Ray
 * {@link Service} nodes with reference ids. Not thread-safe.
 *
 * <p>Histogram values are response times rounded to two significant digits, so a graph over many traces keeps
 * a bounded number of entries.
 */
public final class ServiceGraphBuilder {
    /** A node's identity: services with the same name and type are one node. */
    public record Key(String name, String type) {
    }

    private final Map<Key, Node> nodes = new LinkedHashMap<>();

    /** Records one completed (outcome non-null) or in-progress (null) occurrence of a service. */
    public void service(Key key, boolean root, double start, double end, Outcome outcome) {
        Node node = node(key);
        node.root |= root;
        node.span(start, end);
        if (outcome != null) {
            double seconds = Math.max(0, end - start);
            node.stats.add(outcome, seconds);
            bump(node.responseTimes, seconds, 1);
            bump(node.durations, seconds, 1);
        }
    }

    /** Records one completed (outcome non-null) or in-progress (null) call from one node to another. */
    public void call(Key from, Key to, double start, double end, Outcome outcome) {
        node(to);
        Link link = node(from).edges.computeIfAbsent(to, k -> new Link());
        link.span(start, end);
        if (outcome != null) {
            double seconds = Math.max(0, end - start);
            link.stats.add(outcome, seconds);
            bump(link.responseTimes, seconds, 1);
        }
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    /** The nodes, numbered 0.. in the order they were first seen, edges pointing at those numbers. */
    public List<Service> build() {
        Map<Key, Integer> references = new HashMap<>();
        int next = 0;
        for (Key key : nodes.keySet()) {
            references.put(key, next++);
        }
        List<Service> services = new ArrayList<>(nodes.size());
        for (Map.Entry<Key, Node> entry : nodes.entrySet()) {
            Key key = entry.getKey();
            Node node = entry.getValue();
            List<Edge> edges = new ArrayList<>();
            for (Map.Entry<Key, Link> link : node.edges.entrySet()) {
                Link l = link.getValue();
                edges.add(new Edge(references.get(link.getKey()), l.startOrNull(), l.endOrNull(), l.stats.render(),
                        histogram(l.responseTimes), List.of()));
            }
            services.add(new Service(references.get(key), key.name(), List.of(key.name()), node.root, null,
                    key.type(), "active", node.startOrNull(), node.endOrNull(), edges, node.stats.render(),
                    histogram(node.durations), histogram(node.responseTimes)));
        }
        return services;
    }

    private Node node(Key key) {
        return nodes.computeIfAbsent(key, k -> new Node());
    }

    private static void bump(Map<Double, Integer> histogram, double seconds, int count) {
        histogram.merge(bucket(seconds), count, Integer::sum);
    }

    /** {@code seconds} rounded to two significant digits (0.123 → 0.12, 1.87 → 1.9). */
    static double bucket(double seconds) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            return 0;
        }
        int exponent = (int) Math.floor(Math.log10(seconds));
        if (exponent >= 1) {
            double unit = Math.pow(10, exponent - 1);
            return Math.round(seconds / unit) * unit;
        }
        double scale = Math.pow(10, 1 - exponent); // exact: a power of ten, divided by exactly
        return Math.round(seconds * scale) / scale;
    }

    private static List<HistogramEntry> histogram(Map<Double, Integer> counts) {
        List<HistogramEntry> entries = new ArrayList<>(counts.size());
        new TreeMap<>(counts).forEach((value, count) -> entries.add(new HistogramEntry(value, count)));
        return entries;
    }

    private static class Span {
        double start = Double.POSITIVE_INFINITY;
        double end = Double.NEGATIVE_INFINITY;

        void span(Double from, Double to) {
            if (from != null && from < start) {
                start = from;
            }
            if (to != null && to > end) {
                end = to;
            }
        }

        Double startOrNull() {
            return Double.isInfinite(start) ? null : start;
        }

        Double endOrNull() {
            return Double.isInfinite(end) ? null : end;
        }
    }

    private static final class Node extends Span {
        boolean root;
        final Tally stats = new Tally();
        final Map<Double, Integer> responseTimes = new HashMap<>();
        final Map<Double, Integer> durations = new HashMap<>();
        final Map<Key, Link> edges = new LinkedHashMap<>();
    }

    private static final class Link extends Span {
        final Tally stats = new Tally();
        final Map<Double, Integer> responseTimes = new HashMap<>();
    }

    private static final class Tally {
        long ok;
        long throttle;
        long errorOther;
        long faultOther;
        double totalResponseTime;

        void add(Outcome outcome, double seconds) {
            switch (outcome) {
                case OK -> ok++;
                case THROTTLE -> throttle++;
                case ERROR -> errorOther++;
                case FAULT -> faultOther++;
                default -> throw new IllegalStateException();
            }
            totalResponseTime += seconds;
        }

        Statistics render() {
            return new Statistics(ok, new Statistics.ErrorStatistics(throttle, errorOther, throttle + errorOther),
                    new Statistics.FaultStatistics(faultOther, faultOther), ok + throttle + errorOther + faultOther,
                    totalResponseTime);
        }
    }
}
