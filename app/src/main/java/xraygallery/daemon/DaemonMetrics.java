package xraygallery.daemon;

import xraygallery.daemon.segment.RejectReason;

/**
 * What the daemon counts, as an interface (every method a no-op by default) so that parts can be tested
 * with a fake that overrides only what it checks, and the counters surfaced
 * anywhere (the {@code /telemetry} endpoint, the once-a-minute log line, the app's trace panel).
 *
 * <p>Every document that arrives is {@linkplain #received received}; then exactly one of: rejected, spilled
 * over (the ingest buffer was full, the oldest was dropped), stored, or lost to a store failure; documents in
 * the buffer are none of these yet. Forwarding is counted apart, since it runs alongside storage.
 *
 * <p>Worth alerting on: {@code spillover / received} above zero means the writer cannot keep up (raise
 * {@code --buffer-mb} or find the slow disk); {@code rejected / received} means a client sends broken
 * documents; {@code forwardFailures} or {@code forwardDropped} mean AWS X-Ray is unreachable or throttling.
 */
public interface DaemonMetrics {
    /** Documents (datagrams, or documents in a PutTraceSegments call) that arrived. */
    default void received(int documents) {
    }

    /** A document refused at the door. */
    default void rejected(RejectReason reason, String message) {
    }

    /** Documents dropped from the full ingest buffer (oldest first), as the AWS daemon's spillover. */
    default void spillover(int documents) {
    }

    /** Documents committed to the store. */
    default void stored(int documents) {
    }

    /** Documents lost because the store failed to write them. */
    default void storeFailed(int documents) {
    }

    /** Documents AWS X-Ray (or the configured endpoint) accepted. */
    default void forwarded(int documents) {
    }

    /** Documents given up on after every forwarding attempt failed. */
    default void forwardFailed(int documents) {
    }

    /** Documents the endpoint answered as UnprocessedTraceSegments. */
    default void forwardUnprocessed(int documents) {
    }

    /** Documents dropped from the full forwarding queue (oldest first). */
    default void forwardDropped(int documents) {
    }

    /** Counts nothing. */
    DaemonMetrics NOOP = new DaemonMetrics() { };
}
