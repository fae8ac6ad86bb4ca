package xraygallery.daemon.trace;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One trace put back together: its segment documents with every separately sent subsegment inserted under its
 * parent, then any subsegments whose parent has not arrived (orphans), each still a document of its own.
 *
 * @param traceId the trace id
 * @param documents segments (ordered by start time) followed by orphan subsegments
 * @param orphans how many of the documents, at the end, are orphan subsegments
 */
public record AssembledTrace(String traceId, List<ObjectNode> documents, int orphans) {

    /** The segment documents (no orphans). */
    public List<ObjectNode> segments() {
        return documents.subList(0, documents.size() - orphans);
    }
}
