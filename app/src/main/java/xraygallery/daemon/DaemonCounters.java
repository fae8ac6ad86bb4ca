package xraygallery.daemon;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import xraygallery.daemon.segment.RejectReason;

/** The daemon's counters: lock-free adders, read as a consistent-enough {@link Snapshot}. */
public final class DaemonCounters implements DaemonMetrics {
    private final LongAdder received = new LongAdder();
    private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);
    private final AtomicReference<String> lastRejection = new AtomicReference<>();
    private final LongAdder spillover = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private final LongAdder storeFailures = new LongAdder();
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder forwardFailures = new LongAdder();
    private final LongAdder forwardUnprocessed = new LongAdder();
    private final LongAdder forwardDropped = new LongAdder();

    public DaemonCounters() {
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, new LongAdder());
        }
    }

    @Override
    public void received(int documents) {
        received.add(documents);
    }

    @Override
    public void rejected(RejectReason reason, String message) {
        rejected.get(reason).increment();
        lastRejection.set(reason + ": " + message);
    }

    @Override
    public void spillover(int documents) {
        spillover.add(documents);
    }

    @Override
    public void stored(int documents) {
        stored.add(documents);
    }

    @Override
    public void storeFailed(int documents) {
        storeFailures.add(documents);
    }

    @Override
    public void forwarded(int documents) {
        forwarded.add(documents);
    }

    @Override
    public void forwardFailed(int documents) {
        forwardFailures.add(documents);
    }

    @Override
    public void forwardUnprocessed(int documents) {
        forwardUnprocessed.add(documents);
    }

    @Override
    public void forwardDropped(int documents) {
        forwardDropped.add(documents);
    }

    public Snapshot snapshot() {
        Map<String, Long> byReason = new java.util.LinkedHashMap<>();
        long rejectedTotal = 0;
        for (Map.Entry<RejectReason, LongAdder> entry : rejected.entrySet()) {
            long count = entry.getValue().sum();
            byReason.put(entry.getKey().name(), count);
            rejectedTotal += count;
        }
        return new Snapshot(received.sum(), rejectedTotal, byReason, lastRejection.get(), spillover.sum(),
                stored.sum(), storeFailures.sum(), forwarded.sum(), forwardFailures.sum(), forwardUnprocessed.sum(),
                forwardDropped.sum());
    }

    /** Counter values at one moment (each counter read once; totals may be a few documents apart). */
    public record Snapshot(long received, long rejected, Map<String, Long> rejectedByReason, String lastRejection,
            long spillover, long stored, long storeFailures, long forwarded, long forwardFailures,
            long forwardUnprocessed, long forwardDropped) {
    }
}
