package xraygallery.traceview;

import java.util.Objects;

/** What a trace source can tell about the daemon behind it: its counters, or why there are none. */
public sealed interface DaemonHealth permits DaemonHealth.Reported, DaemonHealth.NotAvailable {

    /** Whether counters are available. */
    boolean available();

    /** The bundled daemon's counters. */
    record Reported(DaemonTelemetry telemetry) implements DaemonHealth {
        public Reported {
            Objects.requireNonNull(telemetry, "telemetry");
        }

        @Override
        public boolean available() {
            return true;
        }
    }

    /** No counters here (AWS X-Ray, or an endpoint that is not the bundled daemon); not an error. */
    record NotAvailable(String reason) implements DaemonHealth {
        public NotAvailable {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean available() {
            return false;
        }
    }
}
