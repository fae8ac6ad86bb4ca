package xraygallery.daemon.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import xraygallery.daemon.model.Service;
import xraygallery.daemon.model.TraceSummary;
import xraygallery.daemon.segment.SegmentDocument;
import xraygallery.daemon.segment.SegmentSink;
import xraygallery.daemon.trace.AssembledTrace;
import xraygallery.daemon.trace.GraphFacts;
import xraygallery.daemon.trace.ServiceGraphBuilder;
import xraygallery.daemon.trace.TraceAssembler;
import xraygallery.daemon.trace.TraceRecord;
import xraygallery.daemon.trace.TraceSummarizer;

/**
 * The reference store: everything in memory, summaries computed at query time, at most {@code maxTraces}
 * traces (the least recently updated go first). Simple enough to be obviously right; the contract test holds
 * the SQLite store to the same behaviour.
 */
public final class InMemoryTraceStorage implements TraceStorage, SegmentSink, TraceStore {
    private final Clock clock;
    private final int maxTraces;
    /** trace id → its documents, least recently updated first. */
    private final LinkedHashMap<String, Held> traces = new LinkedHashMap<>();
    private boolean closed;

    private static final class Held {
        final Map<String, SegmentDocument> documents = new LinkedHashMap<>();
        Instant updated;
        int revision;
    }

    public InMemoryTraceStorage(Clock clock, int maxTraces) {
        this.clock = clock;
        this.maxTraces = maxTraces;
    }

    @Override
    public SegmentSink sink() {
        return this;
    }

    @Override
    public TraceStore store() {
        return this;
    }

    @Override
    public synchronized void accept(List<SegmentDocument> batch) {
        check();
        Instant now = clock.instant();
        for (SegmentDocument document : batch) {
            Held held = traces.remove(document.traceId()); // re-inserted last: most recently updated
            if (held == null) {
                held = new Held();
            }
            traces.put(document.traceId(), held);
            SegmentDocument previous = held.documents.get(document.id());
            if (previous != null && !previous.inProgress() && document.inProgress()) {
                continue;
            }
            held.documents.remove(document.id()); // re-insert: arrival order decides ties in assembly
            held.documents.put(document.id(), document);
            held.updated = now;
            held.revision++;
        }
        while (traces.size() > maxTraces) {
            traces.remove(traces.keySet().iterator().next());
        }
    }

    @Override
    public synchronized SummaryPage summaries(SummaryQuery query) {
        List<TraceRecord> inRange = new ArrayList<>();
        for (String traceId : traces.keySet().toArray(String[]::new)) {
            TraceRecord record = record(traceId);
            double time = sortTime(record, query.rangeType());
            if (time >= query.startTime() && time <= query.endTime()
                    && (query.after() == null || query.after().isBefore(time, traceId))) {
                inRange.add(record);
            }
        }
        inRange.sort(Comparator.comparingDouble((TraceRecord r) -> sortTime(r, query.rangeType()))
                .thenComparing(TraceRecord::traceId).reversed());
        List<TraceSummary> page = new ArrayList<>();
        long processed = 0;
        SummaryQuery.Cursor next = null;
        for (TraceRecord record : inRange) {
            processed++;
            if (query.filter().test(record.summary(), record.graphFacts())) {
                page.add(record.summary());
            }
            if (page.size() == query.pageSize() || processed == query.scanLimit()) {
                if (processed < inRange.size()) {
                    next = new SummaryQuery.Cursor(sortTime(record, query.rangeType()), record.traceId());
                }
                break;
            }
        }
        return new SummaryPage(page, processed, next);
    }

    static double sortTime(TraceRecord record, TimeRangeType type) {
        return type == TimeRangeType.TraceId ? record.traceIdEpoch() : record.endTime();
    }

    @Override
    public synchronized List<AssembledTrace> traces(Collection<String> traceIds) {
        List<AssembledTrace> found = new ArrayList<>();
        for (String traceId : traceIds) {
            Held held = peek(traceId);
            if (held != null) {
                found.add(TraceAssembler.assemble(traceId,
                        held.documents.values().stream().map(SegmentDocument::json).toList()));
            }
        }
        return found;
    }

    @Override
    public synchronized List<Service> serviceGraph(double startTime, double endTime) {
        ServiceGraphBuilder graph = new ServiceGraphBuilder();
        for (String traceId : traces.keySet().toArray(String[]::new)) {
            TraceRecord record = record(traceId);
            if (record.endTime() >= startTime && record.startTime() <= endTime) {
                GraphFacts.replay(record.graphFacts(), graph);
            }
        }
        return graph.build();
    }

    @Override
    public synchronized List<Service> traceGraph(Collection<String> traceIds) {
        ServiceGraphBuilder graph = new ServiceGraphBuilder();
        for (String traceId : traceIds) {
            if (peek(traceId) != null) {
                GraphFacts.replay(record(traceId).graphFacts(), graph);
            }
        }
        return graph.build();
    }

    private TraceRecord record(String traceId) {
        Held held = peek(traceId);
        AssembledTrace assembled = TraceAssembler.assemble(traceId,
                held.documents.values().stream().map(SegmentDocument::json).toList());
        return TraceSummarizer.summarize(assembled, held.revision);
    }

    private Held peek(String traceId) {
        return traces.get(traceId);
    }

    @Override
    public void maintain(Instant now) {
        // summaries are computed at query time
    }

    @Override
    public void flush() {
        // nothing is pending
    }

    @Override
    public synchronized long enforceRetention(Instant now, Duration maxAge, long maxBytes) {
        long deleted = 0;
        double cutoff = now.minus(maxAge).toEpochMilli() / 1000.0;
        List<TraceRecord> byAge = new ArrayList<>();
        for (String traceId : traces.keySet().toArray(String[]::new)) {
            byAge.add(record(traceId));
        }
        byAge.sort(Comparator.comparingDouble(TraceRecord::endTime));
        for (TraceRecord record : byAge) {
            if (record.endTime() < cutoff || bytes() > maxBytes) {
                traces.remove(record.traceId());
                deleted++;
            }
        }
        return deleted;
    }

    private long bytes() {
        long total = 0;
        for (Held held : traces.values()) {
            for (SegmentDocument document : held.documents.values()) {
                total += document.json().length;
            }
        }
        return total;
    }

    @Override
    public synchronized StorageStats stats() {
        return new StorageStats(traces.size(), bytes(), false);
    }

    @Override
    public synchronized void check() {
        if (closed) {
            throw new StoreException("the store is closed", null);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        traces.clear();
    }
}
