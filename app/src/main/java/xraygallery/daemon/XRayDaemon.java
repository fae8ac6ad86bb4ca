package xraygallery.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.daemon.api.ApiServer;
import xraygallery.daemon.api.SamplingRules;
import xraygallery.daemon.api.XRayApi;
import xraygallery.daemon.forward.Forwarder;
import xraygallery.daemon.ingest.BatchHandoff;
import xraygallery.daemon.ingest.IngestBuffer;
import xraygallery.daemon.ingest.Intake;
import xraygallery.daemon.ingest.SegmentDecoder;
import xraygallery.daemon.ingest.StorageWriter;
import xraygallery.daemon.ingest.UdpReceiver;
import xraygallery.daemon.segment.SegmentSink;
import xraygallery.daemon.store.CountingStoreSink;
import xraygallery.daemon.store.SqliteTraceStorage;
import xraygallery.daemon.store.StorageStats;
import xraygallery.daemon.store.StoreUpkeep;
import xraygallery.daemon.store.TraceStorage;
import xraygallery.files.OwnerOnly;

/**
 * The bundled X-Ray daemon: UDP receiver → bounded ingest buffer → one decoder → one writer → SQLite store (and,
 * if asked, forwarding to AWS X-Ray), with the X-Ray API and telemetry on the TCP port.
 *
 * <pre>
 * UDP :2000 ─► UdpReceiver ─────────────┐
 *              (copies only)            ├─► Intake ─► IngestBuffer ─► SegmentDecoder ─► StorageWriter ─► TraceStorage
 * TCP :2000 PutTraceSegments ───────────┘   (count)   (raw datagrams, (validate,       (one thread,    └► Forwarder
 *           Get*, BatchGetTraces ◄─────────────────    drop oldest)    prepare)         commits)
 * </pre>
 */
