package xraygallery.ui.traces;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import xraygallery.traceview.AnnotationValue;
import xraygallery.traceview.AwsCall;
import xraygallery.traceview.Component;
import xraygallery.traceview.Span;
import xraygallery.traceview.SpanException;
import xraygallery.traceview.SpanFlag;
import xraygallery.traceview.SpanKind;
import xraygallery.traceview.SpanTree;
import xraygallery.traceview.SqlCall;
import xraygallery.traceview.TraceRow;

/**
 * Hand-built span trees for the panel's tests, times in ms after a trace's start:
 * {@code Trees.upload("alice", 0, 500).child(Trees.resize(10, 200)).tree(id)}.
 */
final class Trees {
    static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static int ids;

    private final String name;
    private final String namespace;
    private final double startMs;
    private final Double endMs;
    private AwsCall aws;
    private SqlCall sql;
    private boolean fault;
    private boolean error;
    private boolean throttle;
    private Integer status;
    private String parentId;
    private final List<SpanException> exceptions = new ArrayList<>();
    private final Map<String, AnnotationValue> annotations = new LinkedHashMap<>();
    private final Set<SpanFlag> flags = EnumSet.noneOf(SpanFlag.class);
    private final List<Trees> children = new ArrayList<>();

    private Trees(String name, String namespace, double startMs, Double endMs) {
        this.name = name;
        this.namespace = namespace;
        this.startMs = startMs;
        this.endMs = endMs;
        if (endMs == null) {
            flags.add(SpanFlag.IN_PROGRESS);
        }
    }

    static Trees action(String action, String user, double startMs, Double endMs) {
        Trees root = new Trees("xray-gallery", null, startMs, endMs);
        root.annotations.put("action", AnnotationValue.of(action));
        root.annotations.put("user", AnnotationValue.of(user));
        return root;
    }

    static Trees upload(String user, double startMs, double endMs) {
        return action("upload", user, startMs, endMs);
    }

    static Trees local(String name, double startMs, double endMs) {
        return new Trees(name, null, startMs, endMs);
    }

    static Trees resize(double startMs, double endMs) {
        return local("resize_image", startMs, endMs);
    }

    static Trees s3(String operation, double startMs, double endMs) {
        Trees s3 = new Trees("S3", "aws", startMs, endMs);
        s3.aws = new AwsCall(operation, "photos", "photos/alice/1.jpg", null, "us-east-1", "req-1");
        s3.status = 200;
        return s3;
    }

    static Trees rekognition(String operation, double startMs, double endMs) {
        Trees r = new Trees("Rekognition", "aws", startMs, endMs);
        r.aws = new AwsCall(operation, null, null, null, "us-east-1", null);
        r.status = 200;
        return r;
    }

    static Trees sql(double startMs, double endMs) {
        Trees s = new Trees("photos@127.0.0.1", "remote", startMs, endMs);
        s.sql = new SqlCall("jdbc:mysql://127.0.0.1:3306/photos", "MySQL", "10.11.5-MariaDB", null, "photos_app",
                null);
        return s;
    }

    static Trees running(String name, double startMs) {
        return new Trees(name, null, startMs, null);
    }

    Trees fault(int httpStatus, String exceptionType, String message) {
        this.fault = true;
        this.status = httpStatus;
        exceptions.add(new SpanException("e" + (++ids), exceptionType, message, true, null));
        return this;
    }

    Trees throttle() {
        this.throttle = true;
        this.status = 429;
        return this;
    }

    Trees error() {
        this.error = true;
        return this;
    }

    Trees flag(SpanFlag flag) {
        flags.add(flag);
        return this;
    }

    Trees parent(String id) {
        this.parentId = id;
        return this;
    }

    Trees annotate(String key, Object value) {
        annotations.put(key, value instanceof Number n ? AnnotationValue.of(n.doubleValue())
                : AnnotationValue.of(String.valueOf(value)));
        return this;
    }

    Trees child(Trees... more) {
        children.addAll(List.of(more));
        return this;
    }

    SpanTree tree(String traceId) {
        return SpanTree.of(traceId, build(traceId, "root", null, T0));
    }

    /** The tree, starting at {@code start}. */
    SpanTree tree(String traceId, Instant start) {
        return SpanTree.of(traceId, build(traceId, "root", null, start));
    }

    private Span build(String traceId, String id, String parent, Instant origin) {
        List<Span> built = new ArrayList<>();
        for (int i = 0; i < children.size(); i++) {
            built.add(children.get(i).build(traceId, id + "." + i, id, origin));
        }
        built.sort(java.util.Comparator.comparing(Span::start));
        Instant start = at(origin, startMs);
        Instant end = endMs == null ? null : at(origin, endMs);
        boolean hasSql = sql != null;
        return new Span(id, parentId != null ? parentId : parent, name, namespace,
                parent == null ? SpanKind.SEGMENT : SpanKind.SUBSEGMENT, start, end, fault, error, throttle, status, aws,
                sql, exceptions, null, annotations, Map.of(), Component.classify(name, namespace, hasSql, false), flags,
                built);
    }

    static Instant at(Instant origin, double ms) {
        return origin.plusNanos(Math.round(ms * 1_000_000));
    }

    /** A trace id whose time part is {@code start}. */
    static String traceId(Instant start, int n) {
        return String.format("1-%08x-%024x", start.getEpochSecond(), n);
    }

    /** The list row for a tree, as the daemon's summary would give it. */
    static TraceRow row(SpanTree tree) {
        Span root = tree.root();
        Map<String, List<AnnotationValue>> annotations = new LinkedHashMap<>();
        tree.annotations().forEach((k, v) -> annotations.put(k, List.of(v)));
        Duration duration = root.inProgress() ? null : tree.duration();
        return new TraceRow(tree.traceId(), root.start(), text(tree, "action"), text(tree, "user"), duration, duration,
                root.httpStatus(), root.fault(), root.error(), tree.spans().stream().anyMatch(Span::throttle),
                root.inProgress(), annotations);
    }

    private static String text(SpanTree tree, String key) {
        AnnotationValue value = tree.annotations().get(key);
        return value == null ? null : value.text();
    }

    /** A typical upload: validate, SQL, resize, 3 × S3, 2 × Rekognition, SQL. */
    static Trees typicalUpload(String user, double resizeMs) {
        double t = 0;
        Trees root = upload(user, 0, 0);
        List<Trees> parts = new ArrayList<>();
        parts.add(local("validate", t, t += 3));
        parts.add(sql(t, t += 4));
        parts.add(resize(t, t += resizeMs));
        parts.add(s3("PutObject", t, t += 40));
        parts.add(s3("PutObject", t, t += 30));
        parts.add(s3("PutObject", t, t += 20));
        parts.add(rekognition("DetectLabels", t, t += 100));
        parts.add(rekognition("DetectFaces", t, t += 50));
        parts.add(sql(t, t += 7));
        Trees whole = upload(user, 0, t + 2);
        whole.children.addAll(parts);
        return whole;
    }
}
