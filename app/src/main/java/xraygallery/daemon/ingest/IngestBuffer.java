package xraygallery.daemon.ingest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import xraygallery.daemon.DaemonMetrics;

/**
 * The bounded queue between receivers and the writer, sized in bytes ({@code --buffer-mb}). {@link #offer} never
 * blocks: when the buffer is full it drops the oldest documents and counts them as spillover, as the AWS daemon
 * does with its ring buffer; the newest data is usually what the user is looking at.
 */
public final class IngestBuffer {
    private final long capacityBytes;
    private final DaemonMetrics metrics;
    private final ArrayDeque<SegmentDocument> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private long bytes;

    public IngestBuffer(long capacityBytes, DaemonMetrics metrics) {
        if (capacityBytes < SegmentDocument.MAX_DOCUMENT_BYTES * 2L) {
            throw new IllegalArgumentException("the ingest buffer must hold at least two documents of 64 KiB");
        }
        this.capacityBytes = capacityBytes;
        this.metrics = metrics;
    }

    /** Adds a document, dropping (and counting) the oldest ones if it would not fit. */
    public void offer(SegmentDocument document) {
        int size = document.footprint();
        int dropped = 0;
        lock.lock();
        try {
            while (bytes + size > capacityBytes && !queue.isEmpty()) {
                bytes -= queue.pollFirst().footprint();
                dropped++;
            }
            queue.addLast(document);
            bytes += size;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        if (dropped > 0) {
            metrics.spillover(dropped);
        }
    }

    /**
     * Waits up to {@code timeout} for a document, then takes up to {@code max} of them, oldest first. Returns an
     * empty list on timeout.
     */
    public List<SegmentDocument> take(int max, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty()) {
                if (nanos <= 0) {
                    return List.of();
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            int n = Math.min(max, queue.size());
            List<SegmentDocument> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                SegmentDocument document = queue.pollFirst();
                bytes -= document.footprint();
                batch.add(document);
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Documents waiting. */
    public int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes waiting (documents plus bookkeeping). */
    public long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    public long capacityBytes() {
        return capacityBytes;
    }
}
