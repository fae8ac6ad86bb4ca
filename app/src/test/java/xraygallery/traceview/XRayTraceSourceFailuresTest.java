package xraygallery.traceview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import xraygallery.daemon.DaemonConfig;
import xraygallery.daemon.DaemonFixture;
import xraygallery.daemon.Doc;
import xraygallery.daemon.XRayDaemon;
import xraygallery.daemon.query.FilterExpression;
import xraygallery.daemon.query.FilterSyntaxException;

/** What the panel is told when reading fails: daemon down (and back), a bad filter, refused access. */
@Tag("integration")
class XRayTraceSourceFailuresTest {

    static TraceQuery lastHour() {
        return TraceQuery.last(Duration.ofHours(1), Instant.now());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aDaemonThatIsDown_isReportedUnreachable_quickly_byEveryQuery() throws Exception {
        try (XRayTraceSource source = XRayTraceSource.forLocalDaemon(URI.create("http://127.0.0.1:" + freePort()))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> source.recentTraces(lastHour()))
                    .isInstanceOf(TraceSourceUnreachableException.class)
                    .hasMessageContaining("is not answering")
                    .satisfies(e -> assertThat(((TraceSourceException) e).retryable()).isTrue());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));

            assertThatThrownBy(() -> source.trace(Doc.newTraceId())).isInstanceOf(TraceSourceUnreachableException.class);
            assertThatThrownBy(() -> source.serviceGraph(Instant.now().minusSeconds(60), Instant.now()))
                    .isInstanceOf(TraceSourceUnreachableException.class);
            assertThatThrownBy(source::daemonHealth).isInstanceOf(TraceSourceUnreachableException.class);
        }
    }

    @Test
    void aDaemonThatRestarts_isReadAgain_byTheSameSource() throws Exception {
        Path data = DaemonFixture.newDataDir("traceview-restart");
        XRayDaemon daemon = XRayDaemon.start(DaemonConfig.defaults(data).withFreePorts());
        InetSocketAddress tcp = daemon.tcpAddress();
        String traceId = Doc.newTraceId();
        try (XRayTraceSource source = XRayTraceSource.forLocalDaemon(daemon.endpoint());
                DatagramSocket udp = new DatagramSocket()) {
            byte[] datagram = Doc.segment("xray-gallery").trace(traceId)
                    .times(Instant.now().getEpochSecond() - 1, Instant.now().getEpochSecond()).datagram();
            udp.send(new DatagramPacket(datagram, datagram.length, daemon.udpAddress()));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(source.recentTraces(lastHour())).extracting(TraceRow::traceId).contains(traceId));

            daemon.close();
            long started = System.nanoTime();
            assertThatThrownBy(() -> source.recentTraces(lastHour())).isInstanceOf(TraceSourceUnreachableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));

            daemon = XRayDaemon.start(DaemonConfig.defaults(data)
                    .withAddresses(new InetSocketAddress("127.0.0.1", 0), tcp));
            assertThat(source.recentTraces(lastHour())).extracting(TraceRow::traceId).contains(traceId);
            assertThat(source.trace(traceId)).isPresent();
            assertThat(source.daemonHealth().available()).isTrue();
        } finally {
            daemon.close();
        }
    }

    @Test
    void anInvalidFilterExpression_isReportedWithThePositionTheDaemonNames() throws Exception {
        String expression = "annotation.action = \"upload\" AND duration >";
        int expected;
        try {
            FilterExpression.parse(expression);
            throw new AssertionError("the expression should be invalid");
        } catch (FilterSyntaxException e) {
            expected = e.position();
        }
        try (DaemonFixture fixture = DaemonFixture.start("traceview-filter");
                XRayTraceSource source = XRayTraceSource.forLocalDaemon(fixture.daemon().endpoint())) {
            assertThatThrownBy(() -> source.recentTraces(lastHour().withFilter(expression)))
                    .isInstanceOfSatisfying(InvalidFilterExpressionException.class, e -> {
                        assertThat(e.position()).hasValue(expected);
                        assertThat(e.expression()).isEqualTo(expression);
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("position " + expected);
                    });
            assertThatThrownBy(() -> source.recentTraces(lastHour().withFilter("annotation.action = ")))
                    .isInstanceOfSatisfying(InvalidFilterExpressionException.class,
                            e -> assertThat(e.position()).hasValue(21));
        }
    }

    @Test
    void theErrorPositionIsReadFromTheMessage_orIsAbsent() {
        assertThat(InvalidFilterExpressionException.positionIn(
                "Invalid FilterExpression at position 12: expected a value in \"x\" (---^)")).isEqualTo(12);
        assertThat(new InvalidFilterExpressionException("x", "Invalid filter expression", null).position()).isEmpty();
        assertThat(InvalidFilterExpressionException.positionIn(null)).isEqualTo(-1);
    }

    /** A stand-in for AWS X-Ray answering every call with one error. */
    static HttpServer refusing(int status, String errorType, String message, AtomicReference<String> lastPath)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            lastPath.set(exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            byte[] body = exchange.getRequestURI().getPath().equals("/telemetry") ? new byte[0]
                    : ("{\"__type\":\"" + errorType + "\",\"message\":\"" + message + "\"}")
                            .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            int code = exchange.getRequestURI().getPath().equals("/telemetry") ? 404 : status;
            exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    static URI endpoint(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void refusedAccess_isAccessDenied_andAnEndpointWithoutTelemetry_hasNoHealthToShow() throws Exception {
        AtomicReference<String> path = new AtomicReference<>();
        HttpServer server = refusing(403, "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/tracy is not authorized to perform: xray:GetTraceSummaries", path);
        try (XRayTraceSource source = XRayTraceSource.forLocalDaemon(endpoint(server))) {
            assertThatThrownBy(() -> source.recentTraces(lastHour()))
                    .isInstanceOfSatisfying(TraceAccessDeniedException.class, e -> {
                        assertThat(e.getMessage()).contains("not authorized to perform: xray:GetTraceSummaries");
                        assertThat(e.retryable()).isFalse();
                    });
            assertThat(path.get()).isEqualTo("/TraceSummaries");
            assertThatThrownBy(() -> source.serviceGraph(Instant.now().minusSeconds(60), Instant.now()))
                    .isInstanceOf(TraceAccessDeniedException.class);
            assertThat(source.daemonHealth()).isInstanceOfSatisfying(DaemonHealth.NotAvailable.class,
                    h -> assertThat(h.reason()).contains("not the bundled daemon"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void invalidCredentials_areAccessDeniedToo() throws Exception {
        HttpServer server = refusing(400, "UnrecognizedClientException", "The security token included in the request"
                + " is invalid.", new AtomicReference<>());
        try (XRayTraceSource source = XRayTraceSource.forLocalDaemon(endpoint(server))) {
            assertThatThrownBy(() -> source.trace(Doc.newTraceId())).isInstanceOf(TraceAccessDeniedException.class);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void otherRefusals_areFailures_retryableWhenTheServiceFailed() throws Exception {
        HttpServer failing = refusing(500, "InternalFailure", "the trace store failed", new AtomicReference<>());
        HttpServer invalid = refusing(400, "InvalidRequestException", "StartTime must not be after EndTime",
                new AtomicReference<>());
        try (XRayTraceSource broken = XRayTraceSource.forLocalDaemon(endpoint(failing));
                XRayTraceSource refusing = XRayTraceSource.forLocalDaemon(endpoint(invalid))) {
            assertThatThrownBy(() -> broken.recentTraces(lastHour()))
                    .isInstanceOfSatisfying(TraceSourceFailedException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage()).contains("the trace store failed");
                    });
            assertThatThrownBy(() -> refusing.recentTraces(lastHour().withFilter("fault")))
                    .isInstanceOfSatisfying(TraceSourceFailedException.class,
                            e -> assertThat(e.retryable()).isFalse());
        } finally {
            failing.stop(0);
            invalid.stop(0);
        }
    }

    @Test
    void awsXRay_hasNoDaemonCounters_whichIsNotAnError() throws Exception {
        try (XRayTraceSource aws = XRayTraceSource.forAws(null, "eu-west-1")) {
            assertThat(aws.description()).isEqualTo("AWS X-Ray in eu-west-1");
            assertThat(aws.daemonHealth()).isInstanceOf(DaemonHealth.NotAvailable.class);
            assertThat(aws.daemonHealth().available()).isFalse();
        }
    }
}
