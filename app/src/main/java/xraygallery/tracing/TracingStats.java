package xraygallery.tracing;

/**
 * What the emitter did, for the trace panel and tests.
 *
 * @param documentsSent datagrams sent to the daemon
 * @param documentsSplit segments or subsegments too big for one datagram that were sent in parts
 * @param metadataDropped documents that fit only after their metadata was left out (logged)
 * @param documentsLost documents that could not be sent at all (logged): too big even without metadata, or a
 *     socket error
 */
public record TracingStats(long documentsSent, long documentsSplit, long metadataDropped, long documentsLost) {
}
