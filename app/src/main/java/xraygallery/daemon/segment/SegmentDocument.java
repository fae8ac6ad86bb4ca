package xraygallery.daemon.segment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One validated X-Ray segment or subsegment document as received: the fields the daemon indexes, plus the
 * document's exact bytes (what is stored and forwarded). Immutable; build one with {@link #parse}.
 *
 * <p>Required, as in the X-Ray segment document schema: {@code name} (1–200 characters), {@code id} (16 hex
 * digits), {@code trace_id} ({@code 1-<8 hex>-<24 hex>}), {@code start_time}, and {@code end_time} or
 * {@code in_progress: true}. A subsegment sent on its own needs {@code "type": "subsegment"} and a
 * {@code parent_id}.
 */
public final class SegmentDocument {
    /** The size limit of one document, as for the UDP protocol and PutTraceSegments. */
    public static final int MAX_DOCUMENT_BYTES = 64 * 1024;
    private static final int MAX_NAME_LENGTH = 200;
    /** JSON nesting allowed: about 250 levels of subsegments; deeper documents are refused, not a stack overflow. */
    public static final int MAX_NESTING = 512;

    /** Whether a document is a segment or a subsegment sent on its own. */
    public enum Kind { SEGMENT, SUBSEGMENT }

    private final String traceId;
    private final String id;
    private final String parentId;
    private final Kind kind;
    private final String name;
    private final double startTime;
    private final double endTime;
    private final boolean inProgress;
    private final byte[] json;
    private final TraceFacts traceFacts;
    private final EntityView view;

    /**
     * What a store computed ahead, on the decoding thread (in parallel with its one writer), for a document that is
     * probably a whole trace (a complete root segment): the writer uses it if the trace turns out to be new.
     *
     * @param graphFacts the trace's service-graph facts
     * @param startTime the trace's start
     * @param endTime the trace's last event
     */
    public record TraceFacts(String graphFacts, double startTime, double endTime) {
    }

    private SegmentDocument(String traceId, String id, String parentId, Kind kind, String name, double startTime,
            double endTime, boolean inProgress, byte[] json, EntityView view) {
        this.traceId = traceId;
        this.id = id;
        this.parentId = parentId;
        this.kind = kind;
        this.name = name;
        this.startTime = startTime;
        this.endTime = endTime;
        this.inProgress = inProgress;
        this.json = json;
        this.traceFacts = null;
        this.view = view;
    }

    private SegmentDocument(SegmentDocument document, TraceFacts traceFacts) {
        this.traceId = document.traceId;
        this.id = document.id;
        this.parentId = document.parentId;
        this.kind = document.kind;
        this.name = document.name;
        this.startTime = document.startTime;
        this.endTime = document.endTime;
        this.inProgress = document.inProgress;
        this.json = document.json;
        this.traceFacts = traceFacts;
        this.view = null;
    }

    /**
     * The document as read while it was validated ({@link EntityView}: what its trace's times and service-graph
     * facts use), so that a store computing those ahead need not read it again; null once facts were computed.
     */
    public EntityView view() {
        return view;
    }

    /** This document without its view, so as not to hold it in memory past where it is used. */
    public SegmentDocument withoutView() {
        return view == null ? this : new SegmentDocument(this, traceFacts);
    }

    /** This document with what a store computed ahead for its trace (and without its view). */
    public SegmentDocument withTraceFacts(TraceFacts facts) {
        return new SegmentDocument(this, facts);
    }

    /** What a store computed ahead for this document's trace, or null. */
    public TraceFacts traceFacts() {
        return traceFacts;
    }

