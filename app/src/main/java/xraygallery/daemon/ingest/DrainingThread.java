package xraygallery.daemon.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stage of the daemon's pipeline on a thread of its own, which, asked to stop, finishes what is queued for it
 * before it ends: {@link #close} waits up to 30 s for that and says how much was left if it did not finish.
 */
abstract class DrainingThread implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DrainingThread.class);
    private static final long FINISH_MILLIS = 30_000;

    private final Thread thread;
    private volatile boolean stopping;

    DrainingThread(String name) {
        this.thread = new Thread(this::run, name);
    }

    /** Works until {@link #stopping()}, then drains what is queued for it. */
    abstract void run();

    /** What may be lost if the thread does not finish ("12 documents"), for the warning. */
    abstract String left();

    final boolean stopping() {
        return stopping;
    }

    final void startThread() {
        thread.start();
    }

    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(FINISH_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{} did not finish within {} s; {} may be lost", thread.getName(), FINISH_MILLIS / 1000, left());
        }
    }
}
