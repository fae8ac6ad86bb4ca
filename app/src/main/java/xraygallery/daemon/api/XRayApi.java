package xraygallery.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import xraygallery.daemon.DaemonJson;
import xraygallery.daemon.ingest.Intake;
import xraygallery.daemon.query.FilterExpression;
import xraygallery.daemon.query.FilterSyntaxException;
import xraygallery.daemon.query.TraceFilter;
import xraygallery.daemon.segment.InvalidSegmentException;
import xraygallery.daemon.store.SummaryPage;
import xraygallery.daemon.store.SummaryQuery;
import xraygallery.daemon.store.TimeRangeType;
import xraygallery.daemon.store.TraceStore;
import xraygallery.daemon.trace.AssembledTrace;
import xraygallery.daemon.trace.TraceSummarizer;

/**
 * The X-Ray API operations the daemon serves, as functions from the request's JSON to the response's JSON
 * (shapes of the X-Ray API reference). A thin adapter over {@link TraceStore}; HTTP is {@link ApiServer}'s.
 */
public final class XRayApi {
    /** The most trace ids one BatchGetTraces or GetTraceGraph call may name. */
    static final int MAX_TRACE_IDS = 100;
    /** BatchGetTraces pages when the documents returned reach this size. */
    static final int MAX_TRACES_BYTES = 4 * 1024 * 1024;
    private static final Pattern TRACE_ID = Pattern.compile("1-[0-9a-fA-F]{8}-[0-9a-fA-F]{24}");

    private final Intake intake;
    private final TraceStore store;
    private final SamplingRules samplingRules;
    private final Clock clock;

