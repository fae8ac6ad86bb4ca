package xraygallery.localcloud;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local cloud's HTTP/1.1 listener: Jetty core (no servlets) on 127.0.0.1, a bounded thread pool,
 * TCP_NODELAY. Requests Jetty parsed go to a {@link Dispatcher} as the local cloud's own types;
 * those it refuses before that get {@link MalformedRequestAnswer}'s S3 error.
 */
final class CloudHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CloudHttpServer.class);
    /** Threads that run requests; Jetty's acceptor and selector have two more. */
    static final int WORKER_THREADS = 32;
    private static final int JETTY_THREADS = 2;
    /** The request line and headers together; more is answered {@code RequestHeaderSectionTooLarge}. */
    static final int MAX_REQUEST_HEADER_BYTES = 16 * 1024;
    /**
     * Every path form an S3 key can take passes (empty segments, encoded slashes and dots, {@code %25}):
     * handlers read the raw path and a key is never a file path. Characters RFC 3986 forbids in a path,
     * such as a raw backslash, do not: they are answered {@code InvalidURI}.
     */
    static final UriCompliance URI_COMPLIANCE =
            UriCompliance.UNSAFE.without("LOCALCLOUD", UriCompliance.Violation.ILLEGAL_PATH_CHARACTERS);

    /** Answers one request Jetty parsed; the raw path and query are exactly as the client sent them. */
    interface Dispatcher {
        void serve(String method, String rawPath, String rawQuery, RequestHeaders headers, InputStream body,
                CloudResponse response);
    }

    private final Server server;
    private final ServerConnector connector;
    private final int port;

    /**
     * Binds {@code port} on 127.0.0.1 (0: a free one) at once; requests are served after {@link #start}.
     * Refused requests take their ids from {@code ids}, as the dispatcher's do.
     */
    CloudHttpServer(int port, Dispatcher dispatcher, RequestIds ids) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(WORKER_THREADS + JETTY_THREADS, JETTY_THREADS + 1, 30_000);
        threads.setName("localcloud-http");
        threads.setDaemon(true);
        threads.setReservedThreads(0);
        threads.setStopTimeout(1_000);
        server = new Server(threads, new ScheduledExecutorScheduler("localcloud-http-timer", true), null);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
        http.setUriCompliance(URI_COMPLIANCE);
        // header values exactly as sent: SigV4 signs them (Jetty's header cache would give
        // "charset=UTF-8" back as its own "charset=utf-8")
        http.setHeaderCacheCaseSensitive(true);
        connector = new ServerConnector(server, 1, 1, new RawTargetConnectionFactory(http));
        connector.setHost(LocalCloudConfig.BIND_ADDRESS);
        connector.setPort(port);
        connector.setAcceptQueueSize(128);
        // without it a response written in two parts waits for the client's delayed ACK: ~40 ms a call
        connector.setAcceptedTcpNoDelay(true);
        server.addConnector(connector);
        server.setHandler(new CloudHttpHandler(dispatcher));
        server.setErrorHandler(new MalformedRequestAnswer(ids));
        try {
            connector.open();
        } catch (IOException e) {
            throw e.getCause() instanceof BindException taken ? taken : e;
        }
        this.port = connector.getLocalPort();
    }

    void start() throws IOException {
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        } catch (Exception e) {
            close();
            throw new IOException("the local cloud's HTTP server did not start", e);
        }
    }

    int port() {
        return port;
    }

    /** Closes the port and ends the requests still running (after a second at most). */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the HTTP server on port {} failed", port, e);
        } finally {
            connector.close();
        }
    }
}
