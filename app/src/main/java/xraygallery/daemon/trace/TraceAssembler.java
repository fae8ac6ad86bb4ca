package xraygallery.daemon.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import xraygallery.daemon.DaemonJson;
import xraygallery.daemon.segment.SummaryView;

/**
 * Puts a trace's documents together the way X-Ray shows them: a subsegment sent on its own (streamed, or split
 * off an oversized segment) is inserted into its parent's {@code subsegments}; a document that repeats an id
 * replaces the earlier one, except that an in-progress copy never replaces a completed one. Subsegments whose
 * parent is missing (not arrived, or a cycle of parent ids) stay separate documents: the trace is partial.
 */
public final class TraceAssembler {
    private static final Comparator<ObjectNode> BY_START =
            Comparator.comparingDouble(n -> n.path("start_time").asDouble());

    private TraceAssembler() {
    }

    /** Assembles documents given in arrival order (later ones win on equal ids), keeping every field. */
    public static AssembledTrace assemble(String traceId, List<byte[]> documents) {
        List<ObjectNode> nodes = new ArrayList<>(documents.size());
        for (byte[] json : documents) {
            try {
                nodes.add((ObjectNode) DaemonJson.MAPPER.readTree(json));
            } catch (IOException e) {
                throw new UncheckedIOException("a stored document of trace " + traceId + " is unreadable", e);
            }
        }
        return assembleNodes(traceId, nodes);
    }

    /**
     * Assembles only what summaries and graphs need ({@link SummaryView}): much cheaper, for
     * {@link TraceSummarizer}, not for returning documents.
     */
    public static AssembledTrace assembleForSummary(String traceId, List<byte[]> documents) {
        List<ObjectNode> nodes = new ArrayList<>(documents.size());
        for (byte[] json : documents) {
            nodes.add(SummaryView.parse(json));
        }
        return assembleNodes(traceId, nodes);
    }

    private static AssembledTrace assembleNodes(String traceId, List<ObjectNode> arrived) {
        if (arrived.size() == 1 && !"subsegment".equals(arrived.get(0).path("type").asText())) {
            return new AssembledTrace(traceId, List.of(arrived.get(0)), 0); // one segment: nothing to attach
        }
        // a document repeating an id replaces the earlier one, unless it is in progress and the earlier one is not
        java.util.LinkedHashMap<String, ObjectNode> latest = new java.util.LinkedHashMap<>();
        for (ObjectNode node : arrived) {
            String id = node.path("id").asText();
            ObjectNode earlier = latest.get(id);
            if (earlier == null || !isComplete(earlier) || isComplete(node)) {
                latest.put(id, node);
            }
        }
        List<ObjectNode> segments = new ArrayList<>();
        List<ObjectNode> standalone = new ArrayList<>();
        for (ObjectNode node : latest.values()) {
            if ("subsegment".equals(node.path("type").asText())) {
                standalone.add(node);
            } else {
                segments.add(node);
            }
        }
        Map<String, ObjectNode> byId = new HashMap<>();
        Map<String, String> parentOf = new HashMap<>();
        for (ObjectNode segment : segments) {
            index(segment, null, byId, parentOf);
        }
        // first, standalone copies of entities that already sit inside a tree replace them in place
        List<ObjectNode> toAttach = new ArrayList<>();
        for (ObjectNode sub : standalone) {
            String id = sub.path("id").asText();
            ObjectNode existing = byId.get(id);
            if (existing == null) {
                toAttach.add(sub);
                index(sub, null, byId, parentOf);
                continue;
            }
            if (isComplete(existing) && !isComplete(sub)) {
                continue; // never let an in-progress copy replace a finished one
            }
            String parentId = parentOf.get(id);
            ObjectNode parent = parentId == null ? null : byId.get(parentId);
            if (parent != null && replaceChild(parent, id, strip(sub))) {
                index(sub, parentId, byId, parentOf);
            } else if (toAttach.remove(existing)) {
                toAttach.add(sub);
                index(sub, null, byId, parentOf);
            }
        }
        List<ObjectNode> orphans = new ArrayList<>();
        for (ObjectNode sub : toAttach) {
            String id = sub.path("id").asText();
            String parentId = sub.path("parent_id").asText(null);
            ObjectNode parent = parentId == null ? null : byId.get(parentId);
            if (parent == null || isAncestorOrSelf(id, parentId, parentOf)) {
                orphans.add(sub);
                continue;
            }
            ArrayNode children = parent.withArray("subsegments");
            children.add(strip(sub));
            parentOf.put(id, parentId);
        }
        segments.sort(BY_START);
        orphans.sort(BY_START);
        List<ObjectNode> all = new ArrayList<>(segments.size() + orphans.size());
        all.addAll(segments);
        all.addAll(orphans);
        return new AssembledTrace(traceId, all, orphans.size());
    }

    private static void index(ObjectNode entity, String parentId, Map<String, ObjectNode> byId,
            Map<String, String> parentOf) {
        String id = entity.path("id").asText();
        byId.put(id, entity);
        if (parentId != null) {
            parentOf.put(id, parentId);
        }
        for (JsonNode child : entity.path("subsegments")) {
            if (child instanceof ObjectNode childObject && childObject.hasNonNull("id")) {
                index(childObject, id, byId, parentOf);
            }
        }
    }

    /** True if {@code candidate} is {@code id} or one of its ancestors would be... i.e. attaching makes a cycle. */
    private static boolean isAncestorOrSelf(String id, String parentId, Map<String, String> parentOf) {
        Set<String> seen = new HashSet<>();
        String current = parentId;
        while (current != null && seen.add(current)) {
            if (current.equals(id)) {
                return true;
            }
            current = parentOf.get(current);
        }
        return false;
    }

    private static boolean replaceChild(ObjectNode parent, String id, ObjectNode replacement) {
        JsonNode children = parent.get("subsegments");
        if (!(children instanceof ArrayNode array)) {
            return false;
        }
        for (int i = 0; i < array.size(); i++) {
            if (id.equals(array.get(i).path("id").asText())) {
                array.set(i, replacement);
                return true;
            }
        }
        return false;
    }

    /** An embedded subsegment does not repeat its trace id, parent id and type. */
    private static ObjectNode strip(ObjectNode subsegment) {
        subsegment.remove("type");
        subsegment.remove("trace_id");
        subsegment.remove("parent_id");
        return subsegment;
    }

    static boolean isComplete(JsonNode entity) {
        return !entity.path("in_progress").asBoolean(false) && entity.hasNonNull("end_time");
    }
}
