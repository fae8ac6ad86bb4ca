package xraygallery.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import xraygallery.daemon.Doc;
import xraygallery.daemon.model.TraceSummary;
import xraygallery.daemon.segment.SegmentDocument;

/**
 * Paging through more traces than one read chunk (256 rows), in both range types, with a filter that keeps every
 * other trace and traces sharing their last-event time: every trace in range comes exactly once, newest first,
 * whether the pages end on a full page or on the scan limit.
 */
class SqliteSummaryPagingTest {
    private static final long T0 = 1_732_000_000L;
    private static final int TRACES = 700;

    private SqliteTraceStorage storage;
    private final List<String> kept = new ArrayList<>();

    @BeforeEach
    void fill() throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "test-data", "paging-" + UUID.randomUUID()));
        storage = SqliteTraceStorage.open(dir, Clock.fixed(Instant.ofEpochSecond(T0), ZoneOffset.UTC));
        List<SegmentDocument> batch = new ArrayList<>();
        for (int i = 0; i < TRACES; i++) {
            long second = T0 + i / 3; // three traces a second: ties on the trace-id time and on the end time
            String traceId = Doc.newTraceId(second);
            Doc doc = Doc.segment("xray-gallery").trace(traceId).times(second, second + 0.5);
            if (i % 2 == 0) {
                doc.annotation("keep", "yes");
                kept.add(traceId);
            }
            batch.add(storage.prepare(doc.build()));
        }
        // a trace outside the range on either side
        batch.add(storage.prepare(Doc.segment("early").trace(Doc.newTraceId(T0 - 500)).times(T0 - 500, T0 - 499).build()));
        batch.add(storage.prepare(Doc.segment("late").trace(Doc.newTraceId(T0 + 5000)).times(T0 + 5000, T0 + 5001)
                .build()));
        storage.sink().accept(batch);
        storage.flush();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @ParameterizedTest
    @EnumSource(TimeRangeType.class)
    void fullPages_bringEveryKeptTraceOnce_newestFirst(TimeRangeType rangeType) {
        SummaryQuery query = SummaryQuery.of(T0, T0 + TRACES / 3 + 1).withRangeType(rangeType)
                .withFilter(s -> s.annotations().containsKey("keep"));

        List<TraceSummary> all = readAll(query, 40, 100_000);

        assertThat(all).extracting(TraceSummary::id).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(kept);
        assertThat(all).extracting(TraceSummary::id).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @ParameterizedTest
    @EnumSource(TimeRangeType.class)
    void pagesCutByTheScanLimit_goOnWhereTheyStopped(TimeRangeType rangeType) {
        SummaryQuery query = SummaryQuery.of(T0, T0 + TRACES / 3 + 1).withRangeType(rangeType)
                .withFilter(s -> s.annotations().containsKey("keep"));

        List<TraceSummary> all = readAll(query, 1_000, 300); // 300 examined a call: pages end on the limit

        assertThat(all).extracting(TraceSummary::id).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(kept);
    }

    private List<TraceSummary> readAll(SummaryQuery query, int pageSize, int scanLimit) {
        List<TraceSummary> all = new ArrayList<>();
        SummaryQuery.Cursor cursor = null;
        int calls = 0;
        do {
            SummaryPage page = storage.store().summaries(query.withScanLimit(scanLimit).withPage(cursor, pageSize));
            all.addAll(page.summaries());
            cursor = page.next();
            assertThat(++calls).as("pages end").isLessThan(TRACES);
        } while (cursor != null);
        return all;
    }
}
