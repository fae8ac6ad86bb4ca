package xraygallery.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.daemon.DaemonJson;
import xraygallery.daemon.store.StoreException;

/**
 * The daemon's TCP port: the X-Ray API over REST-JSON (what {@code XRayClient} and the SDKs' sampling pollers
 * speak, signed or not: signatures are not checked, the port binds loopback) plus {@code GET /telemetry}.
 * Errors leave as the API's JSON errors ({@code x-amzn-ErrorType} and {@code {"message": ...}}).
 */
public final class ApiServer implements AutoCloseable {
    /** Request bodies above this are refused (50 documents of 64 KiB, JSON-escaped, fit). */
    static final int MAX_BODY = 8 * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final int THREADS = 8;

    private final HttpServer http;
    private final ExecutorService workers;
    private final XRayApi api;
    private final Supplier<ObjectNode> telemetry;

    private ApiServer(HttpServer http, ExecutorService workers, XRayApi api, Supplier<ObjectNode> telemetry) {
        this.http = http;
        this.workers = workers;
        this.api = api;
        this.telemetry = telemetry;
    }

    public static ApiServer start(InetSocketAddress address, XRayApi api, Supplier<ObjectNode> telemetry)
            throws IOException {
        HttpServer http;
        try {
            http = HttpServer.create(address, 64);
        } catch (IOException e) {
            throw new IOException("cannot listen for TCP on " + address + ": " + e.getMessage(), e);
        }
        AtomicInteger ids = new AtomicInteger();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread thread = new Thread(r, "daemon-api-" + ids.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        workers.allowCoreThreadTimeOut(true);
        ApiServer server = new ApiServer(http, workers, api, telemetry);
        http.setExecutor(workers);
        http.createContext("/", server::serve);
        http.start();
        return server;
    }

    public InetSocketAddress localAddress() {
        return http.getAddress();
    }

    private void serve(HttpExchange exchange) {
        String requestId = UUID.randomUUID().toString();
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        try {
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            if (path.equals("/telemetry")) {
                if (!method.equals("GET")) {
                    throw new ApiException(405, "MethodNotAllowed", "use GET /telemetry");
                }
                send(exchange, 200, telemetry.get());
                return;
            }
            String operation = XRayApi.operationAt(path);
            if (operation == null) {
                throw new ApiException(404, "UnknownOperationException", "the local X-Ray daemon does not serve "
                        + method + " " + path + "; it serves PutTraceSegments, GetTraceSummaries, BatchGetTraces,"
                        + " GetServiceGraph, GetTraceGraph, GetSamplingRules, GetSamplingTargets and GET /telemetry");
            }
            if (!method.equals("POST")) {
                throw new ApiException(405, "MethodNotAllowed", operation + " is POST " + path);
            }
            JsonNode request = readJson(exchange.getRequestBody());
            send(exchange, 200, api.call(operation, request));
        } catch (ApiException e) {
            LOG.debug("{} {} -> {} {}: {}", method, path, e.status(), e.code(), e.getMessage());
            sendError(exchange, e);
        } catch (StoreException e) {
            LOG.warn("{} {} failed: {}", method, path, e.getMessage());
            sendError(exchange, new ApiException(500, "InternalFailure", "the trace store failed: " + e.getMessage()));
        } catch (IOException e) {
            LOG.debug("{} {}: {}", method, path, e.toString());
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", method, path, e);
            sendError(exchange, new ApiException(500, "InternalFailure", "internal error; see the daemon's log"));
        } finally {
            exchange.close();
        }
    }

    private static JsonNode readJson(InputStream body) throws IOException, ApiException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        int n;
        long total = 0;
        while ((n = body.read(chunk)) > 0) {
            total += n;
            if (total <= MAX_BODY) {
                buffer.write(chunk, 0, n);
            } else if (total > 8L * MAX_BODY) {
                break; // stop reading a runaway body; the connection closes after the answer
            }
        }
        if (total > MAX_BODY) {
            // read (and dropped) to the end, so the client gets this answer rather than a reset connection
            throw new ApiException(413, "InvalidRequestException",
                    "the request body is " + total + " bytes; the limit is " + MAX_BODY / (1024 * 1024) + " MiB");
        }
        if (buffer.size() == 0) {
            return DaemonJson.MAPPER.createObjectNode();
        }
        try {
            JsonNode json = DaemonJson.MAPPER.readTree(buffer.toByteArray());
            if (json == null || !json.isObject()) {
                throw ApiException.invalid("the request body must be a JSON object");
            }
            return json;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.invalid("the request body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = DaemonJson.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendError(HttpExchange exchange, ApiException error) {
        try {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", error.code());
            ObjectNode body = DaemonJson.MAPPER.createObjectNode();
            body.put("__type", error.code());
            body.put("message", error.getMessage());
            send(exchange, error.status(), body);
        } catch (IOException e) {
            LOG.debug("could not send an error: {}", e.toString());
        }
    }

    @Override
    public void close() {
        http.stop(0);
        workers.shutdownNow();
    }
}
