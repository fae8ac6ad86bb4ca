package xraygallery.daemon.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.daemon.DaemonMetrics;
import xraygallery.daemon.LogThrottle;
import xraygallery.daemon.segment.InvalidSegmentException;

/**
 * Counts a refused document and logs one line about it at most every 10 s, saying how many others there were
 * since, so that a misbehaving client cannot flood the log, but never silently. Thread-safe.
 */
final class Rejections {
    private static final Logger LOG = LoggerFactory.getLogger(Rejections.class);

    private final DaemonMetrics metrics;
    private final LogThrottle throttle = new LogThrottle(10_000_000_000L);

    Rejections(DaemonMetrics metrics) {
        this.metrics = metrics;
    }

    /** @param what what was refused, for the log ("a 1,024-byte datagram") */
    void reject(InvalidSegmentException e, String what) {
        metrics.rejected(e.reason(), e.getMessage());
        long others = throttle.pass();
        if (others >= 0) {
            LOG.warn("rejected {} ({}): {}{}", what, e.reason(), e.getMessage(),
                    others > 0 ? " (and " + others + " other rejections since the last message)" : "");
        } else {
            LOG.debug("rejected {} ({}): {}", what, e.reason(), e.getMessage());
        }
    }
}
