package xraygallery.daemon.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Arrays;
import java.util.List;

/**
 * A segment or subsegment as the decoder reads it while validating ({@link SegmentScanner}): only what
 * validation and a trace's service-graph facts use, in fields rather than a tree of maps. Each value is the Jackson
 * scalar node a {@link SummaryView} would hold for it (so {@code asText}, {@code asDouble} and {@code asBoolean}
 * coerce exactly as they do there), or {@link MissingNode} when absent (as {@code path} gives it); a later
 * duplicate key wins, as in a tree. Do not modify.
 */
public final class EntityView {
    /**
     * What a validated field of the document's own object holds when its value is an object or array: present, and
     * neither text, number, boolean nor null, so validation calls it "of the wrong type", not "missing".
     */
    static final JsonNode WRONG_TYPE = JsonNodeFactory.instance.objectNode();

    /** The scalar fields kept; {@code validated} ones of the document's own object are checked for their type. */
    enum Field {
        NAME("name", true), ID("id", true), PARENT_ID("parent_id", true), TYPE("type", true),
        TRACE_ID("trace_id", true), START_TIME("start_time", true), END_TIME("end_time", true),
        IN_PROGRESS("in_progress", true), FAULT("fault", false), ERROR("error", false), THROTTLE("throttle", false),
        NAMESPACE("namespace", false), ORIGIN("origin", false);

        private static final Field[] ALL = values();
        final String json;
        final boolean validated;

        Field(String json, boolean validated) {
            this.json = json;
            this.validated = validated;
        }

        /** The field a member name is, or null. */
        static Field named(String name) {
            for (Field field : ALL) {
                if (field.json.equals(name)) {
                    return field;
                }
            }
            return null;
        }
    }

    private final JsonNode[] values = new JsonNode[Field.ALL.length];
    boolean sql;
    List<EntityView> subsegments = List.of();

    EntityView() {
        Arrays.fill(values, MissingNode.getInstance());
    }

    JsonNode get(Field field) {
        return values[field.ordinal()];
    }

    void set(Field field, JsonNode value) {
        values[field.ordinal()] = value;
    }

    public JsonNode name() {
        return get(Field.NAME);
    }

    public JsonNode id() {
        return get(Field.ID);
    }

    public JsonNode parentId() {
        return get(Field.PARENT_ID);
    }

    public JsonNode type() {
        return get(Field.TYPE);
    }

    public JsonNode traceId() {
        return get(Field.TRACE_ID);
    }

    public JsonNode startTime() {
        return get(Field.START_TIME);
    }

    public JsonNode endTime() {
        return get(Field.END_TIME);
    }

    public JsonNode inProgress() {
        return get(Field.IN_PROGRESS);
    }

    public JsonNode fault() {
        return get(Field.FAULT);
    }

    public JsonNode error() {
        return get(Field.ERROR);
    }

    public JsonNode throttle() {
        return get(Field.THROTTLE);
    }

    public JsonNode namespace() {
        return get(Field.NAMESPACE);
    }

    public JsonNode origin() {
        return get(Field.ORIGIN);
    }

    /** Whether it has an {@code sql} block (of any type, as {@link SummaryView} keeps one). */
    public boolean hasSql() {
        return sql;
    }

    public List<EntityView> subsegments() {
        return subsegments;
    }
}
