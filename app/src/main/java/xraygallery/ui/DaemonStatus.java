package xraygallery.ui;

import java.util.Locale;
import xraygallery.traceview.DaemonHealth;
import xraygallery.traceview.DaemonTelemetry;

/**
 * What the header says about the X-Ray daemon: a level (ok, warning, down), one short line, and details for the
 * tooltip — traces kept, anything dropped or rejected since the window opened, and in AWS mode whether forwarding
 * to AWS X-Ray works.
 */
public record DaemonStatus(Level level, String line, String detail) {
    /** How the chip looks. */
    public enum Level { STARTING, OK, WARNING, DOWN }

    public static final DaemonStatus STARTING = new DaemonStatus(Level.STARTING, "X-Ray daemon …", "");

    /** No daemon this session (it could not be started). */
    public static DaemonStatus none(String why) {
        return new DaemonStatus(Level.DOWN, "No X-Ray daemon", why == null ? "" : why);
    }

    /** The daemon did not answer its last poll. */
    public static DaemonStatus unreachable(String address, String why) {
        return new DaemonStatus(Level.DOWN, "X-Ray daemon down", "The X-Ray daemon at " + address
                + " does not answer (" + why + "). Actions still work; their traces are lost until it is back.");
    }

    /**
     * From the daemon's counters.
     *
     * @param baseline the counters when the window first saw the daemon (losses since then raise a warning), or
     *     null
     */
    public static DaemonStatus of(DaemonHealth health, DaemonTelemetry baseline, String address) {
        if (!(health instanceof DaemonHealth.Reported reported)) {
            return new DaemonStatus(Level.OK, "X-Ray daemon " + address,
                    ((DaemonHealth.NotAvailable) health).reason());
        }
        DaemonTelemetry t = reported.telemetry();
        long rejected = t.rejected() - (baseline == null ? 0 : baseline.rejected());
        long lost = t.lost() - (baseline == null ? 0 : baseline.lost());
        DaemonTelemetry.Forwarding f = t.forwarding();
        long forwardFailures = f.failures() + f.dropped() + f.unprocessed();
        long forwardFailuresSince = forwardFailures - (baseline == null ? 0
                : baseline.forwarding().failures() + baseline.forwarding().dropped() + baseline.forwarding().unprocessed());
        StringBuilder detail = new StringBuilder(String.format(Locale.ROOT,
                "%s at %s: %,d documents received, %,d stored%s.", "X-Ray daemon", address, t.received(), t.stored(),
                t.storedTraces() >= 0 ? String.format(Locale.ROOT, " (%,d traces kept)", t.storedTraces()) : ""));
        if (rejected > 0 || lost > 0) {
            detail.append(String.format(Locale.ROOT, " Since this window opened: %,d rejected, %,d dropped.", rejected, lost));
            if (t.lastRejection() != null) {
                detail.append(" Last rejection: ").append(t.lastRejection()).append('.');
            }
        }
        String forwarding = "";
        if (f.enabled()) {
            forwarding = forwardFailuresSince > 0 ? " · forwarding failing" : " · forwarding to AWS";
            detail.append(String.format(Locale.ROOT, " Forwarding to AWS X-Ray: %,d sent, %,d failed, %,d queued.",
                    f.forwarded(), forwardFailures, f.queued()));
        }
        Level level = rejected > 0 || lost > 0 || forwardFailuresSince > 0 ? Level.WARNING : Level.OK;
        String line = String.format(Locale.ROOT, "X-Ray daemon · %,d traces", Math.max(0, t.storedTraces()))
                + (level == Level.WARNING && (rejected > 0 || lost > 0)
                        ? String.format(Locale.ROOT, " · %,d dropped", rejected + lost) : "")
                + forwarding;
        return new DaemonStatus(level, line, detail.toString());
    }
}