    public XRayApi(Intake intake, TraceStore store, SamplingRules samplingRules, Clock clock) {
        this.intake = Objects.requireNonNull(intake, "intake");
        this.store = Objects.requireNonNull(store, "store");
        this.samplingRules = Objects.requireNonNull(samplingRules, "samplingRules");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The operation served at a request path ({@code POST /TraceSummaries} is GetTraceSummaries), or null. */
    static String operationAt(String path) {
        return switch (path) {
            case "/TraceSegments" -> "PutTraceSegments";
            case "/TraceSummaries" -> "GetTraceSummaries";
            case "/Traces" -> "BatchGetTraces";
            case "/ServiceGraph" -> "GetServiceGraph";
            case "/TraceGraph" -> "GetTraceGraph";
            case "/GetSamplingRules" -> "GetSamplingRules";
            case "/SamplingTargets" -> "GetSamplingTargets";
            default -> null;
        };
    }

    ObjectNode call(String operation, JsonNode request) throws ApiException {
        return switch (operation) {
            case "PutTraceSegments" -> putTraceSegments(request);
            case "GetTraceSummaries" -> getTraceSummaries(request);
            case "BatchGetTraces" -> batchGetTraces(request);
            case "GetServiceGraph" -> getServiceGraph(request);
            case "GetTraceGraph" -> getTraceGraph(request);
            case "GetSamplingRules" -> samplingRules.getSamplingRules();
            case "GetSamplingTargets" -> samplingRules.getSamplingTargets(request, clock.instant());
            default -> throw new IllegalArgumentException(operation);
        };
    }

    /** Valid documents go through the same door as UDP datagrams; invalid ones are listed, not fatal. */
    ObjectNode putTraceSegments(JsonNode request) throws ApiException {
        JsonNode documents = request.get("TraceSegmentDocuments");
        if (documents == null || !documents.isArray()) {
            throw ApiException.invalid("TraceSegmentDocuments is required: a list of segment documents (JSON strings)");
        }
        ObjectNode result = DaemonJson.MAPPER.createObjectNode();
        ArrayNode unprocessed = result.putArray("UnprocessedTraceSegments");
        for (JsonNode document : documents) {
            if (!document.isTextual()) {
                unprocessed.addObject().put("ErrorCode", "InvalidSegment")
                        .put("Message", "each TraceSegmentDocument must be a string holding a JSON document");
                continue;
            }
            try {
                intake.document(document.asText().getBytes(StandardCharsets.UTF_8));
            } catch (InvalidSegmentException e) {
                ObjectNode entry = unprocessed.addObject();
                if (e.documentId() != null) {
                    entry.put("Id", e.documentId());
                }
                entry.put("ErrorCode", e.reason().name()).put("Message", e.getMessage());
            }
        }
        return result;
    }

    ObjectNode getTraceSummaries(JsonNode request) throws ApiException {
        double start = time(request, "StartTime");
        double end = time(request, "EndTime");
        if (start > end) {
            throw ApiException.invalid("StartTime must not be after EndTime");
        }
        TimeRangeType type;
        try {
            type = TimeRangeType.parse(request.path("TimeRangeType").asText(null));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
        TraceFilter filter;
        try {
            filter = FilterExpression.parse(request.path("FilterExpression").asText(null));
        } catch (FilterSyntaxException e) {
            throw ApiException.invalid(e.getMessage());
        }
        SummaryQuery.Cursor cursor = decodeToken(request.path("NextToken").asText(null), type);
        SummaryPage page = store.summaries(new SummaryQuery(start, end, type, filter, cursor,
                SummaryQuery.DEFAULT_PAGE_SIZE, SummaryQuery.DEFAULT_SCAN_LIMIT));
        ObjectNode result = DaemonJson.MAPPER.createObjectNode();
        result.set("TraceSummaries", DaemonJson.MAPPER.valueToTree(page.summaries()));
        result.put("ApproximateTime", new java.math.BigDecimal(DaemonJson.plain(clock.millis() / 1000.0)));
        result.put("TracesProcessedCount", page.processed());
        if (page.next() != null) {
            result.put("NextToken", encodeToken(page.next(), type));
        }
        return result;
    }

    ObjectNode batchGetTraces(JsonNode request) throws ApiException {
        List<String> ids = traceIds(request);
        int from = request.hasNonNull("NextToken") ? offset(request.get("NextToken").asText(), ids.size()) : 0;
        ObjectNode result = DaemonJson.MAPPER.createObjectNode();
        ArrayNode traces = result.putArray("Traces");
        ArrayNode unprocessed = result.putArray("UnprocessedTraceIds");
        long bytes = 0;
        for (int i = from; i < ids.size(); i++) {
            String id = ids.get(i);
            if (!TRACE_ID.matcher(id).matches()) {
                unprocessed.add(id);
                continue;
            }
            List<AssembledTrace> found = store.traces(List.of(id.toLowerCase(java.util.Locale.ROOT)));
            if (found.isEmpty()) {
                continue;
            }
            AssembledTrace trace = found.get(0);
            ObjectNode node = traces.addObject();
            node.put("Id", id);
            Double duration = TraceSummarizer.summarize(trace, 0).summary().duration();
            if (duration != null) {
                node.put("Duration", duration);
            }
            node.put("LimitExceeded", false);
            ArrayNode segments = node.putArray("Segments");
            for (ObjectNode document : trace.documents()) {
                String json = document.toString();
                bytes += json.length();
                segments.addObject().put("Id", document.path("id").asText()).put("Document", json);
            }
            if (bytes >= MAX_TRACES_BYTES && i + 1 < ids.size()) {
                result.put("NextToken", Integer.toString(i + 1));
                break;
            }
        }
        return result;
    }

    ObjectNode getServiceGraph(JsonNode request) throws ApiException {
        double start = time(request, "StartTime");
        double end = time(request, "EndTime");
        if (start > end) {
            throw ApiException.invalid("StartTime must not be after EndTime");
        }
        String group = request.path("GroupName").asText("Default");
        if (!group.equals("Default") || request.hasNonNull("GroupARN")) {
            throw ApiException.invalid("the local daemon has only the Default group");
        }
        ObjectNode result = DaemonJson.MAPPER.createObjectNode();
        result.put("StartTime", new java.math.BigDecimal(DaemonJson.plain(start)));
        result.put("EndTime", new java.math.BigDecimal(DaemonJson.plain(end)));
        result.set("Services", DaemonJson.MAPPER.valueToTree(store.serviceGraph(start, end)));
        result.put("ContainsOldGroupVersions", false);
        return result;
    }

    ObjectNode getTraceGraph(JsonNode request) throws ApiException {
        List<String> ids = new ArrayList<>();
        for (String id : traceIds(request)) {
            if (TRACE_ID.matcher(id).matches()) {
                ids.add(id.toLowerCase(java.util.Locale.ROOT));
            }
        }
        ObjectNode result = DaemonJson.MAPPER.createObjectNode();
        result.set("Services", DaemonJson.MAPPER.valueToTree(store.traceGraph(ids)));
        return result;
    }

    private static List<String> traceIds(JsonNode request) throws ApiException {
        JsonNode ids = request.get("TraceIds");
        if (ids == null || !ids.isArray()) {
            throw ApiException.invalid("TraceIds is required: a list of trace ids");
        }
        if (ids.size() > MAX_TRACE_IDS) {
            throw ApiException.invalid("at most " + MAX_TRACE_IDS + " TraceIds per call, not " + ids.size());
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (JsonNode id : ids) {
            if (!id.isTextual()) {
                throw ApiException.invalid("TraceIds must be strings");
            }
            unique.add(id.asText());
        }
        return new ArrayList<>(unique);
    }

    private static double time(JsonNode request, String field) throws ApiException {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            throw ApiException.invalid(field + " is required (epoch seconds)");
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isTextual()) {
            try {
                return Double.parseDouble(value.asText());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw ApiException.invalid(field + " must be a timestamp in epoch seconds");
    }

    static String encodeToken(SummaryQuery.Cursor cursor, TimeRangeType type) {
        String raw = "v1|" + type + "|" + cursor.time() + "|" + cursor.traceId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static SummaryQuery.Cursor decodeToken(String token, TimeRangeType type) throws ApiException {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
            if (parts.length == 4 && parts[0].equals("v1") && parts[1].equals(type.name())
                    && TRACE_ID.matcher(parts[3]).matches()) {
                return new SummaryQuery.Cursor(Double.parseDouble(parts[2]), parts[3]);
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw ApiException.invalid("NextToken is not one this daemon issued for this TimeRangeType");
    }

    private static int offset(String token, int size) throws ApiException {
        try {
            int offset = Integer.parseInt(token);
            if (offset >= 0 && offset <= size) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ApiException.invalid("NextToken is not one this daemon issued for these TraceIds");
    }
}
