package xraygallery.daemon.query;

import java.util.Objects;
import java.util.function.Predicate;
import xraygallery.daemon.model.TraceSummary;

/**
 * A compiled filter expression: tests one trace by its summary and, for the conditions that look at single
 * services and calls ({@code service("S3") { fault }}, {@code edge("a", "b")}), by its service-graph facts
 * ({@link xraygallery.daemon.trace.GraphFacts}), which stores read and pass only when {@link #readsGraphFacts()}.
 */
@FunctionalInterface
public interface TraceFilter {
    /** Matches every trace. */
    TraceFilter ALL = (summary, graphFacts) -> true;

    /**
     * True if the trace matches.
     *
     * @param summary the trace's summary
     * @param graphFacts the trace's graph facts; may be null when {@link #readsGraphFacts()} is false
     */
    boolean test(TraceSummary summary, String graphFacts);

    /** True if {@link #test} needs the graph facts; false lets a store skip reading them. */
    default boolean readsGraphFacts() {
        return false;
    }

    /** A filter over summaries only. */
    static TraceFilter of(Predicate<TraceSummary> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return (summary, graphFacts) -> predicate.test(summary);
    }
}
