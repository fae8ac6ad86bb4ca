package xraygallery.daemon;

import java.net.InetSocketAddress;

/**
 * The daemon's UDP and TCP addresses, written as the X-Ray SDKs' {@code AWS_XRAY_DAEMON_ADDRESS} is:
 * {@code host:port} (both on one address) or {@code udp:host:port tcp:host:port} (either order). IPv6 hosts go
 * in brackets ({@code [::1]:2000}).
 */
public record DaemonAddresses(InetSocketAddress udp, InetSocketAddress tcp) {
    public static final String ENVIRONMENT_VARIABLE = "AWS_XRAY_DAEMON_ADDRESS";
    public static final int DEFAULT_PORT = 2000;
    public static final DaemonAddresses DEFAULT =
            new DaemonAddresses(socket("127.0.0.1", DEFAULT_PORT), socket("127.0.0.1", DEFAULT_PORT));

    public static DaemonAddresses parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("empty daemon address");
        }
        String[] parts = value.trim().split("\\s+");
        if (parts.length == 1 && !parts[0].startsWith("udp:") && !parts[0].startsWith("tcp:")) {
            InetSocketAddress both = hostPort(parts[0]);
            return new DaemonAddresses(both, both);
        }
        if (parts.length == 2) {
            InetSocketAddress udp = null;
            InetSocketAddress tcp = null;
            for (String part : parts) {
                if (part.startsWith("udp:")) {
                    udp = hostPort(part.substring(4));
                } else if (part.startsWith("tcp:")) {
                    tcp = hostPort(part.substring(4));
                }
            }
            if (udp != null && tcp != null) {
                return new DaemonAddresses(udp, tcp);
            }
        }
        throw new IllegalArgumentException("\"" + value
                + "\" is not a daemon address: use host:port or \"udp:host:port tcp:host:port\"");
    }

    /** {@code host:port}, {@code [v6]:port}. */
    public static InetSocketAddress hostPort(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("\"" + value + "\" is not host:port");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + value + "\" has no port number", e);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
        return socket(host, port);
    }

    private static InetSocketAddress socket(String host, int port) {
        return new InetSocketAddress(host, port);
    }

    /** {@code host:port} as it can be passed back to {@link #hostPort}. */
    public static String format(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
