package xraygallery.daemon.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import xraygallery.daemon.segment.SegmentDocument;

/**
 * Decoded batches on their way from the {@link SegmentDecoder} to the {@link StorageWriter}: a few at most, so
 * that a writer that falls behind holds the decoder back and the backlog stays in the off-heap ingest buffer
 * (where it spills over, counted) instead of growing on the heap. Also counts the documents taken out of that
 * buffer and not yet written, so that "buffered" means everything received and not yet stored.
 */
public final class BatchHandoff {
    private static final int BATCHES = 4;

    private final BlockingQueue<List<SegmentDocument>> batches = new ArrayBlockingQueue<>(BATCHES);
    private final AtomicInteger inFlight = new AtomicInteger();

    /** {@code n} datagrams were taken out of the ingest buffer to be decoded. */
    void taken(int n) {
        inFlight.addAndGet(n);
    }

    /** {@code n} of them will not reach the writer (refused). */
    void dropped(int n) {
        inFlight.addAndGet(-n);
    }

    /** Hands a decoded batch on, waiting while the writer is {@value #BATCHES} batches behind. */
    void put(List<SegmentDocument> batch) throws InterruptedException {
        batches.put(batch);
    }

    /**
     * Waits up to {@code timeout} for a batch, then takes the others waiting too, up to about {@code max}
     * documents in all (one transaction for several small batches); an empty list on timeout.
     */
    List<SegmentDocument> take(int max, long timeout, TimeUnit unit) throws InterruptedException {
        List<SegmentDocument> first = batches.poll(timeout, unit);
        if (first == null) {
            return List.of();
        }
        if (first.size() >= max || batches.isEmpty()) {
            return first;
        }
        List<SegmentDocument> merged = new ArrayList<>(first);
        List<SegmentDocument> next;
        while (merged.size() < max && (next = batches.poll()) != null) {
            merged.addAll(next);
        }
        return merged;
    }

    /** {@code n} documents were handed to the sink (stored, or counted as failed there). */
    void written(int n) {
        inFlight.addAndGet(-n);
    }

    /** Documents taken from the ingest buffer and not yet written. */
    public int documents() {
        return inFlight.get();
    }
}