    /**
     * Validates {@code length} bytes of JSON at {@code offset} and keeps a copy of them, and the document's
     * {@link #view} read in the same pass.
     */
    public static SegmentDocument parse(byte[] buffer, int offset, int length) throws InvalidSegmentException {
        if (length > MAX_DOCUMENT_BYTES) {
            throw new InvalidSegmentException(RejectReason.TOO_LARGE,
                    "document is " + length + " bytes; the limit is " + MAX_DOCUMENT_BYTES, null);
        }
        EntityView view;
        try {
            view = SegmentScanner.read(buffer, offset, length);
        } catch (SegmentScanner.NotAnObjectException e) {
            throw malformed(e.getMessage(), null);
        } catch (JsonCursor.SyntaxException e) {
            throw malformed(abbreviate(e.getMessage()), null);
        }

        JsonNode idNode = view.id();
        String id = text(idNode);
        String traceId = string(view.traceId(), "trace_id", id);
        String parentId = string(view.parentId(), "parent_id", id);
        String type = string(view.type(), "type", id);
        String name = string(view.name(), "name", id);
        Double start = number(view.startTime(), "start_time", id);
        Double end = number(view.endTime(), "end_time", id);
        JsonNode inProgressNode = view.inProgress();
        if (!inProgressNode.isMissingNode() && !inProgressNode.isBoolean()) {
            throw invalid("in_progress must be true or false", id);
        }
        boolean inProgress = inProgressNode.isBoolean() && inProgressNode.booleanValue();
        if (!idNode.isMissingNode() && !idNode.isTextual() && !idNode.isNull()) {
            throw invalid("id must be a string", null);
        }

        Kind kind;
        if (type == null || type.equals("segment")) {
            kind = Kind.SEGMENT;
        } else if (type.equals("subsegment")) {
            kind = Kind.SUBSEGMENT;
        } else {
            throw invalid("type must be \"segment\" or \"subsegment\", not \"" + abbreviate(type) + "\"", id);
        }
        if (name == null) {
            throw missing("name", id);
        }
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw invalid("name must be 1 to " + MAX_NAME_LENGTH + " characters, not " + name.length(), id);
        }
        if (id == null) {
            throw missing("id", null);
        }
        if (!isId(id)) {
            throw invalid("id must be 16 hexadecimal digits, not \"" + abbreviate(id) + "\"", null);
        }
        if (traceId == null) {
            throw missing("trace_id", id);
        }
        if (!isTraceId(traceId)) {
            throw invalid("trace_id must look like 1-58406520-a006649127e371903a2de979, not \""
                    + abbreviate(traceId) + "\"", id);
        }
        if (kind == Kind.SUBSEGMENT && parentId == null) {
            throw missing("parent_id (a subsegment sent on its own needs it)", id);
        }
        if (parentId != null && !isId(parentId)) {
            throw invalid("parent_id must be 16 hexadecimal digits, not \"" + abbreviate(parentId) + "\"", id);
        }
        if (start == null) {
            throw missing("start_time", id);
        }
        if (!(start > 0) || start.isInfinite()) {
            throw invalid("start_time must be positive epoch seconds", id);
        }
        if (!inProgress) {
            if (end == null) {
                throw missing("end_time (or in_progress: true)", id);
            }
            if (end.isInfinite() || end < start) {
                throw invalid("end_time " + end + " is before start_time " + start, id);
            }
        }
        byte[] copy = new byte[length];
        System.arraycopy(buffer, offset, copy, 0, length);
        return new SegmentDocument(traceId.toLowerCase(java.util.Locale.ROOT), id.toLowerCase(java.util.Locale.ROOT),
                parentId == null ? null : parentId.toLowerCase(java.util.Locale.ROOT), kind, name, start,
                inProgress ? Double.NaN : end, inProgress, copy, view);
    }

    public static SegmentDocument parse(byte[] json) throws InvalidSegmentException {
        return parse(json, 0, json.length);
    }

    /** {@code 1-<8 hex digits>-<24 hex digits>}. */
    private static boolean isTraceId(String value) {
        return value.length() == 35 && value.charAt(0) == '1' && value.charAt(1) == '-' && value.charAt(10) == '-'
                && isHex(value, 2, 8) && isHex(value, 11, 24);
    }

    /** 16 hex digits. */
    private static boolean isId(String value) {
        return value.length() == 16 && isHex(value, 0, 16);
    }

    /** Whether the {@code count} characters from {@code from} are hex digits. */
    private static boolean isHex(String value, int from, int count) {
        for (int i = from; i < from + count; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    /** A string field's value; null when absent or JSON null. */
    private static String string(JsonNode value, String field, String id) throws InvalidSegmentException {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(field + " must be a string", id);
        }
        return value.textValue();
    }

    /** A time field's value; null when absent or JSON null. */
    private static Double number(JsonNode value, String field, String id) throws InvalidSegmentException {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw invalid(field + " must be a number of epoch seconds", id);
        }
        return value.doubleValue();
    }

    private static String text(JsonNode value) {
        return value.isTextual() ? value.textValue() : null;
    }

    private static InvalidSegmentException malformed(String message, String id) {
        return new InvalidSegmentException(RejectReason.MALFORMED_JSON, "malformed JSON: " + message, id);
    }

    private static InvalidSegmentException missing(String field, String id) {
        return new InvalidSegmentException(RejectReason.MISSING_FIELD, "missing " + field, id);
    }

    private static InvalidSegmentException invalid(String message, String id) {
        return new InvalidSegmentException(RejectReason.INVALID_FIELD, message, id);
    }

    /** At most 80 characters, control characters and undecodable bytes shown as '?', for messages and logs. */
    public static String abbreviate(String text) {
        String shown = text.length() <= 80 ? text : text.substring(0, 77) + "...";
        StringBuilder clean = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> clean.appendCodePoint(Character.isISOControl(c) || c == 0xFFFD ? '?' : c));
        return clean.toString();
    }

    public String traceId() {
        return traceId;
    }

    public String id() {
        return id;
    }

    /** The parent (sub)segment's id, or null for a root segment. */
    public String parentId() {
        return parentId;
    }

    public Kind kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public double startTime() {
        return startTime;
    }

    /** The end time in epoch seconds, or NaN while in progress. */
    public double endTime() {
        return endTime;
    }

    public boolean inProgress() {
        return inProgress;
    }

    /** A segment that no other segment in its trace is the parent of, which is complete. */
    public boolean isCompleteRoot() {
        return kind == Kind.SEGMENT && parentId == null && !inProgress;
    }

    /** The document's bytes exactly as received (do not modify). */
    public byte[] json() {
        return json;
    }

    /** Bytes held in memory for this document, for the ingest buffer's accounting. */
    public int footprint() {
        return json.length + 160 + (traceFacts == null ? 0 : traceFacts.graphFacts().length() * 2 + 64);
    }

    public String jsonText() {
        return new String(json, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentDocument other && traceId.equals(other.traceId) && id.equals(other.id)
                && java.util.Arrays.equals(json, other.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(traceId, id);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + name + " " + traceId + "/" + id;
    }
}
