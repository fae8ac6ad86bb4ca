package xraygallery.localcloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/**
 * The answer to one request: headers, a status, and a body written at most once. Every answer
 * but 204, 304 and a bodiless HEAD carries its Content-Length; bodies of any size are streamed.
 */
public final class CloudResponse {
    private static final ByteBuffer NO_BYTES = ByteBuffer.allocate(0);

    private final Response response;
    private final boolean head;
    private boolean sent;

    CloudResponse(Response response, boolean head) {
        this.response = response;
        this.head = head;
    }

    public CloudResponse header(String name, String value) {
        response.getHeaders().put(name, value);
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
        begin(status, body.length);
        write(ByteBuffer.wrap(body));
    }

    /** Sends an XML document with the declaration prepended. */
    public void sendXml(int status, String xmlWithoutDeclaration) throws IOException {
        send(status, "application/xml", (Xml.DECLARATION + xmlWithoutDeclaration).getBytes(StandardCharsets.UTF_8));
    }

    /** A response with no body, e.g. 204 No Content or 304 Not Modified. */
    public void sendEmpty(int status) throws IOException {
        begin(status, head || status == 204 || status == 304 ? -1 : 0);
        write(NO_BYTES);
    }

    /** Headers that describe {@code contentLength} bytes, with no body (HEAD). */
    public void sendHeaders(int status, long contentLength) throws IOException {
        begin(status, contentLength);
        write(NO_BYTES);
    }

    /** Streams {@code length} bytes of {@code content} (headers only for HEAD). */
    public void stream(int status, long length, InputStream content) throws IOException {
        if (head) {
            sendHeaders(status, length);
            return;
        }
        begin(status, length);
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
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

    /**
     * Answers {@code error} in {@code protocol}'s format with the request id, dropping an ETag a
     * handler may have set before it failed.
     */
    void sendError(WireProtocol protocol, AwsServiceException error, String requestId) throws IOException {
        protocol.requestIdHeaders(requestId).forEach(this::header);
        if (protocol == WireProtocol.JSON_1_1) {
            header("x-amzn-ErrorType", protocol.errorCode(error.code()));
        }
        response.getHeaders().remove(HttpHeader.ETAG);
        send(error.status(), protocol.contentType(), protocol.errorBody(error, requestId));
    }

    private void begin(int status, long contentLength) {
        if (sent) {
            throw new IllegalStateException("response already sent");
        }
        sent = true;
        response.setStatus(status);
        if (contentLength >= 0) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, contentLength);
        }
    }

    /** Writes {@code bytes} as the whole (remaining) body and waits until they are sent. */
    private void write(ByteBuffer bytes) throws IOException {
        try (Blocker.Callback written = Blocker.callback()) {
            response.write(true, bytes, written);
            written.block();
        }
    }
}
