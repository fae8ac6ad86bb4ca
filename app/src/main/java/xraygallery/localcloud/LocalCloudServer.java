package xraygallery.localcloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private static final long MAX_DRAIN = 64L * 1024 * 1024;

    private final LocalCloudConfig config;
    private final Map<String, ServiceHandler> services = new LinkedHashMap<>();
    private final SigV4Verifier verifier;
    private final FaultInjector faults;
    private final AdminApi admin;
    private final RequestIds requestIds = new RequestIds();
    private final CloudHttpServer http;

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
        this.http = new CloudHttpServer(config.port(), this::serve, requestIds);
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
        try {
            server.http.start();
        } catch (IOException e) {
            handlers.forEach(ServiceHandler::close);
            throw e;
        }
        LOG.info("local cloud listening on {} with data in {}", server.endpoint(), config.dataDir());
        return server;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return URI.create("http://" + LocalCloudConfig.BIND_ADDRESS + ":" + port());
    }

    /** The port it listens on (the free one picked when configured with port 0). */
    public int port() {
        return http.port();
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

    private void serve(String method, String rawPath, String rawQuery, RequestHeaders headers, InputStream body,
            CloudResponse response) {
        String requestId = requestIds.next();
        WireProtocol protocol = WireProtocol.REST_XML;
        String service = "-";
        String operation = "-";
        try {
            CloudRequest request = new CloudRequest(method, rawPath, rawQuery, headers, body, requestId);
            if (request.rawPath().startsWith(AdminApi.PREFIX)) {
                admin.handle(request, response);
                return;
            }
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
            protocol.requestIdHeaders(requestId).forEach(response::header);
            request.authenticate(auth, verifier);
            operation = handler.operationOf(request);
            faults.apply(service, operation);
            handler.handle(request, response);
        } catch (AwsServiceException e) {
            LOG.debug("{} {} {} -> {} {}", requestId, service, operation, e.status(), e.code());
            sendError(body, response, protocol, e, requestId);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("{} {} {} failed: {}", requestId, service, operation, e.toString());
            sendError(body, response, protocol, new AwsServiceException(500, "InternalError",
                    "We encountered an internal error. Please try again."), requestId);
        } catch (RuntimeException e) {
            LOG.error("{} {} {} failed", requestId, service, operation, e);
            sendError(body, response, protocol, new AwsServiceException(500, "InternalError",
                    "We encountered an internal error. Please try again."), requestId);
        }
    }

    private static void sendError(InputStream body, CloudResponse response, WireProtocol protocol,
            AwsServiceException error, String requestId) {
        if (response.isSent()) {
            LOG.warn("{} error after the response started: {}", requestId, error.getMessage());
            return;
        }
        try {
            drain(body);
            response.sendError(protocol, error, requestId);
        } catch (IOException e) {
            LOG.debug("{} could not send error: {}", requestId, e.toString());
        }
    }

    /**
     * Reads what is left of the request body before an error answer, so a client still sending
     * (a large PutObject with a wrong signature) reads the error instead of a reset connection.
     * Bounded: beyond {@link #MAX_DRAIN} the connection is simply closed.
     */
    private static void drain(InputStream body) {
        try {
            long skipped = 0;
            byte[] buffer = new byte[64 * 1024];
            int n;
            while (skipped < MAX_DRAIN && (n = body.read(buffer)) > 0) {
                skipped += n;
            }
        } catch (IOException e) {
            // the client has gone: nothing to answer
        }
    }

    /** Stops accepting requests, then stops every service (the database server included). */
    @Override
    public void close() {
        int port = port();
        http.close();
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
