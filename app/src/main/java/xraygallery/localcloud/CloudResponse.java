package xraygallery.localcloud;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The answer to one request: headers, a status, and a body written at most once. */
public final class CloudResponse {
    private final HttpExchange exchange;
    private final boolean head;
    private boolean sent;

    CloudResponse(HttpExchange exchange) {
        this.exchange = exchange;
        this.head = "HEAD".equals(exchange.getRequestMethod());
    }

    public CloudResponse header(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
        return this;
    }

    /** Whether a status line has gone out already. */
    public boolean isSent() {
        return sent;
    }

    /** Sends a whole body (headers only, with its Content-Length, for HEAD). */
    public void send(int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            header("Content-Type", contentType);
        }
        if (head) {
            sendHeaders(status, body.length);
            return;
        }
        markSent();
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Sends an XML document with the declaration prepended. */
    public void sendXml(int status, String xmlWithoutDeclaration) throws IOException {
        send(status, "application/xml", (Xml.DECLARATION + xmlWithoutDeclaration).getBytes(StandardCharsets.UTF_8));
    }

    /** A response with no body, e.g. 204 No Content or 304 Not Modified. */
    public void sendEmpty(int status) throws IOException {
        markSent();
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** Headers that describe {@code contentLength} bytes, with no body (HEAD). */
    public void sendHeaders(int status, long contentLength) throws IOException {
        markSent();
        header("Content-Length", Long.toString(contentLength));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** Streams {@code length} bytes of {@code content} (headers only for HEAD). */
    public void stream(int status, long length, InputStream content) throws IOException {
        if (head) {
            sendHeaders(status, length);
            return;
        }
        markSent();
        exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
        try (OutputStream out = exchange.getResponseBody()) {
            byte[] buffer = new byte[64 * 1024];
            long left = length;
            while (left > 0) {
                int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("stored content ended " + left + " bytes early");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    private void markSent() {
        if (sent) {
            throw new IllegalStateException("response already sent");
        }
        sent = true;
    }
}
