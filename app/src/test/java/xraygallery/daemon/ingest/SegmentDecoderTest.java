package xraygallery.daemon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import xraygallery.daemon.DaemonMetrics;
import xraygallery.daemon.Doc;
import xraygallery.daemon.segment.RejectReason;
import xraygallery.daemon.segment.SegmentDocument;

class SegmentDecoderTest {
    final Map<RejectReason, Integer> rejected = new ConcurrentHashMap<>();
    final DaemonMetrics metrics = new DaemonMetrics() {
        @Override
        public void rejected(RejectReason reason, String message) {
            rejected.merge(reason, 1, Integer::sum);
        }
    };
    final Intake intake = new Intake(new IngestBuffer(1024 * 1024, metrics), metrics);
    final BatchHandoff handoff = new BatchHandoff();

    @Test
    void validDatagrams_arePreparedAndHandedOnInOrder_refusedOnesCounted_andBufferedCountsUntilWritten()
            throws Exception {
        String trace = Doc.newTraceId();
        intake.datagram(ByteBuffer.wrap(Doc.segment("first").trace(trace).times(1, 2).datagram()));
        intake.datagram(ByteBuffer.wrap("{\"format\": \"json\", \"version\": 1}\n{\"name\":".getBytes(StandardCharsets.UTF_8)));
        intake.datagram(ByteBuffer.wrap("no header at all".getBytes(StandardCharsets.UTF_8)));
        intake.datagram(ByteBuffer.wrap(Doc.segment("second").trace(trace).times(2, 3).datagram()));
        List<String> prepared = new ArrayList<>();
        SegmentDecoder decoder = new SegmentDecoder(intake, document -> {
            prepared.add(document.name());
            return document;
        }, handoff).start();
        try {
            List<SegmentDocument> batch = handoff.take(100, 30, TimeUnit.SECONDS);
            assertThat(batch).extracting(SegmentDocument::name).containsExactly("first", "second");
            assertThat(prepared).containsExactly("first", "second");
            assertThat(rejected).containsEntry(RejectReason.MALFORMED_JSON, 1).containsEntry(RejectReason.BAD_HEADER, 1);
            assertThat(handoff.documents()).as("taken, not yet written").isEqualTo(2);
            handoff.written(batch.size());
            assertThat(handoff.documents()).isZero();
        } finally {
            decoder.close();
        }
    }

    @Test
    void onClose_whatIsStillBuffered_isDecodedAndHandedOn() throws Exception {
        SegmentDecoder decoder = new SegmentDecoder(intake, document -> document, handoff).start();
        for (int i = 0; i < 3; i++) {
            intake.datagram(ByteBuffer.wrap(Doc.segment("s" + i).trace(Doc.newTraceId()).times(1, 2).datagram()));
        }
        decoder.close();
        List<SegmentDocument> all = new ArrayList<>();
        List<SegmentDocument> batch;
        while (!(batch = handoff.take(100, 0, TimeUnit.SECONDS)).isEmpty()) {
            all.addAll(batch);
        }
        assertThat(all).extracting(SegmentDocument::name).containsExactly("s0", "s1", "s2");
        assertThat(intake.buffer().size()).isZero();
    }
}
