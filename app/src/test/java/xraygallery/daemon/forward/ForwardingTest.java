package xraygallery.daemon.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import xraygallery.daemon.DaemonConfig;
import xraygallery.daemon.DaemonFixture;
import xraygallery.daemon.Doc;

/** Daemon A forwards everything it receives to daemon B's X-Ray API; both keep it. */
@Tag("integration")
class ForwardingTest {

    static DaemonConfig.Forwarding to(URI endpoint) {
        return new DaemonConfig.Forwarding(endpoint, Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    }

    @Test
    void daemonA_forwardsToDaemonB_andBReturnsEveryTraceAReceived() throws Exception {
        try (DaemonFixture b = DaemonFixture.start("forward-b");
                DaemonFixture a = DaemonFixture.start("forward-a", c -> c.withForwarding(to(b.daemon().endpoint())))) {
            long now = Instant.now().getEpochSecond();
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 120; i++) { // more than two batches of 50, and a remainder flushed by time
                String traceId = Doc.newTraceId(now);
                sent.add(traceId);
                Doc root = Doc.segment("xray-gallery").trace(traceId).times(now, now + 0.5);
                a.send(Doc.subsegment("S3").namespace("aws").times(now + 0.1, now + 0.2).standalone(traceId, root.id()));
                a.send(root);
            }

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(a.telemetry().path("forwarding").path("forwarded").asLong()).isEqualTo(240);
                assertThat(b.telemetry().path("stored").asLong()).isEqualTo(240);
            });
            Set<String> inB = new HashSet<>();
            b.xray().getTraceSummariesPaginator(r -> r.startTime(Instant.ofEpochSecond(now - 60))
                    .endTime(Instant.ofEpochSecond(now + 60))).traceSummaries().forEach(s -> inB.add(s.id()));
            assertThat(inB).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(b.xray().batchGetTraces(r -> r.traceIds(sent.get(0))).traces().get(0).segments().get(0).document())
                    .contains("\"S3\"");
            assertThat(a.telemetry().path("stored").asLong()).as("A keeps its own copy").isEqualTo(240);
            assertThat(a.telemetry().path("forwarding").path("failures").asLong()).isZero();
        }
    }

    @Test
    void anUnreachableEndpoint_isRetriedThenCountedAsFailed_whileLocalStorageContinues() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            closedPort = probe.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort);
        try (DaemonFixture a = DaemonFixture.start("forward-fail", c -> c.withForwarding(to(nowhere)))) {
            long now = Instant.now().getEpochSecond();
            for (int i = 0; i < 3; i++) {
                a.send(Doc.segment("xray-gallery").trace(Doc.newTraceId(now)).times(now, now + 0.1));
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(a.telemetry().path("stored").asLong()).isEqualTo(3);
                assertThat(a.telemetry().path("forwarding").path("failures").asLong()).isEqualTo(3);
            });
            assertThat(a.telemetry().path("forwarding").path("forwarded").asLong()).isZero();
        }
    }

    /**
     * A stand-in for AWS X-Ray (AWS itself cannot run here): answers 500 twice, then reports one of the
     * documents of each batch as unprocessed.
     */
    @Test
    void serverErrors_areRetriedWithBackoff_andUnprocessedSegmentsAreCounted() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer stub = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/TraceSegments", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body;
            int status;
            if (calls.incrementAndGet() <= 2) {
                status = 500;
                body = "{\"__type\":\"InternalFailure\",\"message\":\"try again\"}".getBytes();
                exchange.getResponseHeaders().set("x-amzn-ErrorType", "InternalFailure");
            } else {
                status = 200;
                body = "{\"UnprocessedTraceSegments\":[{\"Id\":\"0123456789abcdef\",\"ErrorCode\":\"Throttled\",\"Message\":\"slow down\"}]}"
                        .getBytes();
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.start();
        Counted counted = new Counted();
        Forwarder forwarder = new Forwarder(DaemonFixture.newClient(URI.create("http://127.0.0.1:"
                + stub.getAddress().getPort())), counted);
        try {
            forwarder.startSenders();
            long now = Instant.now().getEpochSecond();
            List<xraygallery.daemon.segment.SegmentDocument> batch = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                batch.add(Doc.segment("xray-gallery").trace(Doc.newTraceId(now)).times(now, now + 1).build());
            }
            forwarder.accept(batch);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(counted.forwarded).isEqualTo(2);
                assertThat(counted.unprocessed).isEqualTo(1);
            });
            assertThat(calls.get()).isEqualTo(3);
            assertThat(counted.failed).isZero();
        } finally {
            forwarder.close();
            stub.stop(0);
        }
    }

    static final class Counted implements xraygallery.daemon.DaemonMetrics {
        volatile long forwarded;
        volatile long unprocessed;
        volatile long failed;

        @Override
        public synchronized void forwarded(int documents) {
            forwarded += documents;
        }

        @Override
        public synchronized void forwardFailed(int documents) {
            failed += documents;
        }

        @Override
        public synchronized void forwardUnprocessed(int documents) {
            unprocessed += documents;
        }
    }
}
