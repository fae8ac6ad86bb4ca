package xraygallery.ui.traces;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import xraygallery.traceview.DaemonHealth;
import xraygallery.traceview.ServiceGraph;
import xraygallery.traceview.SpanTree;
import xraygallery.traceview.TraceQuery;
import xraygallery.traceview.TraceRow;
import xraygallery.traceview.TraceSource;
import xraygallery.traceview.TraceSourceException;
import xraygallery.traceview.TraceSourceFailedException;

/** A source for when there is none (no daemon could be started): every read says why. */
final class UnavailableTraceSource implements TraceSource {
    private final String reason;

    UnavailableTraceSource(String reason) {
        this.reason = reason;
    }

    private TraceSourceException failure() {
        return new TraceSourceFailedException(reason, false, null);
    }

    @Override
    public List<TraceRow> recentTraces(TraceQuery query) throws TraceSourceException {
        throw failure();
    }

    @Override
    public Optional<SpanTree> trace(String traceId) throws TraceSourceException {
        throw failure();
    }

    @Override
    public List<SpanTree> traces(List<String> traceIds) throws TraceSourceException {
        throw failure();
    }

    @Override
    public ServiceGraph serviceGraph(Instant from, Instant to) throws TraceSourceException {
        throw failure();
    }

    @Override
    public DaemonHealth daemonHealth() {
        return new DaemonHealth.NotAvailable(reason);
    }

    @Override
    public void close() {
    }
}
