package xraygallery.localcloud;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.files.OwnerOnly;
import xraygallery.localcloud.auth.SigV4Authorization;
import xraygallery.localcloud.auth.SigV4Verifier;
import xraygallery.localcloud.faults.FaultInjector;
import xraygallery.localcloud.faults.FaultRule;
import xraygallery.localcloud.rds.RdsService;
import xraygallery.localcloud.rekognition.RekognitionService;
import xraygallery.localcloud.s3.S3Service;

/**
 * The local cloud: one HTTP port on 127.0.0.1 that answers AWS SDK clients. Each request's SigV4
 * signature is verified, then the request goes to the service its credential scope names; fault
 * rules may delay or fail it first. Errors always leave in the called service's wire format.
 */
public final class LocalCloudServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCloudServer.class);
    private static final int WORKER_THREADS = 32;
    private static final long MAX_DRAIN = 64L * 1024 * 1024;

    static {
        // Without TCP_NODELAY, a response written in two parts (headers, then body) waits for the
        // client's delayed ACK: about 40 ms added to every call. The JDK reads this once.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final LocalCloudConfig config;
    private final Map<String, ServiceHandler> services = new LinkedHashMap<>();
    private final SigV4Verifier verifier;
    private final FaultInjector faults;
    private final AdminApi admin;
    private final HttpServer http;
    private final ExecutorService workers;
    private final AtomicInteger requestCounter = new AtomicInteger();

    private LocalCloudServer(LocalCloudConfig config, List<ServiceHandler> handlers, FaultInjector faults)
            throws IOException {
        this.config = config;
        this.faults = faults;
        for (ServiceHandler handler : handlers) {
            services.put(handler.signingName(), handler);
        }
        this.verifier = new SigV4Verifier(config.accessKeyId(), config.secretKey(), Clock.systemUTC());
        this.admin = new AdminApi(faults, config.secretKey(), services.keySet());
        if (config.faultsFile() != null) {
            for (FaultRule rule : Json.MAPPER.readValue(config.faultsFile().toFile(), FaultRule[].class)) {
                faults.add(rule);
            }
        }
        AtomicInteger threadIds = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(WORKER_THREADS, WORKER_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "localcloud-http-" + threadIds.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        ((ThreadPoolExecutor) workers).allowCoreThreadTimeOut(true);
        this.http = HttpServer.create(new InetSocketAddress(LocalCloudConfig.BIND_ADDRESS, config.port()), 128);
        http.setExecutor(workers);
        http.createContext("/", this::serve);
    }

    /** Opens the data directory, starts every service and begins accepting requests. */
    public static LocalCloudServer start(LocalCloudConfig config) throws IOException {
        return start(config, new FaultInjector());
    }

    /** As {@link #start(LocalCloudConfig)}, with fault latency spent by {@code faultSleeper} (tests hold a call). */
    static LocalCloudServer start(LocalCloudConfig config, LongConsumer faultSleeper)
            throws IOException {
        return start(config, new FaultInjector(faultSleeper));
    }

    private static LocalCloudServer start(LocalCloudConfig config, FaultInjector faults) throws IOException {
        // photos, their metadata, the database: the owner's only (an existing tree is tightened, and said once)
        OwnerOnly.secure(config.dataDir(), LOG);
        List<ServiceHandler> handlers = new ArrayList<>();
        LocalCloudServer server;
        try {
            S3Service s3 = new S3Service(config.dataDir().resolve("s3"));
            handlers.add(s3);
            handlers.add(new RdsService(config.dataDir().resolve("rds"), config.mariaDbBaseDir()));
            handlers.add(new RekognitionService(s3.store(), config.dataDir().resolve("rekognition")));
            server = new LocalCloudServer(config, handlers, faults);
        } catch (IOException | RuntimeException e) {
            // e.g. the port is taken: stop what the services already started (a resuming database)
            handlers.forEach(ServiceHandler::close);
            throw e;
        }
        server.http.start();
        LOG.info("local cloud listening on {} with data in {}", server.endpoint(), config.dataDir());
        return server;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return URI.create("http://" + LocalCloudConfig.BIND_ADDRESS + ":" + port());
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public LocalCloudConfig config() {
        return config;
    }

    /** The run-time fault rules (also reachable over HTTP at {@code /_localcloud/faults}). */
    public FaultInjector faults() {
        return faults;
    }

    /** A service by signing name, for in-process inspection (tests, the CLI). */
    public <T extends ServiceHandler> T service(String signingName, Class<T> type) {
        return type.cast(services.get(signingName));
    }

    private void serve(HttpExchange exchange) {
        String requestId = newRequestId();
        CloudResponse response = new CloudResponse(exchange);
        WireProtocol protocol = WireProtocol.REST_XML;
        String service = "-";
        String operation = "-";
        try {
            URI uri = exchange.getRequestURI();
            if (uri.getRawPath() != null && uri.getRawPath().startsWith(AdminApi.PREFIX)) {
                admin.handle(exchange, response);
                return;
            }
            CloudRequest request = new CloudRequest(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                    exchange.getRequestHeaders(), exchange.getRequestBody(), requestId);
            SigV4Authorization auth = SigV4Authorization.of(request::header, request.query());
            if (auth == null) {
                throw new AwsServiceException(403, "AccessDenied",
                        "Anonymous requests are not accepted: sign requests with the local cloud's access key.");
            }
            ServiceHandler handler = services.get(auth.service());
            if (handler == null) {
                protocol = WireProtocol.QUERY_XML;
                throw new AwsServiceException(400, "UnknownService", "The local cloud does not emulate the service '"
                        + auth.service() + "'; it serves " + String.join(", ", services.keySet()) + ".");
            }
            service = handler.signingName();
            protocol = handler.protocol();
            setRequestIdHeaders(response, protocol, requestId);
            request.authenticate(auth, verifier);
            operation = handler.operationOf(request);
            faults.apply(service, operation);
            handler.handle(request, response);
        } catch (AwsServiceException e) {
            LOG.debug("{} {} {} -> {} {}", requestId, service, operation, e.status(), e.code());
            sendError(exchange, response, protocol, e, requestId);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("{} {} {} failed: {}", requestId, service, operation, e.toString());
            sendError(exchange, response, protocol, new AwsServiceException(500, "InternalError",
                    "We encountered an internal error. Please try again."), requestId);
        } catch (RuntimeException e) {
            LOG.error("{} {} {} failed", requestId, service, operation, e);
            sendError(exchange, response, protocol, new AwsServiceException(500, "InternalError",
                    "We encountered an internal error. Please try again."), requestId);
        } finally {
            exchange.close();
        }
    }

    private static void setRequestIdHeaders(CloudResponse response, WireProtocol protocol, String requestId) {
        if (protocol == WireProtocol.REST_XML) {
            response.header("x-amz-request-id", requestId);
            response.header("x-amz-id-2", requestId);
        } else {
            response.header("x-amzn-RequestId", requestId);
        }
    }

    private static void sendError(HttpExchange exchange, CloudResponse response, WireProtocol protocol,
            AwsServiceException error, String requestId) {
        if (response.isSent()) {
            LOG.warn("{} error after the response started: {}", requestId, error.getMessage());
            return;
        }
        try {
            drainRequestBody(exchange);
            setRequestIdHeaders(response, protocol, requestId);
            if (protocol == WireProtocol.JSON_1_1) {
                response.header("x-amzn-ErrorType", protocol.errorCode(error.code()));
            }
            exchange.getResponseHeaders().remove("ETag");
            response.send(error.status(), protocol.contentType(), protocol.errorBody(error, requestId));
        } catch (IOException e) {
            LOG.debug("{} could not send error: {}", requestId, e.toString());
        }
    }

    /**
     * Reads what is left of the request body before an error answer, so a client still sending
     * (a large PutObject with a wrong signature) reads the error instead of a reset connection.
     * Bounded: beyond {@link #MAX_DRAIN} the connection is simply closed.
     */
    private static void drainRequestBody(HttpExchange exchange) {
        try {
            long skipped = 0;
            byte[] buffer = new byte[64 * 1024];
            int n;
            while (skipped < MAX_DRAIN && (n = exchange.getRequestBody().read(buffer)) > 0) {
                skipped += n;
            }
        } catch (IOException e) {
            // the client has gone: nothing to answer
        }
    }

    private String newRequestId() {
        String random = UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
        return random + Integer.toHexString(requestCounter.incrementAndGet()).toUpperCase();
    }

    /** Stops accepting requests, then stops every service (the database server included). */
    @Override
    public void close() {
        int port = port();
        http.stop(0);
        workers.shutdownNow();
        for (ServiceHandler handler : services.values()) {
            try {
                handler.close();
            } catch (RuntimeException e) {
                LOG.warn("closing {} failed", handler.signingName(), e);
            }
        }
        LOG.info("local cloud on port {} stopped", port);
    }

}
