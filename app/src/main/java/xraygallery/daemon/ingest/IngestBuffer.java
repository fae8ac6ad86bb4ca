package xraygallery.daemon.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import xraygallery.daemon.DaemonMetrics;
import xraygallery.daemon.segment.SegmentDocument;

/**
 * The bounded queue between receivers and the writer, sized in bytes ({@code --buffer-mb}). {@link #offer} never
 * blocks: when the buffer is full it drops the oldest documents and counts them as spillover, as the AWS daemon
 * does with its ring buffer; the newest data is usually what the user is looking at.
 *
 * <p>The documents live outside the Java heap, encoded one after another in a direct-memory ring: a full buffer
 * of 16 MiB would otherwise be long-lived garbage that a 64 MiB heap keeps promoting and collecting. Only the
 * writer's current batch is on the heap, briefly.
 */
public final class IngestBuffer {
    private static final int HEADER = 4;
    private static final int WRAP = -1;
    private static final int FLAG_SUBSEGMENT = 1;
    private static final int FLAG_IN_PROGRESS = 2;
    private static final int FLAG_PARENT = 4;
    private static final int FLAG_TRACE_FACTS = 8;

    private final int capacity;
    private final DaemonMetrics metrics;
    private final ByteBuffer ring;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private int head;
    private int tail;
    private long used;
    private int count;

    public IngestBuffer(long capacityBytes, DaemonMetrics metrics) {
        if (capacityBytes < SegmentDocument.MAX_DOCUMENT_BYTES * 4L || capacityBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the ingest buffer must hold 256 KiB to 2 GiB");
        }
        this.capacity = (int) capacityBytes;
        this.metrics = metrics;
        this.ring = ByteBuffer.allocateDirect(capacity);
    }

    /** Adds a document, dropping (and counting) the oldest ones if it would not fit. */
    public void offer(SegmentDocument document) {
        byte[] record = encode(document);
        int size = record.length + HEADER;
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
                    ring.put(tail + HEADER, record);
                    tail += size;
                    used += needed;
                    count++;
                    notEmpty.signal();
                    break;
                }
                if (count == 0) {
                    head = 0;
                    tail = 0;
                    used = 0;
                    continue;
                }
                dropOldest();
                dropped++;
            }
        } finally {
            lock.unlock();
        }
        if (dropped > 0) {
            metrics.spillover(dropped);
        }
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

    private void dropOldest() {
        popOldest(false);
    }

    /**
     * Waits up to {@code timeout} for a document, then takes up to {@code max} of them, oldest first. Returns an
     * empty list on timeout. Decoding happens after the lock is released.
     */
    public List<SegmentDocument> take(int max, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        List<byte[]> records;
        lock.lockInterruptibly();
        try {
            while (count == 0) {
                if (nanos <= 0) {
                    return List.of();
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            int n = Math.min(max, count);
            records = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                records.add(popOldest(true));
            }
        } finally {
            lock.unlock();
        }
        List<SegmentDocument> batch = new ArrayList<>(records.size());
        for (byte[] record : records) {
            batch.add(decode(record));
        }
        return batch;
    }

    /** Documents waiting. */
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

    // ---------------------------------------------------------------- encoding

    static byte[] encode(SegmentDocument d) {
        byte[] traceId = d.traceId().getBytes(StandardCharsets.US_ASCII);
        byte[] id = d.id().getBytes(StandardCharsets.US_ASCII);
        byte[] parent = d.parentId() == null ? null : d.parentId().getBytes(StandardCharsets.US_ASCII);
        byte[] name = d.name().getBytes(StandardCharsets.UTF_8);
        SegmentDocument.TraceFacts traceFacts = d.traceFacts();
        byte[] facts = traceFacts == null ? null : traceFacts.graphFacts().getBytes(StandardCharsets.UTF_8);
        int size = 1 + 16 + 2 + traceId.length + 2 + id.length + (parent == null ? 0 : 2 + parent.length)
                + 2 + name.length + 4 + d.json().length + (traceFacts == null ? 0 : 16 + 4 + facts.length);
        ByteBuffer out = ByteBuffer.allocate(size);
        int flags = (d.kind() == SegmentDocument.Kind.SUBSEGMENT ? FLAG_SUBSEGMENT : 0)
                | (d.inProgress() ? FLAG_IN_PROGRESS : 0) | (parent != null ? FLAG_PARENT : 0)
                | (traceFacts != null ? FLAG_TRACE_FACTS : 0);
        out.put((byte) flags).putDouble(d.startTime()).putDouble(d.endTime());
        putShort(out, traceId);
        putShort(out, id);
        if (parent != null) {
            putShort(out, parent);
        }
        putShort(out, name);
        out.putInt(d.json().length).put(d.json());
        if (traceFacts != null) {
            out.putDouble(traceFacts.startTime()).putDouble(traceFacts.endTime());
            out.putInt(facts.length).put(facts);
        }
        return out.array();
    }

    static SegmentDocument decode(byte[] record) {
        ByteBuffer in = ByteBuffer.wrap(record);
        int flags = in.get();
        double start = in.getDouble();
        double end = in.getDouble();
        String traceId = getShort(in, StandardCharsets.US_ASCII);
        String id = getShort(in, StandardCharsets.US_ASCII);
        String parent = (flags & FLAG_PARENT) != 0 ? getShort(in, StandardCharsets.US_ASCII) : null;
        String name = getShort(in, StandardCharsets.UTF_8);
        byte[] json = new byte[in.getInt()];
        in.get(json);
        SegmentDocument.TraceFacts traceFacts = null;
        if ((flags & FLAG_TRACE_FACTS) != 0) {
            double traceStart = in.getDouble();
            double traceEnd = in.getDouble();
            byte[] facts = new byte[in.getInt()];
            in.get(facts);
            traceFacts = new SegmentDocument.TraceFacts(new String(facts, StandardCharsets.UTF_8), traceStart, traceEnd);
        }
        return SegmentDocument.restore(traceId, id, parent,
                (flags & FLAG_SUBSEGMENT) != 0 ? SegmentDocument.Kind.SUBSEGMENT : SegmentDocument.Kind.SEGMENT,
                name, start, end, (flags & FLAG_IN_PROGRESS) != 0, json, traceFacts);
    }

    private static void putShort(ByteBuffer out, byte[] bytes) {
        out.putShort((short) bytes.length).put(bytes);
    }

    private static String getShort(ByteBuffer in, java.nio.charset.Charset charset) {
        byte[] bytes = new byte[in.getShort() & 0xffff];
        in.get(bytes);
        return new String(bytes, charset);
    }
}
