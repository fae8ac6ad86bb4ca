package xraygallery.daemon.store;

/**
 * One trace kept in a hot block: a trace of one complete root segment, its times, service-graph facts and where its
 * document is.
 *
 * @param traceId the trace id, validated and lower-case ({@code 1-} 8 hex digits {@code -} 24 hex digits)
 * @param startTime start, in epoch seconds
 * @param endTime end, in epoch seconds
 * @param graphFacts the trace's service-graph facts (any text, may be empty)
 * @param bodyRef where its document starts in the body files ({@link BodyFiles#ref})
 * @param bodyLen the document's length in bytes
 */
record HotRecord(String traceId, double startTime, double endTime, String graphFacts, long bodyRef, int bodyLen) {
}
