package xraygallery.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import xraygallery.daemon.segment.InvalidSegmentException;
import xraygallery.daemon.segment.SegmentDocument;

/** Builds X-Ray segment documents for tests: {@code Doc.segment("svc").trace(t).times(1, 2).build()}. */
public final class Doc {
    private final ObjectNode node = DaemonJson.MAPPER.createObjectNode();

    private Doc(String name) {
        node.put("name", name);
        node.put("id", newId());
    }

    public static Doc segment(String name) {
        return new Doc(name);
    }

    /** A subsegment to embed with {@link #sub} or to send alone with {@link #standalone}. */
    public static Doc subsegment(String name) {
        return new Doc(name);
    }

    public static String newId() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    /** A trace id whose time part is {@code epochSeconds}. */
    public static String newTraceId(long epochSeconds) {
        byte[] random = new byte[12];
        ThreadLocalRandom.current().nextBytes(random);
        return "1-" + String.format("%08x", epochSeconds) + "-" + HexFormat.of().formatHex(random);
    }

    public static String newTraceId() {
        return newTraceId(System.currentTimeMillis() / 1000);
    }

    public Doc id(String id) {
        node.put("id", id);
        return this;
    }

    public String id() {
        return node.get("id").asText();
    }

    public Doc trace(String traceId) {
        node.put("trace_id", traceId);
        return this;
    }

    public Doc times(double start, double end) {
        node.put("start_time", start);
        node.put("end_time", end);
        return this;
    }

    public Doc inProgress(double start) {
        node.put("start_time", start);
        node.remove("end_time");
        node.put("in_progress", true);
        return this;
    }

    public Doc parent(String parentId) {
        node.put("parent_id", parentId);
        return this;
    }

    /** Marks this as a subsegment sent on its own: type, trace id and parent id. */
    public Doc standalone(String traceId, String parentId) {
        node.put("type", "subsegment");
        node.put("trace_id", traceId);
        node.put("parent_id", parentId);
        return this;
    }

    public Doc namespace(String namespace) {
        node.put("namespace", namespace);
        return this;
    }

    public Doc origin(String origin) {
        node.put("origin", origin);
        return this;
    }

    public Doc user(String user) {
        node.put("user", user);
        return this;
    }

    public Doc fault() {
        node.put("fault", true);
        return this;
    }

    public Doc error() {
        node.put("error", true);
        return this;
    }

    public Doc throttle() {
        node.put("error", true);
        node.put("throttle", true);
        return this;
    }

    public Doc annotation(String key, Object value) {
        ObjectNode annotations = node.with("annotations");
        if (value instanceof Number number) {
            annotations.put(key, number.doubleValue());
        } else if (value instanceof Boolean bool) {
            annotations.put(key, bool);
        } else {
            annotations.put(key, String.valueOf(value));
        }
        return this;
    }

    public Doc httpStatus(int status) {
        node.with("http").with("response").put("status", status);
        return this;
    }

    public Doc httpRequest(String method, String url) {
        node.with("http").with("request").put("method", method).put("url", url);
        return this;
    }

    public Doc sql(String url) {
        node.with("sql").put("url", url);
        return this;
    }

    public Doc exception(String type, String message) {
        node.with("cause").withArray("exceptions").addObject().put("type", type).put("message", message)
                .put("id", newId());
        return this;
    }

    public Doc sub(Doc child) {
        node.withArray("subsegments").add(child.node);
        return this;
    }

    public Doc put(String field, String value) {
        node.put(field, value);
        return this;
    }

    public ObjectNode node() {
        return node;
    }

    public String json() {
        return node.toString();
    }

    public byte[] bytes() {
        return json().getBytes(StandardCharsets.UTF_8);
    }

    /** The datagram an X-Ray SDK would send. */
    public byte[] datagram() {
        return ("{\"format\": \"json\", \"version\": 1}\n" + json()).getBytes(StandardCharsets.UTF_8);
    }

    public SegmentDocument build() {
        try {
            return SegmentDocument.parse(bytes());
        } catch (InvalidSegmentException e) {
            throw new IllegalStateException("test document is invalid: " + e.getMessage() + ": " + json(), e);
        }
    }
}
