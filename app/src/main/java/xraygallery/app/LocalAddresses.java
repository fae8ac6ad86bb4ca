package xraygallery.app;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Whether an address a service is about to listen on is free, so that a service can say who holds it (another
 * copy of itself, or some other program) before it starts anything.
 */
public final class LocalAddresses {
    private LocalAddresses() {
    }

    /** True if a TCP server could listen on {@code address} now (port 0 always can). */
    public static boolean tcpFree(InetSocketAddress address) {
        if (address.getPort() == 0) {
            return true;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as the services' servers do: connections in TIME_WAIT do not count
            socket.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True if a UDP socket could be bound to {@code address} now (port 0 always can). */
    public static boolean udpFree(InetSocketAddress address) {
        if (address.getPort() == 0) {
            return true;
        }
        try (DatagramSocket socket = new DatagramSocket(address)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
