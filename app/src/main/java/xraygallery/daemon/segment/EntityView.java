package xraygallery.daemon.segment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A segment or subsegment as the decoder reads it while validating: only what validation and a trace's
 * service-graph facts use, in fields rather than a tree of maps. Each value is the Jackson scalar node a
 * {@link SummaryView} would hold for it (so {@code asText}, {@code asDouble} and {@code asBoolean} coerce exactly
 * as they do there), or {@link MissingNode} when absent (as {@code path} gives it); a later duplicate key wins, as
 * in a tree. Do not modify.
 */
public final class EntityView {
    private static final JsonNode MISSING = MissingNode.getInstance();

    private JsonNode name = MISSING;
    private JsonNode id = MISSING;
    private JsonNode parentId = MISSING;
    private JsonNode type = MISSING;
    private JsonNode traceId = MISSING;
    private JsonNode startTime = MISSING;
    private JsonNode endTime = MISSING;
    private JsonNode inProgress = MISSING;
    private JsonNode fault = MISSING;
    private JsonNode error = MISSING;
    private JsonNode throttle = MISSING;
    private JsonNode namespace = MISSING;
    private JsonNode origin = MISSING;
    private boolean sql;
    private List<EntityView> subsegments = List.of();

    private EntityView() {
    }

    /**
     * Reads one entity object; the parser is on its START_OBJECT and ends on its END_OBJECT (or on what broke off
     * the object, for the caller to report).
     *
     * @param top the document's own object: a non-scalar value of one of its scalar fields is kept as a
     *     {@link MissingNode} whose presence says "of the wrong type", where a subsegment's is skipped
     */
    static EntityView read(JsonParser p, boolean top) throws IOException {
        EntityView entity = new EntityView();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> entity.name = scalar(p, value, top, entity.name);
                case "id" -> entity.id = scalar(p, value, top, entity.id);
                case "parent_id" -> entity.parentId = scalar(p, value, top, entity.parentId);
                case "type" -> entity.type = scalar(p, value, top, entity.type);
                case "trace_id" -> entity.traceId = scalar(p, value, top, entity.traceId);
                case "start_time" -> entity.startTime = scalar(p, value, top, entity.startTime);
                case "end_time" -> entity.endTime = scalar(p, value, top, entity.endTime);
                case "in_progress" -> entity.inProgress = scalar(p, value, top, entity.inProgress);
                case "fault" -> entity.fault = scalar(p, value, false, entity.fault);
                case "error" -> entity.error = scalar(p, value, false, entity.error);
                case "throttle" -> entity.throttle = scalar(p, value, false, entity.throttle);
                case "namespace" -> entity.namespace = scalar(p, value, false, entity.namespace);
                case "origin" -> entity.origin = scalar(p, value, false, entity.origin);
                case "sql" -> {
                    p.skipChildren();
                    entity.sql = true;
                }
                case "subsegments" -> {
                    if (value == JsonToken.START_ARRAY) {
                        List<EntityView> children = new ArrayList<>(4);
                        JsonToken token;
                        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                            if (token == JsonToken.START_OBJECT) {
                                children.add(read(p, false));
                            } else {
                                p.skipChildren();
                            }
                        }
                        entity.subsegments = children;
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        return entity;
    }

    /**
     * The value's scalar node; a non-scalar one is skipped and leaves {@code before}, or is {@link #WRONG_TYPE} if
     * {@code typed}.
     */
    private static JsonNode scalar(JsonParser p, JsonToken value, boolean typed, JsonNode before) throws IOException {
        if (value.isScalarValue()) {
            return SummaryView.scalar(p, value);
        }
        p.skipChildren();
        return typed ? WRONG_TYPE : before;
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
