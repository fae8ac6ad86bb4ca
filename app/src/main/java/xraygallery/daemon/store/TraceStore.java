package xraygallery.daemon.store;

import java.util.Collection;
import java.util.List;
import xraygallery.daemon.model.Service;
import xraygallery.daemon.trace.AssembledTrace;

/** Queries over stored traces: what the X-Ray API needs. Safe to call from many threads. */
public interface TraceStore {

    /** Summaries of traces in a time range, newest first, one page at a time. */
    SummaryPage summaries(SummaryQuery query);

    /** The assembled traces for these ids; unknown ids are left out. */
    List<AssembledTrace> traces(Collection<String> traceIds);

    /** The service graph of all traces active between the two times (epoch seconds). */
    List<Service> serviceGraph(double startTime, double endTime);

    /** The service graph of the given traces only. */
    List<Service> traceGraph(Collection<String> traceIds);
}
