package xraygallery.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import xraygallery.daemon.segment.SegmentDocument;

/** The bench's load is what an X-Ray SDK sends: documents the daemon accepts, each with a trace id made the SDKs' way. */
class SegmentLoadTest {
    private final SegmentLoad load = new SegmentLoad(new InetSocketAddress("127.0.0.1", 2000),
            URI.create("http://127.0.0.1:2000/"), 0, 1024);

    @Test
    void documentsAreValidSegmentsOfTheRequestedSize() throws Exception {
        long before = System.currentTimeMillis() / 1000;
        byte[] json = load.segment(7);
        long after = System.currentTimeMillis() / 1000;

        SegmentDocument document = SegmentDocument.parse(json);
        assertThat(json.length).isBetween(1000, 1024);
        assertThat(document.isCompleteRoot()).isTrue();
        assertThat(document.traceId()).matches("1-[0-9a-f]{8}-[0-9a-f]{24}");
        assertThat(Long.parseLong(document.traceId().substring(2, 10), 16)).isBetween(before, after);
    }

    @Test
    void traceIdsAreRandomAfterTheEpochSecondNotCounted() throws Exception {
        List<String> randomParts = new ArrayList<>();
        for (int n = 0; n < 1_000; n++) {
            randomParts.add(SegmentDocument.parse(load.segment(n)).traceId().substring(11));
        }
        Set<String> distinct = new HashSet<>(randomParts);
        assertThat(distinct).hasSize(1_000);
        int ascending = 0;
        for (int i = 1; i < randomParts.size(); i++) {
            if (randomParts.get(i).compareTo(randomParts.get(i - 1)) > 0) {
                ascending++;
            }
        }
        // counted ids rise every time; random ones about half the time
        assertThat(ascending).isBetween(400, 600);
    }
}
