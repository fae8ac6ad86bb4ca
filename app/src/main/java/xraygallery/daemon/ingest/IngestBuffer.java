package xraygallery.daemon.ingest;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.daemon.DaemonMetrics;
import xraygallery.daemon.LogThrottle;
import xraygallery.daemon.segment.SegmentDocument;

/**
 * The bounded queue between the receivers and the decoding thread, sized in bytes ({@code --buffer-mb}), holding
 * datagrams exactly as received. {@link #offer} never blocks and does no more than copy: when the buffer is full
 * it drops the oldest datagrams and counts them as spillover, as the AWS daemon does with its ring buffer; the
 * newest data is usually what the user is looking at.
 *
 * <p>The datagrams live outside the Java heap, one after another in a direct-memory ring: a full buffer of 32 MiB
 * would otherwise be long-lived garbage that a 64 MiB heap keeps promoting and collecting. Only the batch being
 * decoded is on the heap, briefly.
 */
public final class IngestBuffer {
    private static final Logger LOG = LoggerFactory.getLogger(IngestBuffer.class);
    private static final int HEADER = 4;
    private static final int WRAP = -1;
    /** Datagrams copied out per hold of the lock. */
    private static final int COPY_CHUNK = 64;

    private final int capacity;
    private final DaemonMetrics metrics;
    private final ByteBuffer ring;
    private final LogThrottle spillLog = new LogThrottle(10_000_000_000L);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private int head;
    private int tail;
    private long used;
    private int count;
    /**
     * The count at which {@link #offer} wakes the taker: 1 while it waits for a first datagram, its batch size
     * while it lingers.
     */
    private int wakeAt = Integer.MAX_VALUE;

    public IngestBuffer(long capacityBytes, DaemonMetrics metrics) {
        if (capacityBytes < SegmentDocument.MAX_DOCUMENT_BYTES * 4L || capacityBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the ingest buffer must hold 256 KiB to 2 GiB");
        }
        this.capacity = (int) capacityBytes;
        this.metrics = metrics;
        this.ring = ByteBuffer.allocateDirect(capacity);
    }

    /**
     * Copies the datagram between {@code datagram}'s position and limit in, dropping (and counting) the oldest if it
     * would not fit.
     */
    public void offer(ByteBuffer datagram) {
        int length = datagram.remaining();
        if (length + HEADER > capacity) {
            spilled(1);
            return;
        }
        int size = length + HEADER;
        int dropped = 0;
        lock.lock();
        try {
            while (true) {
                boolean wrap = tail + size > capacity;
                long needed = size + (wrap ? capacity - tail : 0);
                if (used + needed <= capacity) {
                    if (wrap) {
                        if (tail + HEADER <= capacity) {
                            ring.putInt(tail, WRAP);
                        }
                        tail = 0;
                    }
                    ring.putInt(tail, size);
                    ring.put(tail + HEADER, datagram, datagram.position(), length);
                    tail += size;
                    used += needed;
                    count++;
                    if (count >= wakeAt) {
                        ready.signal();
                    }
                    break;
                }
                if (count == 0) {
                    head = 0;
                    tail = 0;
                    used = 0;
                    continue;
                }
                popOldest(false);
                dropped++;
            }
        } finally {
            lock.unlock();
        }
        if (dropped > 0) {
            spilled(dropped);
        }
    }

    private void spilled(int datagrams) {
        metrics.spillover(datagrams);
        long heldBack = spillLog.pass();
        if (heldBack >= 0) {
            LOG.warn("the ingest buffer ({} KiB) is full: dropped the {} oldest datagrams{}; decoding and storing"
                    + " cannot keep up with this burst (a larger --buffer-mb rides out longer ones; every drop is"
                    + " counted as spillover)", capacity / 1024, datagrams,
                    heldBack > 0 ? ", " + heldBack + " more times since the last message" : "");
        }
    }

    /** As {@link #offer(ByteBuffer)}, for {@code length} bytes of {@code bytes} at {@code offset}. */
    public void offer(byte[] bytes, int offset, int length) {
        offer(ByteBuffer.wrap(bytes, offset, length));
    }

    /** Moves head past the oldest record (and past a wrap gap before it). */
    private byte[] popOldest(boolean copy) {
        if (head + HEADER > capacity || ring.getInt(head) == WRAP) {
            used -= capacity - head;
            head = 0;
        }
        int size = ring.getInt(head);
        byte[] record = null;
        if (copy) {
            record = new byte[size - HEADER];
            ring.get(head + HEADER, record);
        }
        head += size;
        used -= size;
        count--;
        if (count == 0) {
            head = 0;
            tail = 0;
            used = 0;
        }
        return record;
    }

    /**
     * Waits up to {@code timeout} for a datagram, then up to {@code linger} more for {@code max} of them, and takes
     * up to {@code max}, oldest first; an empty list on timeout. Lingering lets a batch fill under steady load
     * (fewer wake-ups, fewer commits) at the cost of that much latency; a full batch is taken at once.
     */
    public List<byte[]> take(int max, long timeout, long linger, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        List<byte[]> records;
        lock.lockInterruptibly();
        try {
            wakeAt = 1;
            while (count == 0) {
                if (nanos <= 0) {
                    return List.of();
                }
                nanos = ready.awaitNanos(nanos);
            }
            long lingering = unit.toNanos(linger);
            wakeAt = max;
            while (count < max && lingering > 0) {
                lingering = ready.awaitNanos(lingering);
            }
            int n = Math.min(max, count);
            records = new ArrayList<>(n);
            while (records.size() < n && count > 0) {
                for (int i = Math.min(n - records.size(), COPY_CHUNK); i > 0 && count > 0; i--) {
                    records.add(popOldest(true));
                }
                if (records.size() < n) {
                    // let a receiver in: it must not wait on this lock while the socket's buffer fills
                    lock.unlock();
                    lock.lock();
                }
            }
        } finally {
            wakeAt = Integer.MAX_VALUE;
            lock.unlock();
        }
        return records;
    }

    /** Datagrams waiting. */
    public int size() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of the ring in use (records plus any gap where the ring wraps). */
    public long bytes() {
        lock.lock();
        try {
            return used;
        } finally {
            lock.unlock();
        }
    }

    public long capacityBytes() {
        return capacity;
    }
}
