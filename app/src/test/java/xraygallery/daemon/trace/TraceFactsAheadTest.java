package xraygallery.daemon.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import xraygallery.daemon.Doc;
import xraygallery.daemon.segment.SegmentDocument;

/**
 * What a store computes ahead for a one-document trace ({@link TraceSummarizer#facts}) is exactly the times and
 * graph facts the full summary has, for every shape of trace, without the summary's work.
 */
class TraceFactsAheadTest {
    private static final long T0 = 1_732_000_000L;

    static Stream<Doc> traces() {
        Doc aws = Doc.subsegment("S3").id("b000000000000001").times(T0 + 0.1, T0 + 0.3).namespace("aws").httpStatus(503)
                .fault().exception("S3Exception", "Service Unavailable");
        aws.node().putObject("aws").put("operation", "PutObject");
        return Stream.of(
                Doc.segment("xray-gallery").trace(Doc.newTraceId(T0)).times(T0, T0 + 1).annotation("action", "upload")
                        .user("tracy"),
                Doc.segment("xray-gallery").trace(Doc.newTraceId(T0)).times(T0, T0 + 2).fault()
                        .sub(Doc.subsegment("resize_image").id("b000000000000002").times(T0 + 0.01, T0 + 0.1))
                        .sub(aws)
                        .sub(Doc.subsegment("photos@127.0.0.1").id("b000000000000003").times(T0 + 0.4, T0 + 1.9)
                                .namespace("remote").sql("jdbc:mysql://127.0.0.1/photos")),
                Doc.segment("xray-gallery").trace(Doc.newTraceId(T0)).inProgress(T0)
                        .sub(Doc.subsegment("resize_image").id("b000000000000004").times(T0 + 0.01, T0 + 0.5)),
                Doc.segment("downstream").trace(Doc.newTraceId(T0)).parent("c000000000000001").times(T0 + 5, T0 + 6)
                        .origin("AWS::EC2::Instance").throttle());
    }

    @ParameterizedTest
    @MethodSource("traces")
    void factsAhead_areTheSummarysTimesAndGraphFacts(Doc doc) {
        SegmentDocument document = doc.build();
        AssembledTrace trace = TraceAssembler.assembleForSummary(document.traceId(), List.of(document.json()));

        TraceRecord full = TraceSummarizer.summarize(trace, 1);
        SegmentDocument.TraceFacts ahead = TraceSummarizer.facts(trace);

        assertThat(ahead.graphFacts()).isEqualTo(full.graphFacts()).isNotBlank();
        assertThat(ahead.startTime()).isEqualTo(full.startTime());
        assertThat(ahead.endTime()).isEqualTo(full.endTime());
    }

    @ParameterizedTest
    @MethodSource("traces")
    void factsFromTheViewReadWhileValidating_areThoseFromReadingTheStoredBytesAgain(Doc doc) throws Exception {
        SegmentDocument document = SegmentDocument.parse(doc.build().json());
        assertThat(document.factsView()).isNotNull();

        SegmentDocument.TraceFacts fromView = TraceSummarizer.facts(
                TraceAssembler.assembleViews(document.traceId(), List.of(document.factsView())));
        SegmentDocument.TraceFacts reread = TraceSummarizer.facts(
                TraceAssembler.assembleForSummary(document.traceId(), List.of(document.json())));

        assertThat(fromView).isEqualTo(reread);
        assertThat(document.withTraceFacts(fromView).factsView()).as("not held past its use").isNull();
    }
}
