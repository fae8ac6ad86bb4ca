package xraygallery.daemon.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;

/**
 * A segment or subsegment as the decoder reads it while validating ({@link SegmentScanner}): only what
 * validation and a trace's service-graph facts use, in fields rather than a tree of maps. Each value is the Jackson
 * scalar node a {@link SummaryView} would hold for it (so {@code asText}, {@code asDouble} and {@code asBoolean}
 * coerce exactly as they do there), or {@link MissingNode} when absent (as {@code path} gives it); a later
 * duplicate key wins, as in a tree. Do not modify.
 */
public final class EntityView {
    private static final JsonNode MISSING = MissingNode.getInstance();

    JsonNode name = MISSING;
    JsonNode id = MISSING;
    JsonNode parentId = MISSING;
    JsonNode type = MISSING;
    JsonNode traceId = MISSING;
    JsonNode startTime = MISSING;
    JsonNode endTime = MISSING;
    JsonNode inProgress = MISSING;
    JsonNode fault = MISSING;
    JsonNode error = MISSING;
    JsonNode throttle = MISSING;
    JsonNode namespace = MISSING;
    JsonNode origin = MISSING;
    boolean sql;
    List<EntityView> subsegments = List.of();

    EntityView() {
    }

    /**
     * What a scalar field of the document's own object holds when its value is an object or array: present, and
     * neither text, number, boolean nor null, so validation calls it "of the wrong type", not "missing".
     */
    static final JsonNode WRONG_TYPE = JsonNodeFactory.instance.objectNode();

    public JsonNode name() {
        return name;
    }

    public JsonNode id() {
        return id;
    }

    public JsonNode parentId() {
        return parentId;
    }

    public JsonNode type() {
        return type;
    }

    public JsonNode traceId() {
        return traceId;
    }

    public JsonNode startTime() {
        return startTime;
    }

    public JsonNode endTime() {
        return endTime;
    }

    public JsonNode inProgress() {
        return inProgress;
    }

    public JsonNode fault() {
        return fault;
    }

    public JsonNode error() {
        return error;
    }

    public JsonNode throttle() {
        return throttle;
    }

    public JsonNode namespace() {
        return namespace;
    }

    public JsonNode origin() {
        return origin;
    }

    /** Whether it has an {@code sql} block (of any type, as {@link SummaryView} keeps one). */
    public boolean hasSql() {
        return sql;
    }

    public List<EntityView> subsegments() {
        return subsegments;
    }
}
