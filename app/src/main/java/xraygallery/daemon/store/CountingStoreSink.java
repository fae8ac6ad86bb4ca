package xraygallery.daemon.store;

import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.daemon.DaemonMetrics;
import xraygallery.daemon.LogThrottle;
import xraygallery.daemon.segment.SegmentDocument;
import xraygallery.daemon.segment.SegmentSink;

/**
 * The store as the writer's sink: a batch the store takes counts as stored; a batch it refuses counts as lost and
 * is said in the log (at most once every 10 s), and the writer goes on.
 */
public final class CountingStoreSink implements SegmentSink {
    private static final Logger LOG = LoggerFactory.getLogger(CountingStoreSink.class);

    private final SegmentSink store;
    private final DaemonMetrics metrics;
    private final LogThrottle failureLog = new LogThrottle(10_000_000_000L);

    public CountingStoreSink(TraceStorage storage, DaemonMetrics metrics) {
        this.store = Objects.requireNonNull(storage, "storage").sink();
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void accept(List<SegmentDocument> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            store.accept(batch);
            metrics.stored(batch.size());
        } catch (StoreException e) {
            metrics.storeFailed(batch.size());
            if (failureLog.pass() >= 0) {
                LOG.error("lost {} documents: {}", batch.size(), e.getMessage());
            }
        }
    }
}
