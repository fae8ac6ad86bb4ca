package xraygallery.localcloud;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * Jetty's HTTP/1.1 connections with one change: the request target reaches the local cloud exactly
 * as the client sent it. Jetty's URI parser refuses some targets that are valid S3 requests (a key
 * whose dot segments climb above the root, an encoded NUL that S3 itself answers
 * {@code InvalidArgument}): Jetty parses {@link RequestTarget#parseableByJetty a copy} with those
 * escaped, and the original stays on the connection, under {@link #RAW_TARGET}, for the one request
 * in flight on it.
 */
final class RawTargetConnectionFactory extends HttpConnectionFactory {
    /** Connection attribute: the current request's target in origin form, as sent. */
    static final String RAW_TARGET = RawTargetConnectionFactory.class.getName() + ".rawTarget";

    RawTargetConnectionFactory(HttpConfiguration configuration) {
        super(configuration);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        HttpConnection connection = new RawTargetConnection(getHttpConfiguration(), connector, endPoint);
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }

    private static final class RawTargetConnection extends HttpConnection {
        RawTargetConnection(HttpConfiguration configuration, Connector connector, EndPoint endPoint) {
            super(configuration, connector, endPoint);
        }

        @Override
        protected HttpStreamOverHTTP1 newHttpStream(String method, String target, HttpVersion version) {
            if (target != null && target.startsWith("/")) {
                setAttribute(RAW_TARGET, target);
                return super.newHttpStream(method, RequestTarget.parseableByJetty(target), version);
            }
            removeAttribute(RAW_TARGET); // absolute form ("http://host/path") or "*": Jetty's parse is used
            return super.newHttpStream(method, target, version);
        }
    }
}
