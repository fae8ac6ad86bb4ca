package xraygallery.daemon.store;

import java.time.Duration;
import java.time.Instant;
import xraygallery.daemon.segment.SegmentDocument;
import xraygallery.daemon.segment.SegmentSink;

/**
 * A trace store component: where documents go in ({@link #sink()}), where queries go ({@link #store()}), plus
 * upkeep. {@link #sink()} and the upkeep methods are meant for one writer thread; queries may run on any.
 */
public interface TraceStorage extends AutoCloseable {

    SegmentSink sink();

    TraceStore store();

    /**
     * Optional work on a document before it is written, run on the decoding thread (in parallel with the one
     * writer): a store may precompute what it will need. Must be cheap to skip and must not fail.
     */
    default SegmentDocument prepare(SegmentDocument document) {
        return document;
    }

    /**
     * Periodic upkeep, called by the writer between batches: recomputes summaries of traces that changed and
     * have settled. Cheap when there is nothing to do.
     */
    void maintain(Instant now);

    /** Brings every summary and graph up to date now (tests, shutdown). */
    void flush();

    /**
     * Deletes traces whose last event (end time) is before {@code now - maxAge}, then the oldest traces (by last
     * event) until the store uses at most {@code maxBytes}. Returns how many traces were deleted.
     */
    long enforceRetention(Instant now, Duration maxAge, long maxBytes);

    StorageStats stats();

    /** Throws {@link StoreException} if the store cannot be used. */
    void check();

    @Override
    void close();
}
