package xraygallery.daemon.store;

import java.util.List;
import xraygallery.daemon.ingest.SegmentDocument;

/**
 * Takes batches of validated documents into storage. When {@link #accept} returns, the batch is durable (for a
 * durable store) and visible to {@link TraceStore#traces}. A failure throws {@link StoreException}; the caller
 * counts the batch as lost.
 */
@FunctionalInterface
public interface SegmentSink {
    void accept(List<SegmentDocument> batch);
}
