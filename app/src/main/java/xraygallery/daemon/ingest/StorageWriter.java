package xraygallery.daemon.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.daemon.segment.SegmentDocument;
import xraygallery.daemon.segment.SegmentSink;

/**
 * The one thread that writes: takes the decoded batches waiting (up to about {@value #MAX_BATCH} documents: small
 * enough to die young in a 64 MiB heap), hands them to the sink (the store, then forwarding: each store commit is
 * one transaction), and between batches runs the store's upkeep (summaries, retention). Under light load a
 * document is on disk within milliseconds (the decoder's linger plus one commit); under heavy load batches grow
 * and the commit rate stays bounded. A document waits at most one batch commit plus the queue ahead of it; with
 * the default limits that is well under a second. Closing it writes what was handed over first (close the decoder
 * before it).
 */
public final class StorageWriter extends DrainingThread {
    static final int MAX_BATCH = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(StorageWriter.class);

    private final BatchHandoff batches;
    private final SegmentSink sink;
    private final Consumer<Instant> upkeep;
    private final Clock clock;

    /**
     * @param sink takes every batch; counts its own failures (what it throws is logged and the writer goes on)
     * @param upkeep run between batches with the current time
     */
    public StorageWriter(BatchHandoff batches, SegmentSink sink, Consumer<Instant> upkeep, Clock clock) {
        super("daemon-writer");
        this.batches = Objects.requireNonNull(batches, "batches");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.upkeep = Objects.requireNonNull(upkeep, "upkeep");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public StorageWriter start() {
        startThread();
        return this;
    }

    @Override
    void run() {
        while (!stopping()) {
            try {
                write(batches.take(MAX_BATCH, 100, TimeUnit.MILLISECONDS));
                upkeep.accept(clock.instant());
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                LOG.error("the writer hit an unexpected error; it carries on", e);
            }
        }
        // stopping (the decoder has finished): what is still handed over gets written before the store closes
        List<SegmentDocument> rest;
        while (!(rest = drainNow()).isEmpty()) {
            write(rest);
        }
    }

    private List<SegmentDocument> drainNow() {
        try {
            return batches.take(MAX_BATCH, 0, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private void write(List<SegmentDocument> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            sink.accept(batch);
        } catch (RuntimeException e) {
            LOG.warn("handing a batch of {} documents on failed: {}", batch.size(), e.toString());
        } finally {
            batches.written(batch.size());
        }
    }

    @Override
    String left() {
        return batches.documents() + " documents";
    }

}
