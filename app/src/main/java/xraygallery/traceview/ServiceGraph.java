package xraygallery.traceview;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The services the app's traces went through in a time range, and the calls between them.
 *
 * @param from start of the range
 * @param to end of the range
 * @param nodes the services
 * @param edges the calls, each from one node to another
 */
public record ServiceGraph(Instant from, Instant to, List<Node> nodes, List<Edge> edges) {

    public ServiceGraph {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    public Optional<Node> node(int referenceId) {
        return nodes.stream().filter(n -> n.referenceId() == referenceId).findFirst();
    }

    public Optional<Node> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** The edge between two named services. */
    public Optional<Edge> edge(String fromName, String toName) {
        Optional<Node> source = node(fromName);
        Optional<Node> target = node(toName);
        if (source.isEmpty() || target.isEmpty()) {
            return Optional.empty();
        }
        return edges.stream().filter(e -> e.fromReferenceId() == source.get().referenceId()
                && e.toReferenceId() == target.get().referenceId()).findFirst();
    }

    /**
     * A service.
     *
     * @param referenceId its number in this graph
     * @param name its name ({@code xray-gallery}, {@code S3}, {@code photos@127.0.0.1})
     * @param type X-Ray's type ({@code AWS::S3}, {@code Database::SQL}, {@code client}, an origin such as
     *     {@code AWS::EC2::Instance}), or null for an application without an origin
     * @param kind what kind of node to draw
     * @param root whether traces start here
     * @param stats its own calls (how it answered)
     */
    public record Node(int referenceId, String name, String type, NodeKind kind, boolean root, CallStats stats) {
        public Node {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(stats, "stats");
        }
    }

    /**
     * Calls from one service to another.
     *
     * @param fromReferenceId the caller
     * @param toReferenceId the called service
     * @param stats how those calls went
     */
    public record Edge(int fromReferenceId, int toReferenceId, CallStats stats) {
        public Edge {
            Objects.requireNonNull(stats, "stats");
        }
    }

    /** What kind of node a service is, from its X-Ray type. */
    public enum NodeKind {
        /** The caller of the entry points ({@code client}). */
        CLIENT,
        /** A traced application (no type, or an origin like {@code AWS::EC2::Instance}). */
        APPLICATION,
        /** An AWS service called through the SDK ({@code AWS::S3}). */
        AWS_SERVICE,
        /** A database called through JDBC ({@code Database::SQL}). */
        DATABASE,
        /** Another remote service ({@code remote}). */
        REMOTE;

        public static NodeKind ofType(String type) {
            if (type == null || type.isEmpty()) {
                return APPLICATION;
            }
            String lower = type.toLowerCase(Locale.ROOT);
            if (lower.equals("client") || lower.equals("user")) {
                return CLIENT;
            }
            if (lower.startsWith("database::")) {
                return DATABASE;
            }
            if (lower.equals("remote")) {
                return REMOTE;
            }
            if (lower.startsWith("aws::")) {
                // AWS::S3 is an inferred service; AWS::EC2::Instance, AWS::Lambda::Function are applications
                return type.split("::").length == 2 ? AWS_SERVICE : APPLICATION;
            }
            return APPLICATION;
        }
    }
}
