package xraygallery.daemon.segment;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * Reads a document into a small tree holding only what summaries and service graphs use (ids, times,
 * flags, names, namespace, origin, user, annotations, a few http/aws fields, exception types and messages,
 * whether an {@code sql} block exists, and the subsegments), skipping metadata, stack traces and everything
 * else. Several times faster than a full tree for real documents, and the result is what
 * {@code TraceAssembler} and {@code TraceSummarizer} take for stored documents. (A document as it arrives is
 * read into an {@link EntityView} instead, with what validation and the facts ahead use.)
 */
public final class SummaryView {
    /** How stored documents are read (as they arrive, {@link SegmentScanner} reads them, to the same limits). */
    static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(SegmentDocument.MAX_NESTING).build())
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER) // times are doubles: ~3x faster than the JDK's
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SummaryView() {
    }

    public static ObjectNode parse(byte[] json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            return entity(p);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored document is unreadable", e);
        }
    }

    /** Reads one entity object; the parser is on its START_OBJECT and ends on its END_OBJECT. */
    private static ObjectNode entity(JsonParser p) throws IOException {
        ObjectNode node = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            // one switch per field (names are canonical strings, their hashes cached): cheaper than set lookups
            switch (field) {
                case "name", "id", "parent_id", "type", "trace_id", "start_time", "end_time", "in_progress", "fault",
                        "error", "throttle", "namespace", "origin", "user", "resource_arn" -> {
                    if (value.isScalarValue()) {
                        node.set(field, scalar(p, value));
                    } else {
                        p.skipChildren();
                    }
                }
                case "annotations" -> {
                    if (value == JsonToken.START_OBJECT) {
                        node.set(field, flatObject(p));
                    } else {
                        p.skipChildren();
                    }
                }
                case "http" -> node.set(field, select(p, value, "request", Set.of("url", "method", "user_agent",
                        "client_ip"), "response", Set.of("status")));
                case "aws" -> node.set(field, select(p, value, "ec2", Set.of("instance_id", "availability_zone"),
                        null, Set.of()));
                case "sql" -> {
                    p.skipChildren();
                    node.putObject("sql");
                }
                case "cause" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        node.put("cause", p.getText());
                    } else if (value == JsonToken.START_OBJECT) {
                        node.set("cause", cause(p));
                    } else {
                        p.skipChildren();
                    }
                }
                case "subsegments" -> {
                    if (value == JsonToken.START_ARRAY) {
                        ArrayNode children = node.putArray("subsegments");
                        JsonToken token;
                        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                            if (token == JsonToken.START_OBJECT) {
                                children.add(entity(p));
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        return node;
    }

    /** A scalar token as the node a tree would hold. */
    static com.fasterxml.jackson.databind.JsonNode scalar(JsonParser p, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? NODES.numberNode(p.getBigIntegerValue()) : NODES.numberNode(p.getLongValue());
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            default -> NODES.nullNode();
        };
    }

    /** An object's scalar members (annotation values are strings, numbers or booleans). */
    private static ObjectNode flatObject(JsonParser p) throws IOException {
        ObjectNode node = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (value.isScalarValue()) {
                node.set(field, scalar(p, value));
            } else {
                p.skipChildren();
            }
        }
        return node;
    }

    /** Two named sub-objects with chosen scalar members ({@code http.request.url}, {@code aws.ec2.instance_id}). */
    private static ObjectNode select(JsonParser p, JsonToken value, String first, Set<String> firstFields,
            String second, Set<String> secondFields) throws IOException {
        ObjectNode node = NODES.objectNode();
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return node;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken inner = p.nextToken();
            Set<String> wanted = field.equals(first) ? firstFields : field.equals(second) ? secondFields : null;
            if (wanted == null || inner != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            ObjectNode sub = node.putObject(field);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (wanted.contains(name) && v.isScalarValue()) {
                    sub.set(name, scalar(p, v));
                } else {
                    p.skipChildren();
                }
            }
        }
        return node;
    }

    /** {@code cause.exceptions[]} with id, type and message only. */
    private static ObjectNode cause(JsonParser p) throws IOException {
        ObjectNode node = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (!field.equals("exceptions") || value != JsonToken.START_ARRAY) {
                p.skipChildren();
                continue;
            }
            ArrayNode exceptions = node.putArray("exceptions");
            JsonToken token;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                if (token != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                ObjectNode exception = exceptions.addObject();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    if ((name.equals("id") || name.equals("type") || name.equals("message")) && v.isScalarValue()) {
                        exception.set(name, scalar(p, v));
                    } else {
                        p.skipChildren();
                    }
                }
            }
        }
        return node;
    }
}
