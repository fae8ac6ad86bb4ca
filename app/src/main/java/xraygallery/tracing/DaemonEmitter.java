package xraygallery.tracing;

import com.amazonaws.xray.emitters.Emitter;
import com.amazonaws.xray.entities.Entity;
import com.amazonaws.xray.entities.Segment;
import com.amazonaws.xray.entities.Subsegment;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends segments to the daemon over UDP like the X-Ray SDK's emitter, but never loses a large document
 * silently: a document over the datagram limit is sent in parts (its completed subsegments first, as streamed
 * subsegments the daemon puts back together, at any depth); if one entity alone is still too big its metadata
 * is left out (logged); if even that does not fit, the loss is logged with the entity's name, id, trace and
 * size, and counted. Before anything is serialized, SQL blocks and recorded exceptions are redacted
 * ({@link SqlRedaction}): no credentials, no SQL values, no working directory.
 */
final class DaemonEmitter extends Emitter {
    /** Header plus document must fit a UDP datagram (65,507 bytes); the SDK's own limit is 63 KiB. */
    static final int MAX_DATAGRAM = 63 * 1024;
    private static final byte[] HEADER = (PROTOCOL_HEADER + PROTOCOL_DELIMITER).getBytes(StandardCharsets.UTF_8);
    private static final Logger LOG = LoggerFactory.getLogger(DaemonEmitter.class);

    private final DatagramSocket socket;
    private final InetSocketAddress daemon;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong split = new AtomicLong();
    private final AtomicLong metadataDropped = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();

    DaemonEmitter(InetSocketAddress daemon) throws SocketException {
        this.socket = new DatagramSocket();
        this.daemon = daemon;
    }

    @Override
    public boolean sendSegment(Segment segment) {
        redactTree(segment);
        byte[] bytes = datagram(segment.serialize());
        if (bytes.length > MAX_DATAGRAM && !segment.getSubsegments().isEmpty()) {
            split.incrementAndGet();
            for (Subsegment child : segment.getSubsegmentsCopy()) {
                sendSubsegment(child);
                segment.removeSubsegment(child);
            }
            bytes = datagram(segment.serialize());
        }
        if (bytes.length > MAX_DATAGRAM) {
            bytes = withoutMetadata(segment, bytes.length, () -> datagram(segment.serialize()));
        }
        return bytes != null && send(bytes, segment);
    }

    /**
     * Sends a copy of a segment that has just begun ({@code in_progress}, no end time), so that the daemon — and the
     * trace panel — see a running action at once; the complete segment replaces it when the action ends. A copy
     * that does not fit one datagram is skipped (the complete one still follows).
     */
    boolean sendInProgress(Segment segment) {
        if (!segment.isInProgress()) {
            return false;
        }
        redactTree(segment);
        byte[] bytes = datagram(segment.serialize());
        return bytes.length <= MAX_DATAGRAM && send(bytes, segment);
    }

    @Override
    public boolean sendSubsegment(Subsegment subsegment) {
        redactTree(subsegment);
        byte[] bytes = datagram(subsegment.streamSerialize());
        if (bytes.length > MAX_DATAGRAM && !subsegment.getSubsegments().isEmpty()) {
            split.incrementAndGet();
            boolean all = true;
            for (Subsegment child : subsegment.getSubsegmentsCopy()) {
                all &= sendSubsegment(child);
                subsegment.removeSubsegment(child);
            }
            bytes = datagram(subsegment.streamSerialize());
            if (!all) {
                LOG.debug("some parts of subsegment {} were lost", subsegment.getName());
            }
        }
        if (bytes.length > MAX_DATAGRAM) {
            bytes = withoutMetadata(subsegment, bytes.length, () -> datagram(subsegment.streamSerialize()));
        }
        return bytes != null && send(bytes, subsegment);
    }

    private byte[] withoutMetadata(Entity entity, int size, java.util.function.Supplier<byte[]> serialize) {
        if (!entity.getMetadata().isEmpty()) {
            entity.getMetadata().clear();
            byte[] bytes = serialize.get();
            if (bytes.length <= MAX_DATAGRAM) {
                metadataDropped.incrementAndGet();
                LOG.warn("X-Ray document '{}' ({} in trace {}) was {} bytes, over the {}-byte datagram limit;"
                        + " sent without its metadata", entity.getName(), entity.getId(), entity.getTraceId(), size,
                        MAX_DATAGRAM);
                return bytes;
            }
            size = bytes.length;
        }
        lost.incrementAndGet();
        LOG.error("X-Ray document '{}' ({} in trace {}) is {} bytes, over the {}-byte datagram limit even without"
                + " subsegments and metadata (large annotations or exceptions?); it was not sent",
                entity.getName(), entity.getId(), entity.getTraceId(), size, MAX_DATAGRAM);
        return null;
    }

    private static byte[] datagram(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[HEADER.length + body.length];
        System.arraycopy(HEADER, 0, bytes, 0, HEADER.length);
        System.arraycopy(body, 0, bytes, HEADER.length, body.length);
        return bytes;
    }

    private boolean send(byte[] bytes, Entity entity) {
        try {
            socket.send(new DatagramPacket(bytes, bytes.length, daemon));
            sent.incrementAndGet();
            return true;
        } catch (IOException | RuntimeException e) {
            lost.incrementAndGet();
            LOG.error("sending X-Ray document '{}' ({}, {} bytes) to {} failed: {}", entity.getName(), entity.getId(),
                    bytes.length, daemon, e.toString());
            return false;
        }
    }

    private static void redactTree(Entity entity) {
        SqlRedaction.redact(entity.getSql());
        SqlRedaction.redact(entity.getCause());
        for (Subsegment child : entity.getSubsegmentsCopy()) {
            redactTree(child);
        }
    }

    TracingStats stats() {
        return new TracingStats(sent.get(), split.get(), metadataDropped.get(), lost.get());
    }

    void close() {
        socket.close();
    }
}
