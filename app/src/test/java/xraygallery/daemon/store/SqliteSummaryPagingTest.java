package xraygallery.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
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
 * whether the pages end on a full page or on the scan limit. Traces arrive in shuffled batches of 2, and every
 * fifth has a second document: the pages merge rows with the records of hot blocks whose times overlap.
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
        List<List<SegmentDocument>> traces = new ArrayList<>();
        for (int i = 0; i < TRACES; i++) {
            long second = T0 + i / 3; // three traces a second: ties on the trace-id time and on the end time
            String traceId = Doc.newTraceId(second);
            Doc doc = Doc.segment("xray-gallery").trace(traceId).times(second, second + 0.5);
            if (i % 2 == 0) {
                doc.annotation("keep", "yes");
                kept.add(traceId);
            }
            List<SegmentDocument> documents = new ArrayList<>(List.of(storage.prepare(doc.build())));
            if (i % 5 == 0) { // a second document: the trace is a row, not a hot record
                documents.add(storage.prepare(Doc.subsegment("later").times(second + 0.1, second + 0.2)
                        .standalone(traceId, doc.id()).build()));
            }
            traces.add(documents);
        }
        // a trace outside the range on either side
        traces.add(List.of(storage.prepare(Doc.segment("early").trace(Doc.newTraceId(T0 - 500))
                .times(T0 - 500, T0 - 499).build())));
        traces.add(List.of(storage.prepare(Doc.segment("late").trace(Doc.newTraceId(T0 + 5000))
                .times(T0 + 5000, T0 + 5001).build())));
        Collections.shuffle(traces, new Random(11));
        for (int from = 0; from < traces.size(); from += 2) { // 351 blocks: more than one chunk of them
            List<SegmentDocument> batch = new ArrayList<>();
            traces.subList(from, Math.min(traces.size(), from + 2)).forEach(batch::addAll);
            storage.sink().accept(batch);
        }
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

    @ParameterizedTest
    @EnumSource(TimeRangeType.class)
    void onePageOfEveryTrace_readsAllTheBlocks_newestFirst(TimeRangeType rangeType) {
        SummaryQuery query = SummaryQuery.of(T0, T0 + TRACES / 3 + 1).withRangeType(rangeType)
                .withFilter(s -> s.annotations().containsKey("keep"));

        SummaryPage page = storage.store().summaries(query.withScanLimit(100_000).withPage(null, 1_000));

        assertThat(page.next()).isNull();
        assertThat(page.summaries()).extracting(TraceSummary::id).containsExactlyInAnyOrderElementsOf(kept)
                .isSortedAccordingTo(Comparator.reverseOrder());
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
