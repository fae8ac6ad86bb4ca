package xraygallery.daemon.ingest;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.daemon.DaemonMetrics;
import xraygallery.daemon.segment.InvalidSegmentException;
import xraygallery.daemon.segment.SegmentDocument;

/**
 * The door every document comes through, from UDP or from PutTraceSegments: counts it, validates it, and
 * either puts it in the ingest buffer or counts the rejection (and logs one line about it at most every 10 s,
 * so a misbehaving client cannot flood the log, but never silently).
 */
public final class Intake {
    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);
    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final IngestBuffer buffer;
    private final DaemonMetrics metrics;
    private final java.util.function.UnaryOperator<SegmentDocument> prepare;
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    private final AtomicLong unlogged = new AtomicLong();

    public Intake(IngestBuffer buffer, DaemonMetrics metrics) {
        this(buffer, metrics, java.util.function.UnaryOperator.identity());
    }

    /**
     * @param prepare run on the receiving thread on each valid document before it is buffered (the store
     *     precomputes summaries there, so that work is spread over the receivers instead of the one writer)
     */
    public Intake(IngestBuffer buffer, DaemonMetrics metrics, java.util.function.UnaryOperator<SegmentDocument> prepare) {
        this.buffer = buffer;
        this.metrics = metrics;
        this.prepare = prepare;
    }

    /** A datagram: header, newline, document. */
    public void datagram(byte[] data, int offset, int length) {
        metrics.received(1);
        try {
            buffer.offer(prepare.apply(DatagramDecoder.decode(data, offset, length)));
        } catch (InvalidSegmentException e) {
            reject(e, "a " + length + "-byte datagram");
        }
    }

    /** A document from PutTraceSegments; throws so the API can report it as unprocessed. */
    public SegmentDocument document(byte[] json) throws InvalidSegmentException {
        metrics.received(1);
        try {
            SegmentDocument document = prepare.apply(SegmentDocument.parse(json));
            buffer.offer(document);
            return document;
        } catch (InvalidSegmentException e) {
            reject(e, "a PutTraceSegments document");
            throw e;
        }
    }

    private void reject(InvalidSegmentException e, String what) {
        metrics.rejected(e.reason(), e.getMessage());
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastLog.compareAndSet(last, now)) {
            long others = unlogged.getAndSet(0);
            LOG.warn("rejected {} ({}): {}{}", what, e.reason(), e.getMessage(),
                    others > 0 ? " (and " + others + " other rejections since the last message)" : "");
        } else {
            unlogged.incrementAndGet();
            LOG.debug("rejected {} ({}): {}", what, e.reason(), e.getMessage());
        }
    }

    public IngestBuffer buffer() {
        return buffer;
    }
}
