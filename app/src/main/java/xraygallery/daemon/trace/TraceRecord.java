package xraygallery.daemon.trace;

import java.util.List;
import xraygallery.daemon.model.Service;
import xraygallery.daemon.model.TraceSummary;

/**
 * What the store keeps about a trace besides its documents.
 *
 * @param summary the API's TraceSummary
 * @param startTime earliest start time of any document (epoch seconds)
 * @param endTime latest time any entity of the trace ended or, if in progress, started (its "update time")
 * @param traceIdEpoch the epoch seconds encoded in the trace id
 * @param graphFacts this trace's contribution to service graphs ({@link GraphFacts})
 */
public record TraceRecord(TraceSummary summary, double startTime, double endTime, long traceIdEpoch,
        String graphFacts) {

    /** This trace's service graph on its own. */
    public List<Service> graph() {
        ServiceGraphBuilder builder = new ServiceGraphBuilder();
        GraphFacts.replay(graphFacts, builder);
        return builder.build();
    }

    public String traceId() {
        return summary.id();
    }

    /** The seconds encoded in a trace id {@code 1-<8 hex seconds>-<24 hex>}. */
    public static long epochOf(String traceId) {
        return Long.parseLong(traceId.substring(2, 10), 16);
    }
}
