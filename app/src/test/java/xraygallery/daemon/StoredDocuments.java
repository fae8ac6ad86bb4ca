package xraygallery.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.Trace;

/** A trace as a daemon stores it, read through the X-Ray API: every segment and (nested) subsegment, flattened. */
public final class StoredDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoredDocuments() {
    }

    /** The trace's documents, parents before their children; empty when the daemon has no such trace. */
    public static List<JsonNode> of(XRayClient xray, String traceId) {
        List<JsonNode> all = new ArrayList<>();
        for (Trace trace : xray.batchGetTraces(b -> b.traceIds(traceId)).traces()) {
            trace.segments().forEach(segment -> {
                try {
                    flatten(JSON.readTree(segment.document()), all);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return all;
    }

    /** The documents named {@code name}. */
    public static List<JsonNode> named(List<JsonNode> documents, String name) {
        return documents.stream().filter(d -> name.equals(d.path("name").asText())).toList();
    }

    /** The AWS calls to {@code service} (its subsegment name, e.g. "S3") with this operation. */
    public static List<JsonNode> awsCalls(List<JsonNode> documents, String service, String operation) {
        return named(documents, service).stream()
                .filter(d -> operation.equals(d.path("aws").path("operation").asText())).toList();
    }

    private static void flatten(JsonNode node, List<JsonNode> into) {
        into.add(node);
        node.path("subsegments").forEach(child -> flatten(child, into));
    }
}
