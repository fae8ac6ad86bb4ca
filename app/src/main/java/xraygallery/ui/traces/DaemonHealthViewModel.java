package xraygallery.ui.traces;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import xraygallery.traceview.DaemonHealth;
import xraygallery.traceview.DaemonTelemetry;

/**
 * The daemon's counters (received, stored, rejected, dropped) and a warning when documents were dropped or
 * rejected since the panel opened. Against AWS X-Ray there are none: "not available".
 */
public final class DaemonHealthViewModel {
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("Daemon counters …");
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper warning = new ReadOnlyBooleanWrapper();
    private DaemonTelemetry baseline;
    private DaemonTelemetry last;

    void update(DaemonHealth health) {
        if (health instanceof DaemonHealth.NotAvailable notAvailable) {
            available.set(false);
            warning.set(false);
            summary.set("Daemon counters: not available");
            details.set(notAvailable.reason());
            return;
        }
        DaemonTelemetry t = ((DaemonHealth.Reported) health).telemetry();
        if (baseline == null) {
            baseline = t;
        } else if (t.received() < last.received() || t.uptime().compareTo(last.uptime()) < 0) {
            // the daemon restarted since: everything it counted is new
            baseline = new DaemonTelemetry(t.uptime(), 0, 0, 0, java.util.Map.of(), null, 0, 0, 0, 0,
                    DaemonTelemetry.Forwarding.DISABLED, -1, -1);
        }
        last = t;
        long rejectedSince = t.rejected() - baseline.rejected();
        long droppedSince = t.lost() - baseline.lost();
        available.set(true);
        warning.set(rejectedSince > 0 || droppedSince > 0);
        summary.set("Received " + TraceFormat.count(t.received()) + " · stored " + TraceFormat.count(t.stored())
                + " · rejected " + TraceFormat.count(t.rejected()) + " · dropped " + TraceFormat.count(t.lost()));
        StringBuilder text = new StringBuilder();
        text.append("Documents since the daemon started (").append(uptime(t)).append(" ago):\n");
        text.append("received ").append(TraceFormat.count(t.received())).append(", stored ")
                .append(TraceFormat.count(t.stored())).append(", waiting ").append(TraceFormat.count(t.buffered()))
                .append('\n');
        text.append("rejected ").append(TraceFormat.count(t.rejected()));
        if (!t.rejectedByReason().isEmpty()) {
            text.append(" ").append(t.rejectedByReason());
        }
        text.append('\n');
        text.append("dropped ").append(TraceFormat.count(t.lost())).append(": buffer full ")
                .append(TraceFormat.count(t.spillover())).append(", kernel ")
                .append(t.udpKernelDrops() < 0 ? "unknown" : TraceFormat.count(t.udpKernelDrops()))
                .append(", store failures ").append(TraceFormat.count(t.storeFailures()));
        if (t.lastRejection() != null) {
            text.append("\nlast rejection: ").append(t.lastRejection());
        }
        if (t.forwarding().enabled()) {
            text.append("\nforwarded to AWS ").append(TraceFormat.count(t.forwarding().forwarded()))
                    .append(", failed ").append(TraceFormat.count(t.forwarding().failures()));
        }
        if (t.storedTraces() >= 0) {
            text.append("\n").append(TraceFormat.count(t.storedTraces())).append(" traces in the store");
        }
        if (warning.get()) {
            text.append("\n\nSince this panel opened: ").append(TraceFormat.count(rejectedSince)).append(" rejected, ")
                    .append(TraceFormat.count(droppedSince)).append(" dropped — some traces are missing or partial.");
        }
        details.set(text.toString());
    }

    private static String uptime(DaemonTelemetry t) {
        long seconds = t.uptime().toSeconds();
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min";
        }
        return seconds / 3600 + " h";
    }

    /** One line: received · stored · rejected · dropped, or "not available". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Every counter, for a tooltip. */
    public ReadOnlyStringProperty detailsProperty() {
        return details.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    /** True when documents were dropped or rejected since the panel opened. */
    public ReadOnlyBooleanProperty warningProperty() {
        return warning.getReadOnlyProperty();
    }
}
