package xraygallery.traceview;

import java.time.Duration;
import java.util.Map;

/**
 * The bundled daemon's counters ({@code GET /telemetry}), counted in documents since it started.
 *
 * @param uptime how long the daemon has run
 * @param received documents received (UDP and PutTraceSegments)
 * @param stored documents written to the store
 * @param rejected documents refused at the door
 * @param rejectedByReason refusals by reason ({@code MALFORMED_JSON}, {@code TOO_LARGE}, ...)
 * @param lastRejection the latest refusal's reason and message, or null
 * @param spillover documents dropped because the ingest buffer was full
 * @param udpKernelDrops datagrams the kernel dropped before the daemon read them, or -1 if unknown
 * @param storeFailures documents lost to a store failure
 * @param buffered documents waiting for the writer
 * @param forwarding forwarding to AWS X-Ray
 * @param storedTraces traces in the store, or -1 if unknown
 * @param storeBytes the store's size on disk, or -1 if unknown
 */
public record DaemonTelemetry(Duration uptime, long received, long stored, long rejected,
        Map<String, Long> rejectedByReason, String lastRejection, long spillover, long udpKernelDrops,
        long storeFailures, long buffered, Forwarding forwarding, long storedTraces, long storeBytes) {

    public DaemonTelemetry {
        rejectedByReason = Map.copyOf(rejectedByReason);
    }

    /** Everything lost on the way in: spillover, kernel drops (when known) and store failures. */
    public long lost() {
        return spillover + Math.max(0, udpKernelDrops) + storeFailures;
    }

    /**
     * Forwarding to AWS X-Ray.
     *
     * @param enabled whether the daemon forwards at all
     * @param forwarded documents AWS accepted
     * @param failures documents whose sending failed
     * @param unprocessed documents AWS refused
     * @param dropped documents dropped because the forwarding queue was full
     * @param queued documents waiting to be forwarded
     */
    public record Forwarding(boolean enabled, long forwarded, long failures, long unprocessed, long dropped,
            long queued) {
        public static final Forwarding DISABLED = new Forwarding(false, 0, 0, 0, 0, 0);
    }
}
