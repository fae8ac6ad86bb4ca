package xraygallery.daemon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import xraygallery.daemon.DaemonMetrics;

class IngestBufferTest {
    final AtomicLong spilled = new AtomicLong();
    final DaemonMetrics metrics = new DaemonMetrics() {
        @Override
        public void spillover(int documents) {
            spilled.addAndGet(documents);
        }
    };

    /** A datagram whose first bytes say which it is ("s7 xxxx..."). */
    static ByteBuffer datagram(int index, int padding) {
        return ByteBuffer.wrap(("s" + index + " " + "x".repeat(padding)).getBytes(StandardCharsets.US_ASCII));
    }

    static String name(byte[] datagram) {
        String text = new String(datagram, StandardCharsets.US_ASCII);
        return text.substring(0, text.indexOf(' '));
    }

    @Test
    void whenFull_theOldestDocumentsAreDropped_andCounted_andOfferNeverBlocks() throws Exception {
        IngestBuffer buffer = new IngestBuffer(256 * 1024, metrics);
        for (int i = 0; i < 100; i++) {
            buffer.offer(datagram(i, 10_000));
        }
        assertThat(buffer.bytes()).isLessThanOrEqualTo(256 * 1024);
        int kept = buffer.size();
        assertThat(spilled.get()).isEqualTo(100 - kept).isPositive();
        List<byte[]> taken = buffer.take(1000, 0, 0, TimeUnit.MILLISECONDS);
        assertThat(taken).hasSize(kept);
        assertThat(name(taken.get(taken.size() - 1))).as("the newest survive").isEqualTo("s99");
        assertThat(name(taken.get(0))).isEqualTo("s" + (100 - kept));
        assertThat(taken.get(0)).hasSize(("s" + (100 - kept) + " ").length() + 10_000);
        assertThat(buffer.bytes()).isZero();
    }

    @Test
    void take_returnsAtMostMax_inArrivalOrder_andEmptyOnTimeout() throws Exception {
        IngestBuffer buffer = new IngestBuffer(1024 * 1024, metrics);
        assertThat(buffer.take(10, 10, 0, TimeUnit.MILLISECONDS)).isEmpty();
        for (int i = 0; i < 5; i++) {
            buffer.offer(datagram(i, 10));
        }
        assertThat(buffer.take(3, 0, 0, TimeUnit.MILLISECONDS)).extracting(IngestBufferTest::name)
                .containsExactly("s0", "s1", "s2");
        assertThat(buffer.take(3, 0, 0, TimeUnit.MILLISECONDS)).extracting(IngestBufferTest::name)
                .containsExactly("s3", "s4");
        assertThat(spilled.get()).isZero();
    }

    @Test
    void aTakerLingering_forAFullBatch_isWokenAsSoonAsItIsFull() throws Exception {
        IngestBuffer buffer = new IngestBuffer(1024 * 1024, metrics);
        CountDownLatch lingering = new CountDownLatch(1);
        CompletableFuture<List<byte[]>> taken = CompletableFuture.supplyAsync(() -> {
            try {
                lingering.countDown();
                return buffer.take(3, 60, 60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        lingering.await();
        for (int i = 0; i < 3; i++) {
            buffer.offer(datagram(i, 10));
        }
        // with a minute of linger, only a wake-up on the third datagram ends the take within the wait below
        assertThat(taken.get(30, TimeUnit.SECONDS)).extracting(IngestBufferTest::name).containsExactly("s0", "s1", "s2");
    }

    @Test
    void aDatagramLargerThanTheWholeBuffer_isCountedAsSpillover_andTheRestKept() throws Exception {
        IngestBuffer buffer = new IngestBuffer(256 * 1024, metrics);
        buffer.offer(datagram(1, 10));
        buffer.offer(ByteBuffer.allocate(300 * 1024));
        assertThat(spilled.get()).isEqualTo(1);
        assertThat(buffer.take(10, 0, 0, TimeUnit.MILLISECONDS)).extracting(IngestBufferTest::name).containsExactly("s1");
    }
}
