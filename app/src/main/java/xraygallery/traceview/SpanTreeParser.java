package xraygallery.traceview;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a trace's X-Ray documents (as BatchGetTraces returns them) into a {@link SpanTree}.
 *
 * <ul>
 * <li>Segments carry their subsegments embedded, at any depth; a subsegment sent as a document of its own
 *     ({@code "type": "subsegment"}) is placed under its {@code parent_id}, wherever that is, in any order.</li>
 * <li>The root is the earliest segment without a parent. Documents whose parent is missing (not arrived, or a
 *     cycle of parent ids) are put under the root and flagged {@link SpanFlag#ORPHAN}: nothing is dropped. When
 *     only subsegments are known, a {@link SpanKind#PLACEHOLDER} root stands in for the missing segment.</li>
 * <li>A repeated id keeps the later document, unless it is in progress and the earlier one is complete.</li>
 * <li>Children are ordered by start time; a child starting before or ending after its parent is kept where it
 *     is and flagged.</li>
 * </ul>
 */
public final class SpanTreeParser {
    private static final Logger LOG = LoggerFactory.getLogger(SpanTreeParser.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLACEHOLDER_NAME = "(segment not received)";
    private static final Pattern URL_USER_INFO = Pattern.compile("//[^/?#@]*@");
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i).*(password|passwd|pwd|secret|token).*");

    private SpanTreeParser() {
    }

    /** The tree of a trace's documents (JSON texts); empty if none of them is a readable document. */
    public static Optional<SpanTree> parse(String traceId, List<String> documents) {
        List<JsonNode> nodes = new ArrayList<>(documents.size());
        for (String document : documents) {
            try {
                JsonNode node = JSON.readTree(document);
                if (node != null && node.isObject() && node.hasNonNull("id")) {
                    nodes.add(node);
                } else {
                    LOG.debug("skipping a document of trace {} that is not a segment: no id", traceId);
                }
            } catch (JsonProcessingException e) {
                LOG.debug("skipping an unreadable document of trace {}: {}", traceId, e.getOriginalMessage());
            }
        }
        return parseNodes(traceId, nodes);
    }

    /** The same, from documents already read as JSON. */
    public static Optional<SpanTree> parseNodes(String traceId, List<JsonNode> documents) {
        if (documents.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Assembly(traceId, documents).build());
    }

    /** A span being assembled: mutable, linked both ways. */
    private static final class Node {
        final JsonNode json;
        final String id;
        final String recordedParentId;
        final SpanKind kind;
        final Instant start;
        final Instant end;
        final List<Node> children = new ArrayList<>();
        final Set<SpanFlag> flags = EnumSet.noneOf(SpanFlag.class);
        Node parent;
        int arrival;

        Node(JsonNode json, String id, String recordedParentId, SpanKind kind, Instant start, Instant end) {
            this.json = json;
            this.id = id;
            this.recordedParentId = recordedParentId;
            this.kind = kind;
            this.start = start;
            this.end = end;
        }

        boolean complete() {
            return end != null;
        }
    }

    private static final class Assembly {
        final String traceId;
        final List<JsonNode> documents;
        final Map<String, Node> byId = new HashMap<>();
        final List<Node> topLevel = new ArrayList<>();
        final List<Node> all = new ArrayList<>();
        final Instant fallbackStart;
        int arrivals;

        Assembly(String traceId, List<JsonNode> documents) {
            this.traceId = traceId;
            this.documents = documents;
            this.fallbackStart = epochOfTraceId(traceId);
        }

        SpanTree build() {
            for (JsonNode document : documents) {
                boolean standalone = "subsegment".equals(document.path("type").asText());
                Node node = read(document, textOrNull(document, "parent_id"),
                        standalone ? SpanKind.SUBSEGMENT : SpanKind.SEGMENT);
                topLevel.add(node);
            }
            // an earlier copy of a repeated id is left out; its current copy is placed instead
            for (Node node : all) {
                node.children.removeIf(child -> !isCurrent(child));
            }
            // documents with a parent id go under that parent (a subsegment streamed ahead, a downstream segment)
            for (Node node : topLevel) {
                if (!isCurrent(node) || node.recordedParentId == null) {
                    continue;
                }
                Node parent = byId.get(node.recordedParentId);
                if (parent != null && !isAncestorOrSelf(node, parent)) {
                    link(parent, node);
                }
            }
            Node root = chooseRoot();
            // whatever the root cannot reach goes under its parent's current copy, or is an orphan under the root
            Set<Node> reached = reachable(root);
            for (Node node : all) {
                if (!isCurrent(node) || reached.contains(node)) {
                    continue;
                }
                if (node.parent != null) {
                    node.parent.children.remove(node);
                    node.parent = null;
                }
                Node parent = node.recordedParentId == null ? null : byId.get(node.recordedParentId);
                if (parent != null && reached.contains(parent) && !isAncestorOrSelf(node, parent)) {
                    link(parent, node);
                } else {
                    node.flags.add(SpanFlag.ORPHAN);
                    link(root, node);
                }
                reached.addAll(reachable(node));
            }
            return SpanTree.of(traceId, freeze(root), documents.size());
        }

        /** Reads a document or embedded subsegment and, recursively, what it embeds. */
        private Node read(JsonNode json, String parentId, SpanKind kind) {
            String id = json.path("id").asText();
            Instant start = json.hasNonNull("start_time") ? instant(json.get("start_time").asDouble()) : null;
            boolean inProgress = json.path("in_progress").asBoolean(false) || !json.hasNonNull("end_time");
            Instant end = inProgress ? null : instant(json.get("end_time").asDouble());
            if (start == null) {
                start = end != null ? end : fallbackStart;
            }
            Node node = new Node(json, id, parentId, kind, start, end);
            node.arrival = arrivals++;
            all.add(node);
            Node earlier = byId.get(id);
            if (earlier == null || !earlier.complete() || node.complete()) {
                byId.put(id, node);
            }
            for (JsonNode child : json.path("subsegments")) {
                if (child.isObject() && child.hasNonNull("id")) {
                    Node childNode = read(child, id, SpanKind.SUBSEGMENT);
                    link(node, childNode);
                }
            }
            return node;
        }

        /** A node is current if it is the one kept for its id (a later copy did not replace it). */
        private boolean isCurrent(Node node) {
            return byId.get(node.id) == node;
        }

        private static void link(Node parent, Node child) {
            child.parent = parent;
            parent.children.add(child);
        }

        private static boolean isAncestorOrSelf(Node candidate, Node of) {
            for (Node current = of; current != null; current = current.parent) {
                if (current == candidate) {
                    return true;
                }
            }
            return false;
        }

        /** The earliest segment without a parent id; else the earliest segment whose parent is missing. */
        private Node chooseRoot() {
            Node best = null;
            for (Node node : topLevel) {
                if (isCurrent(node) && node.kind == SpanKind.SEGMENT && node.parent == null
                        && node.recordedParentId == null && (best == null || node.start.isBefore(best.start))) {
                    best = node;
                }
            }
            if (best == null) {
                for (Node node : topLevel) {
                    if (isCurrent(node) && node.kind == SpanKind.SEGMENT && node.parent == null
                            && (best == null || node.start.isBefore(best.start))) {
                        best = node;
                    }
                }
                if (best != null) {
                    best.flags.add(SpanFlag.ORPHAN);
                }
            }
            return best != null ? best : placeholder();
        }

        /** A root standing in for the segment that has not arrived, named after its most awaited id. */
        private Node placeholder() {
            Map<String, Integer> awaited = new LinkedHashMap<>();
            Instant start = null;
            for (Node node : topLevel) {
                if (isCurrent(node) && node.parent == null) {
                    if (node.recordedParentId != null && !byId.containsKey(node.recordedParentId)) {
                        awaited.merge(node.recordedParentId, 1, Integer::sum);
                    }
                    start = start == null || node.start.isBefore(start) ? node.start : start;
                }
            }
            String id = awaited.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                    .orElse("0000000000000000");
            JsonNode json = JSON.createObjectNode().put("id", id).put("name", PLACEHOLDER_NAME);
            Node node = new Node(json, id, null, SpanKind.PLACEHOLDER, start != null ? start : fallbackStart, null);
            node.arrival = -1;
            return node;
        }

        private static Set<Node> reachable(Node from) {
            Set<Node> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            Deque<Node> stack = new ArrayDeque<>();
            stack.push(from);
            while (!stack.isEmpty()) {
                Node node = stack.pop();
                if (seen.add(node)) {
                    node.children.forEach(stack::push);
                }
            }
            return seen;
        }

        /** Builds the immutable spans bottom-up (iteratively: documents may nest deeply). */
        private Span freeze(Node root) {
            List<Node> preOrder = new ArrayList<>();
            Deque<Node> stack = new ArrayDeque<>();
            stack.push(root);
            while (!stack.isEmpty()) {
                Node node = stack.pop();
                node.children.sort(Comparator.comparing((Node n) -> n.start).thenComparingInt(n -> n.arrival));
                preOrder.add(node);
                for (int i = node.children.size() - 1; i >= 0; i--) {
                    stack.push(node.children.get(i));
                }
            }
            Map<Node, Span> built = new IdentityHashMap<>();
            for (int i = preOrder.size() - 1; i >= 0; i--) {
                Node node = preOrder.get(i);
                List<Span> children = new ArrayList<>(node.children.size());
                for (Node child : node.children) {
                    children.add(built.remove(child));
                }
                built.put(node, toSpan(node, node == root, children));
            }
            return built.get(root);
        }

        private Span toSpan(Node node, boolean isRoot, List<Span> children) {
            JsonNode json = node.json;
            Set<SpanFlag> flags = EnumSet.noneOf(SpanFlag.class);
            flags.addAll(node.flags);
            if (node.end == null) {
                flags.add(SpanFlag.IN_PROGRESS);
            }
            Node parent = node.parent;
            if (parent != null && !flags.contains(SpanFlag.ORPHAN)) {
                if (node.start.isBefore(parent.start)) {
                    flags.add(SpanFlag.STARTS_BEFORE_PARENT);
                }
                if (node.end != null && parent.end != null && node.end.isAfter(parent.end)) {
                    flags.add(SpanFlag.ENDS_AFTER_PARENT);
                }
            }
            String name = json.path("name").asText(PLACEHOLDER_NAME);
            String namespace = textOrNull(json, "namespace");
            SqlCall sql = sql(json.path("sql"));
            Component component = node.kind == SpanKind.PLACEHOLDER ? Component.LOCAL
                    : Component.classify(name, namespace, sql != null, node.kind == SpanKind.SEGMENT && !isRoot);
            JsonNode cause = json.path("cause");
            JsonNode status = json.path("http").path("response").path("status");
            return new Span(node.id, node.recordedParentId, name, namespace,
                    node.kind, node.start, node.end, json.path("fault").asBoolean(false),
                    json.path("error").asBoolean(false), json.path("throttle").asBoolean(false),
                    status.isNumber() ? status.asInt() : null, aws(json.path("aws")), sql, exceptions(cause),
                    cause.isTextual() ? cause.asText() : null, annotations(json.path("annotations")),
                    metadata(json.path("metadata")), component, flags, children);
        }
    }

    private static AwsCall aws(JsonNode aws) {
        if (!aws.isObject()) {
            return null;
        }
        AwsCall call = new AwsCall(textOrNull(aws, "operation"), textOrNull(aws, "bucket_name"),
                textOrNull(aws, "key"), textOrNull(aws, "table_name"), textOrNull(aws, "region"),
                textOrNull(aws, "request_id"));
        return call.isEmpty() ? null : call;
    }

    private static SqlCall sql(JsonNode sql) {
        if (!sql.isObject()) {
            return null;
        }
        // never a password: only these fields are read, and the URL is cleaned
        return new SqlCall(cleanUrl(textOrNull(sql, "url")), textOrNull(sql, "database_type"),
                textOrNull(sql, "database_version"), textOrNull(sql, "driver_version"), textOrNull(sql, "user"),
                textOrNull(sql, "sanitized_query"));
    }

    /** A connection URL without user info ({@code //user:secret@host}) or password-like parameters. */
    static String cleanUrl(String url) {
        if (url == null) {
            return null;
        }
        String cleaned = URL_USER_INFO.matcher(url).replaceFirst("//");
        int query = indexOfAny(cleaned, '?', ';');
        if (query < 0) {
            return cleaned;
        }
        char first = cleaned.charAt(query);
        char between = first == '?' ? '&' : ';';
        StringBuilder kept = new StringBuilder(cleaned.substring(0, query));
        char separator = first;
        for (String parameter : cleaned.substring(query + 1).split("[&;]")) {
            String key = parameter.contains("=") ? parameter.substring(0, parameter.indexOf('=')) : parameter;
            if (!parameter.isEmpty() && !SECRET_PARAMETER.matcher(key).matches()) {
                kept.append(separator).append(parameter);
                separator = between;
            }
        }
        return kept.toString();
    }

    private static int indexOfAny(String text, char a, char b) {
        int i = text.indexOf(a);
        int j = text.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    private static List<SpanException> exceptions(JsonNode cause) {
        JsonNode list = cause.path("exceptions");
        if (!list.isArray() || list.isEmpty()) {
            return List.of();
        }
        List<SpanException> exceptions = new ArrayList<>(list.size());
        for (JsonNode exception : list) {
            exceptions.add(new SpanException(textOrNull(exception, "id"), textOrNull(exception, "type"),
                    textOrNull(exception, "message"), exception.path("remote").asBoolean(false),
                    textOrNull(exception, "cause")));
        }
        return exceptions;
    }

    private static Map<String, AnnotationValue> annotations(JsonNode annotations) {
        if (!annotations.isObject() || annotations.isEmpty()) {
            return Map.of();
        }
        Map<String, AnnotationValue> values = new LinkedHashMap<>();
        annotations.properties().forEach(field -> {
            JsonNode value = field.getValue();
            if (value.isNumber()) {
                values.put(field.getKey(), AnnotationValue.of(value.asDouble()));
            } else if (value.isBoolean()) {
                values.put(field.getKey(), AnnotationValue.of(value.asBoolean()));
            } else if (value.isTextual()) {
                values.put(field.getKey(), AnnotationValue.of(value.asText()));
            }
        });
        return values;
    }

    private static Map<String, String> metadata(JsonNode metadata) {
        if (!metadata.isObject() || metadata.isEmpty()) {
            return Map.of();
        }
        Map<String, String> namespaces = new LinkedHashMap<>();
        metadata.properties().forEach(field -> namespaces.put(field.getKey(), field.getValue().toString()));
        return namespaces;
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    /** Epoch seconds (as X-Ray writes them) to an instant, to the microsecond. */
    static Instant instant(double epochSeconds) {
        long micros = Math.round(epochSeconds * 1_000_000d);
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    /** The time in a trace id ({@code 1-5f84c7a1-...}), or the epoch if it has none. */
    static Instant epochOfTraceId(String traceId) {
        String[] parts = traceId == null ? new String[0] : traceId.split("-");
        if (parts.length == 3) {
            try {
                return Instant.ofEpochSecond(Long.parseLong(parts[1], 16));
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        return Instant.EPOCH;
    }

}
