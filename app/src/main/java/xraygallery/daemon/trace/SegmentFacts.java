package xraygallery.daemon.trace;

import com.fasterxml.jackson.databind.JsonNode;
import xraygallery.daemon.segment.EntityView;
import xraygallery.daemon.segment.SegmentDocument;

/**
 * The times and service-graph facts of a trace that is one complete root segment (the usual trace: an action's
 * segment sent whole), computed from the {@link EntityView} the document was validated from: what
 * {@link TraceSummarizer#summarize} computes from the stored document, without the summary. A service for the
 * segment (the root), and for every {@code aws} or {@code remote} subsegment at any depth an inferred service and a
 * call to it; no index, no assembly and no tree of maps, which is what makes it cheap on the decoding thread.
 * {@code TraceFactsAheadTest} checks that both agree, on chosen traces and on thousands of generated ones.
 */
public final class SegmentFacts {
    private final GraphFacts graph = new GraphFacts();
    private double lastEvent;

    private SegmentFacts() {
    }

    /**
     * The facts of a trace whose one document is {@code segment}, a complete root segment as validated: its start
     * time is a positive number and its end time a number no earlier, so it is complete and starts the trace.
     */
    public static SegmentDocument.TraceFacts of(EntityView segment) {
        SegmentFacts facts = new SegmentFacts();
        ServiceGraphBuilder.Key key = new ServiceGraphBuilder.Key(segment.name().asText(),
                segment.origin().asText(null));
        double start = segment.startTime().asDouble(0);
        double end = segment.endTime().asDouble(0);
        facts.graph.service(key, true, start, end, outcome(segment));
        facts.lastEvent = end;
        for (EntityView child : segment.subsegments()) {
            facts.visit(child, key);
        }
        return new SegmentDocument.TraceFacts(facts.graph.toString(), start, facts.lastEvent);
    }

    /** A subsegment under the segment {@code from}: its last event, and the service it calls if it is remote. */
    private void visit(EntityView entity, ServiceGraphBuilder.Key from) {
        double s = entity.startTime().asDouble(0);
        boolean complete = isComplete(entity);
        double e = complete ? entity.endTime().asDouble(0) : s;
        if (!(s > 0)) {
            s = e;
        }
        if (Math.max(s, e) > lastEvent) {
            lastEvent = Math.max(s, e);
        }
        String namespace = entity.namespace().asText("");
        if (namespace.equals("aws") || namespace.equals("remote")) {
            ServiceGraphBuilder.Key inferred = TraceSummarizer.inferredKey(entity.name().asText(), namespace,
                    entity.hasSql());
            Outcome outcome = complete ? outcome(entity) : null;
            graph.service(inferred, false, s, e, outcome);
            graph.call(from, inferred, s, e, outcome);
        }
        for (EntityView child : entity.subsegments()) {
            visit(child, from);
        }
    }

    private static boolean isComplete(EntityView entity) {
        JsonNode end = entity.endTime();
        return !entity.inProgress().asBoolean(false) && !end.isMissingNode() && !end.isNull();
    }

    private static Outcome outcome(EntityView entity) {
        return Outcome.of(entity.fault(), entity.throttle(), entity.error());
    }
}
