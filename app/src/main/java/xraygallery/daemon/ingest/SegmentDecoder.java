package xraygallery.daemon.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.daemon.segment.InvalidSegmentException;
import xraygallery.daemon.segment.SegmentDocument;

/**
 * The one thread between the receivers and the writer: takes datagrams from the ingest buffer in batches,
 * decodes and validates each (refusals counted and logged), lets the store prepare it (work done here runs
 * beside the writer's, on the other core), and hands the batch to the {@link StorageWriter}. Under steady load it
 * lingers up to {@value #LINGER_MILLIS} ms for a batch to fill, so that it wakes, and the writer commits, about
 * fifty times a second (more once batches fill) rather than once a datagram: a commit has a fixed cost (pages
 * written to the WAL), which at 10,000/s was a quarter of the writer's CPU with a 5 ms linger. Closing it decodes
 * and hands on what is buffered first (close the receivers before it, the writer after it).
 */
public final class SegmentDecoder extends DrainingThread {
    static final int MAX_BATCH = 500;
    static final long LINGER_MILLIS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(SegmentDecoder.class);

    private final IngestBuffer buffer;
    private final Rejections rejections;
    private final UnaryOperator<SegmentDocument> prepare;
    private final BatchHandoff out;

    /**
     * @param prepare run on each valid document before it is handed on (the store computes what it can ahead)
     */
    public SegmentDecoder(Intake intake, UnaryOperator<SegmentDocument> prepare, BatchHandoff out) {
        super("daemon-decoder");
        this.buffer = intake.buffer();
        this.rejections = intake.rejections();
        this.prepare = Objects.requireNonNull(prepare, "prepare");
        this.out = Objects.requireNonNull(out, "out");
    }

    public SegmentDecoder start() {
        startThread();
        return this;
    }

    @Override
    void run() {
        try {
            while (!stopping()) {
                decode(buffer.take(MAX_BATCH, 100, LINGER_MILLIS, TimeUnit.MILLISECONDS));
            }
            // stopping (the receivers have stopped): what is still buffered is decoded and handed on
            List<byte[]> rest;
            while (!(rest = buffer.take(MAX_BATCH, 0, 0, TimeUnit.MILLISECONDS)).isEmpty()) {
                decode(rest);
            }
        } catch (InterruptedException e) {
            LOG.warn("the decoder was interrupted; {} datagrams are left unwritten", buffer.size());
        }
    }

    private void decode(List<byte[]> datagrams) throws InterruptedException {
        if (datagrams.isEmpty()) {
            return;
        }
        out.taken(datagrams.size());
        List<SegmentDocument> batch = new ArrayList<>(datagrams.size());
        for (byte[] datagram : datagrams) {
            try {
                batch.add(prepare.apply(DatagramDecoder.decode(datagram, 0, datagram.length)));
            } catch (InvalidSegmentException e) {
                out.dropped(1);
                rejections.reject(e, "a " + datagram.length + "-byte datagram");
            } catch (RuntimeException e) {
                out.dropped(1);
                LOG.error("decoding a datagram failed", e);
            }
        }
        if (!batch.isEmpty()) {
            out.put(batch);
        }
    }

    @Override
    String left() {
        return buffer.size() + " datagrams";
    }
}
