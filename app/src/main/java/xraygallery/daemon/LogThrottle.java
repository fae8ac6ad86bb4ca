package xraygallery.daemon;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one log line through per interval and counts the ones held back, so that a flood (a misbehaving client, a
 * burst past capacity) is said, with how much of it there was, but cannot flood the log. Thread-safe.
 */
public final class LogThrottle {
    private final long intervalNanos;
    private final AtomicLong lastLog;
    private final AtomicLong heldBack = new AtomicLong();

    public LogThrottle(long intervalNanos) {
        this.intervalNanos = intervalNanos;
        this.lastLog = new AtomicLong(System.nanoTime() - intervalNanos);
    }

    /** The number of events held back since the last line if this one may be logged, or -1 if it is held back. */
    public long pass() {
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= intervalNanos && lastLog.compareAndSet(last, now)) {
            return heldBack.getAndSet(0);
        }
        heldBack.incrementAndGet();
        return -1;
    }
}
