package xraygallery.daemon.trace;

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

    public String traceId() {
        return summary.id();
    }

    /** The seconds encoded in a trace id {@code 1-<8 hex seconds>-<24 hex>}. */
    public static long epochOf(String traceId) {
        return Long.parseLong(traceId.substring(2, 10), 16);
    }
}
