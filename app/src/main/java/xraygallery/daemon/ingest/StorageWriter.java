package xraygallery.daemon.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.daemon.DaemonMetrics;
import xraygallery.daemon.store.StoreException;
import xraygallery.daemon.store.TraceStorage;

/**
 * The one thread that writes: takes whatever is in the ingest buffer (up to {@value #MAX_BATCH} documents: small enough to die young in a 64 MiB heap), commits
 * it in one transaction, hands the same batch to forwarding, and between batches does the store's upkeep
 * (summaries, retention). Commits happen as soon as documents arrive, so under light load a document is on
 * disk within milliseconds; under heavy load batches grow and the commit rate stays bounded. A document waits at
 * most one batch commit plus the queue ahead of it; with the default limits that is well under a second.
 */
public final class StorageWriter implements AutoCloseable {
    static final int MAX_BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(StorageWriter.class);
    private static final Duration RETENTION_EVERY = Duration.ofMinutes(1);

    private final IngestBuffer buffer;
    private final TraceStorage storage;
    private final DaemonMetrics metrics;
    private final Consumer<List<SegmentDocument>> alsoTo;
    private final Clock clock;
    private final Duration maxAge;
    private final long maxBytes;
    private final Thread thread;
    private volatile boolean stopping;
    private Instant nextRetention;
    private long lastFailureLog;

    /**
     * @param alsoTo receives every batch after it was offered to the store (forwarding); must not block
     */
    public StorageWriter(IngestBuffer buffer, TraceStorage storage, DaemonMetrics metrics,
            Consumer<List<SegmentDocument>> alsoTo, Clock clock, Duration maxAge, long maxBytes) {
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.alsoTo = Objects.requireNonNull(alsoTo, "alsoTo");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxAge = maxAge;
        this.maxBytes = maxBytes;
        this.nextRetention = clock.instant();
        this.thread = new Thread(this::run, "daemon-writer");
    }

    public StorageWriter start() {
        thread.start();
        return this;
    }

    private void run() {
        while (!stopping) {
            try {
                write(buffer.take(MAX_BATCH, 100, TimeUnit.MILLISECONDS));
                upkeep();
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                LOG.error("the writer hit an unexpected error; it carries on", e);
            }
        }
        // stopping: what is still buffered gets written before the store closes
        List<SegmentDocument> rest;
        while (!(rest = drainNow()).isEmpty()) {
            write(rest);
        }
    }

    private List<SegmentDocument> drainNow() {
        try {
            return buffer.take(MAX_BATCH, 0, TimeUnit.MILLISECONDS);
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
            storage.sink().accept(batch);
            metrics.stored(batch.size());
        } catch (StoreException e) {
            metrics.storeFailed(batch.size());
            long now = System.nanoTime();
            if (now - lastFailureLog > 10_000_000_000L) {
                lastFailureLog = now;
                LOG.error("lost {} documents: {}", batch.size(), e.getMessage());
            }
        }
        try {
            alsoTo.accept(batch);
        } catch (RuntimeException e) {
            LOG.warn("handing a batch to forwarding failed: {}", e.toString());
        }
    }

    private void upkeep() {
        Instant now = clock.instant();
        storage.maintain(now);
        if (!now.isBefore(nextRetention)) {
            nextRetention = now.plus(RETENTION_EVERY);
            storage.enforceRetention(now, maxAge, maxBytes);
        }
    }

    /** Stops taking new work, writes what is buffered, and waits for the thread (at most 30 s). */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("the writer did not finish within 30 s; {} documents may be lost", buffer.size());
        }
    }
}
