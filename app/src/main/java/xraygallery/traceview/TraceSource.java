package xraygallery.traceview;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the trace panel reads traces: the bundled daemon or AWS X-Ray, through {@link XRayTraceSource}.
 * Every method blocks on the network: call it off the FX thread. Results are immutable values.
 */
public interface TraceSource extends AutoCloseable {

    /** Trace summaries in the query's range and filter, newest first, at most {@code query.limit()} of them. */
    List<TraceRow> recentTraces(TraceQuery query) throws TraceSourceException;

    /** One trace as a span tree; empty if the source does not have it (expired, or not arrived yet). */
    Optional<SpanTree> trace(String traceId) throws TraceSourceException;

    /** Several traces (for statistics over many); those the source does not have are left out. */
    List<SpanTree> traces(List<String> traceIds) throws TraceSourceException;

    /** The service graph of the traces in a time range. */
    ServiceGraph serviceGraph(Instant from, Instant to) throws TraceSourceException;

    /** The daemon's counters, or {@link DaemonHealth.NotAvailable} where there are none (AWS X-Ray). */
    DaemonHealth daemonHealth() throws TraceSourceException;

    /** Releases connections. */
    @Override
    void close();
}
