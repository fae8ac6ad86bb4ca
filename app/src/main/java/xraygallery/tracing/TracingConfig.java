package xraygallery.tracing;

import java.util.Objects;

/**
 * How the app traces.
 *
 * @param daemonAddress where the daemon listens, as {@code AWS_XRAY_DAEMON_ADDRESS} is written
 *     ({@code host:port} or {@code udp:host:port tcp:host:port})
 * @param serviceName the name of every action's segment
 * @param streamAfterSubsegments once an action holds more completed subsegments than this, they are sent ahead
 *     of the segment (the X-Ray SDK's streaming), so a long action does not build one huge document
 */
public record TracingConfig(String daemonAddress, String serviceName, int streamAfterSubsegments) {
    public static final String SERVICE_NAME = "xray-gallery";
    public static final String DEFAULT_DAEMON_ADDRESS = "127.0.0.1:2000";
    public static final int DEFAULT_STREAM_AFTER = 50;

    public TracingConfig {
        Objects.requireNonNull(daemonAddress, "daemonAddress");
        Objects.requireNonNull(serviceName, "serviceName");
        if (streamAfterSubsegments < 0) {
            throw new IllegalArgumentException("streamAfterSubsegments must not be negative");
        }
    }

    /** {@code AWS_XRAY_DAEMON_ADDRESS} if set, else 127.0.0.1:2000. */
    public static TracingConfig fromEnvironment() {
        String address = System.getenv("AWS_XRAY_DAEMON_ADDRESS");
        return new TracingConfig(address == null || address.isBlank() ? DEFAULT_DAEMON_ADDRESS : address.trim(),
                SERVICE_NAME, DEFAULT_STREAM_AFTER);
    }

    public static TracingConfig forDaemon(String daemonAddress) {
        return new TracingConfig(daemonAddress, SERVICE_NAME, DEFAULT_STREAM_AFTER);
    }

    public TracingConfig withStreamAfterSubsegments(int count) {
        return new TracingConfig(daemonAddress, serviceName, count);
    }
}
