package xraygallery.daemon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import xraygallery.daemon.DaemonMetrics;
import xraygallery.daemon.Doc;
import xraygallery.daemon.segment.SegmentDocument;

class IngestBufferTest {
    final AtomicLong spilled = new AtomicLong();
    final DaemonMetrics metrics = new DaemonMetrics() {
        @Override
        public void spillover(int documents) {
            spilled.addAndGet(documents);
        }
    };

    static SegmentDocument document(int index, int padding) {
        return Doc.segment("s" + index).trace(Doc.newTraceId()).times(1, 2).put("pad", "x".repeat(padding)).build();
    }

    @Test
    void whenFull_theOldestDocumentsAreDropped_andCounted_andOfferNeverBlocks() throws Exception {
        IngestBuffer buffer = new IngestBuffer(256 * 1024, metrics);
        for (int i = 0; i < 100; i++) {
            buffer.offer(document(i, 10_000));
        }
        assertThat(buffer.bytes()).isLessThanOrEqualTo(256 * 1024);
        int kept = buffer.size();
        assertThat(spilled.get()).isEqualTo(100 - kept).isPositive();
        List<SegmentDocument> taken = buffer.take(1000, 0, TimeUnit.MILLISECONDS);
        assertThat(taken).hasSize(kept);
        assertThat(taken.get(taken.size() - 1).name()).as("the newest survive").isEqualTo("s99");
        assertThat(taken.get(0).name()).isEqualTo("s" + (100 - kept));
        assertThat(buffer.bytes()).isZero();
    }

    @Test
    void take_returnsAtMostMax_inArrivalOrder_andEmptyOnTimeout() throws Exception {
        IngestBuffer buffer = new IngestBuffer(1024 * 1024, metrics);
        assertThat(buffer.take(10, 10, TimeUnit.MILLISECONDS)).isEmpty();
        for (int i = 0; i < 5; i++) {
            buffer.offer(document(i, 10));
        }
        assertThat(buffer.take(3, 0, TimeUnit.MILLISECONDS)).extracting(SegmentDocument::name)
                .containsExactly("s0", "s1", "s2");
        assertThat(buffer.take(3, 0, TimeUnit.MILLISECONDS)).extracting(SegmentDocument::name)
                .containsExactly("s3", "s4");
        assertThat(spilled.get()).isZero();
    }
}