public final class XRayDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(XRayDaemon.class);
    private static final Duration TELEMETRY_EVERY = Duration.ofMinutes(1);

    private final DaemonConfig config;
    private final DaemonCounters counters = new DaemonCounters();
    private final List<AutoCloseable> parts = new ArrayList<>();
    private final Instant startedAt;
    private TraceStorage storage;
    private IngestBuffer buffer;
    private final BatchHandoff handoff = new BatchHandoff();
    private UdpReceiver udp;
    private ApiServer api;
    private Forwarder forwarder;
    private DaemonCounters.Snapshot lastLogged;
    private boolean closed;

    private XRayDaemon(DaemonConfig config) {
        this.config = config;
        this.startedAt = config.clock().instant();
    }

    /** Opens the store and starts every part; on failure, stops what was started and throws. */
    public static XRayDaemon start(DaemonConfig config) throws IOException {
        XRayDaemon daemon = new XRayDaemon(config);
        try {
            daemon.startParts();
        } catch (IOException | RuntimeException e) {
            daemon.close();
            throw e;
        }
        return daemon;
    }

    private void startParts() throws IOException {
        SamplingRules rules = config.samplingRules() != null ? SamplingRules.load(config.samplingRules())
                : SamplingRules.recordEverything();
        // the traces are the user's: their folder 0700 (an existing one tightened, said once)
        OwnerOnly.secure(config.dataDir(), LOG);
        storage = SqliteTraceStorage.open(config.dataDir(), config.clock());
        buffer = new IngestBuffer(config.bufferBytes(), counters);
        Intake intake = new Intake(buffer, counters);
        List<SegmentSink> sinks = new ArrayList<>(List.of(new CountingStoreSink(storage, counters)));
        if (config.forwarding() != null) {
            forwarder = Forwarder.start(config.forwarding(), counters);
            sinks.add(forwarder);
        }
        StorageWriter writer = new StorageWriter(handoff, SegmentSink.composite(sinks),
                new StoreUpkeep(storage, config.retention(), config.maxStoreBytes()), config.clock()).start();
        SegmentDecoder decoder = new SegmentDecoder(intake, storage::prepare, handoff).start();
        // closed in reverse order: receivers stop first, then the decoder and the writer drain, then forwarding
        // and the store
        parts.add(storage);
        if (forwarder != null) {
            parts.add(forwarder);
        }
        parts.add(writer);
        parts.add(decoder);
        api = ApiServer.start(config.tcp(), new XRayApi(intake, storage.store(), rules, config.clock()), this::telemetry);
        parts.add(api);
        udp = UdpReceiver.start(config.udp(), config.receiverThreads(), intake);
        parts.add(udp);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "daemon-telemetry");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(this::logTelemetry, TELEMETRY_EVERY.toSeconds(), TELEMETRY_EVERY.toSeconds(),
                TimeUnit.SECONDS);
        parts.add(ticker::shutdownNow);
        if (!udp.localAddress().getAddress().isLoopbackAddress() || !api.localAddress().getAddress().isLoopbackAddress()) {
            LOG.warn("listening beyond loopback (udp={} tcp={}): the X-Ray API does not check signatures, so anyone"
                    + " who can reach it can read and write traces", udpAddress(), tcpAddress());
        }
        LOG.info("X-Ray daemon listening on udp={} tcp={} with traces in {}", DaemonAddresses.format(udpAddress()),
                DaemonAddresses.format(tcpAddress()), config.dataDir());
    }

    public InetSocketAddress udpAddress() {
        return udp.localAddress();
    }

    public InetSocketAddress tcpAddress() {
        return api.localAddress();
    }

    /** {@code http://host:port} of the X-Ray API. */
    public java.net.URI endpoint() {
        return java.net.URI.create("http://" + DaemonAddresses.format(tcpAddress()));
    }

    public DaemonCounters counters() {
        return counters;
    }

    /** The store, for in-process inspection (tests). */
    public TraceStorage storage() {
        return storage;
    }

    /** The {@code GET /telemetry} document. */
    public ObjectNode telemetry() {
        DaemonCounters.Snapshot s = counters.snapshot();
        ObjectNode t = DaemonJson.MAPPER.createObjectNode();
        t.put("daemon", "xray-gallery");
        t.put("uptimeSeconds", Duration.between(startedAt, config.clock().instant()).toSeconds());
        t.put("received", s.received());
        t.put("rejected", s.rejected());
        t.set("rejectedByReason", DaemonJson.MAPPER.valueToTree(s.rejectedByReason()));
        if (s.lastRejection() != null) {
            t.put("lastRejection", s.lastRejection());
        }
        t.put("spillover", s.spillover());
        t.put("stored", s.stored());
        t.put("storeFailures", s.storeFailures());
        t.put("buffered", buffer.size() + handoff.documents());
        t.put("bufferedBytes", buffer.bytes());
        t.put("bufferCapacityBytes", buffer.capacityBytes());
        t.put("udpKernelDrops", udp != null ? udp.kernelDrops() : -1);
        t.put("udpReceiveBufferBytes", udp != null ? udp.receiveBufferBytes() : -1);
        ObjectNode forwarding = t.putObject("forwarding");
        forwarding.put("enabled", forwarder != null);
        forwarding.put("forwarded", s.forwarded());
        forwarding.put("failures", s.forwardFailures());
        forwarding.put("unprocessed", s.forwardUnprocessed());
        forwarding.put("dropped", s.forwardDropped());
        forwarding.put("queued", forwarder != null ? forwarder.queued() : 0);
        try {
            StorageStats stats = storage.stats();
            t.putObject("store").put("traces", stats.traces()).put("bytes", stats.bytes())
                    .put("fileMissing", stats.fileMissing());
        } catch (RuntimeException e) {
            t.putObject("store").put("error", e.getMessage());
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        t.putObject("jvm").put("heapUsedBytes", heap.getUsed()).put("heapMaxBytes", heap.getMax());
        return t;
    }

    private void logTelemetry() {
        DaemonCounters.Snapshot now = counters.snapshot();
        DaemonCounters.Snapshot before = lastLogged;
        lastLogged = now;
        LOG.info("telemetry: received {} (+{}), rejected {} (+{}), spillover {} (+{}), stored {} (+{}),"
                        + " store failures {}, forwarded {} (+{}), forward failures {}, unprocessed {}, dropped {},"
                        + " udp kernel drops {}",
                now.received(), delta(now.received(), before == null ? 0 : before.received()),
                now.rejected(), delta(now.rejected(), before == null ? 0 : before.rejected()),
                now.spillover(), delta(now.spillover(), before == null ? 0 : before.spillover()),
                now.stored(), delta(now.stored(), before == null ? 0 : before.stored()),
                now.storeFailures(), now.forwarded(), delta(now.forwarded(), before == null ? 0 : before.forwarded()),
                now.forwardFailures(), now.forwardUnprocessed(), now.forwardDropped(), udp.kernelDrops());
    }

    private static long delta(long now, long before) {
        return now - before;
    }

    /** Stops receiving, writes what is buffered, forwards what is queued, closes the store. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", parts.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        if (storage != null && !parts.contains(storage)) {
            storage.close();
        }
        LOG.info("X-Ray daemon stopped: {}", counters.snapshot());
    }
}
