package xraygallery.daemon.ingest;

import java.nio.ByteBuffer;
import xraygallery.daemon.DaemonMetrics;
import xraygallery.daemon.segment.InvalidSegmentException;
import xraygallery.daemon.segment.SegmentDocument;

/**
 * The door every document comes through, from UDP or from PutTraceSegments: counts it and puts it in the ingest
 * buffer. A datagram is only copied (the receiving thread goes straight back to the socket, so a burst waits in
 * the buffer rather than overflowing the kernel's); the {@link SegmentDecoder} validates it later. A
 * PutTraceSegments document is validated here, since the caller is told which ones were refused.
 */
public final class Intake {
    private final IngestBuffer buffer;
    private final DaemonMetrics metrics;
    private final Rejections rejections;

    public Intake(IngestBuffer buffer, DaemonMetrics metrics) {
        this.buffer = buffer;
        this.metrics = metrics;
        this.rejections = new Rejections(metrics);
    }

    /** A datagram as received (header, newline, document), between the buffer's position and limit. */
    public void datagram(ByteBuffer datagram) {
        metrics.received(1);
        buffer.offer(datagram);
    }

    /** A document from PutTraceSegments; throws so the API can report it as unprocessed. */
    public SegmentDocument document(byte[] json) throws InvalidSegmentException {
        metrics.received(1);
        SegmentDocument document;
        try {
            document = SegmentDocument.parse(json);
        } catch (InvalidSegmentException e) {
            rejections.reject(e, "a PutTraceSegments document");
            throw e;
        }
        // buffered as the datagram an SDK would have sent, so that one path decodes everything
        byte[] datagram = DatagramDecoder.datagramOf(json);
        buffer.offer(datagram, 0, datagram.length);
        return document;
    }

    Rejections rejections() {
        return rejections;
    }

    public IngestBuffer buffer() {
        return buffer;
    }
}
