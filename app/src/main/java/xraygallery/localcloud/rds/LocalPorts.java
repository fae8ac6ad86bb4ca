package xraygallery.localcloud.rds;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** TCP ports on the loopback address, where every local database listens. */
final class LocalPorts {
    static final String LOOPBACK = "127.0.0.1";

    private LocalPorts() {
    }

    /** A port that is free now (the OS picks it). */
    static int pickFree() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    /** Whether nothing listens on {@code port} (a port in TIME_WAIT counts as free, as for mariadbd). */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
