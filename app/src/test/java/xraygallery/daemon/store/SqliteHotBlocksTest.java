package xraygallery.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xraygallery.daemon.Doc;
import xraygallery.daemon.MutableClock;
import xraygallery.daemon.model.Service;
import xraygallery.daemon.model.TraceSummary;
import xraygallery.daemon.segment.SegmentDocument;
import xraygallery.daemon.trace.AssembledTrace;

/**
 * Traces of one complete root segment are kept in hot blocks, a row per batch, not a row each: what lands where,
 * a hot trace that gets a second document becoming a row, the index after a reopen, an index that is full, and
 * retention that takes part of a block.
 */
class SqliteHotBlocksTest {
    private static final long T0 = 1_732_000_000L;

    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(T0));
    private Path dir;
    private SqliteTraceStorage storage;

    @BeforeEach
    void newDir() throws IOException {
        dir = Files.createDirectories(Path.of("target", "test-data", "hot-" + UUID.randomUUID()));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private void open(int hotCapacity) {
        storage = SqliteTraceStorage.open(dir, clock, BodyFiles.ROLL_BYTES, hotCapacity);
    }

    private void store(Doc... docs) {
        List<SegmentDocument> batch = new ArrayList<>();
        for (Doc doc : docs) {
            batch.add(storage.prepare(doc.build()));
        }
        storage.sink().accept(batch);
        storage.flush();
    }

    private static Doc root(String traceId, double end) {
        return Doc.segment("svc").trace(traceId).times(end - 0.5, end);
    }

    private long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteTraceStorage.FILE_NAME));
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private long rows() throws SQLException {
        return count("SELECT count(*) FROM traces");
    }

    private long hotRecords() throws SQLException {
        return count("SELECT coalesce(sum(count), 0) FROM hot_blocks");
    }

    private List<String> stored(List<String> traceIds) {
        return storage.store().traces(traceIds).stream().map(AssembledTrace::traceId).toList();
    }

    private List<String> summarized() {
        return storage.store().summaries(SummaryQuery.of(0, Double.MAX_VALUE).withPage(null, 1_000)).summaries()
                .stream().map(TraceSummary::id).toList();
    }

    @Test
    void aBatchOfOneSegmentTraces_isOneHotBlock_andAMultiDocumentTraceARow() throws Exception {
        open(HotBlocks.MAX_INDEXED);
        String a = Doc.newTraceId(T0);
        String b = Doc.newTraceId(T0);
        String streamed = Doc.newTraceId(T0);
        Doc streamedRoot = root(streamed, T0 + 3);
        store(root(a, T0 + 1), root(b, T0 + 2), streamedRoot,
                Doc.subsegment("work").times(T0 + 2.6, T0 + 2.7).standalone(streamed, streamedRoot.id()));

        assertThat(count("SELECT count(*) FROM hot_blocks")).isEqualTo(1);
        assertThat(hotRecords()).isEqualTo(2);
        assertThat(rows()).isEqualTo(1);
        assertThat(storage.stats().traces()).isEqualTo(3);
        assertThat(summarized()).containsExactly(streamed, b, a);
        assertThat(storage.store().serviceGraph(T0, T0 + 3)).extracting(Service::name).containsExactly("svc");
    }

    @Test
    void aHotTraceThatGetsASecondDocument_becomesARow_withItsFirstDocumentKept() throws Exception {
        open(HotBlocks.MAX_INDEXED);
        String traceId = Doc.newTraceId(T0);
        String other = Doc.newTraceId(T0);
        Doc first = root(traceId, T0 + 1);
        store(first, root(other, T0 + 1));
        store(Doc.subsegment("late").times(T0 + 0.7, T0 + 0.8).standalone(traceId, first.id()));

        assertThat(rows()).isEqualTo(1);
        assertThat(hotRecords()).as("the other trace stays in its block").isEqualTo(1);
        assertThat(storage.stats().traces()).isEqualTo(2);
        AssembledTrace moved = storage.store().traces(List.of(traceId)).get(0);
        assertThat(moved.documents()).hasSize(1);
        assertThat(moved.documents().get(0).path("subsegments").get(0).path("name").asText()).isEqualTo("late");
        assertThat(summarized()).containsExactlyInAnyOrder(traceId, other);
    }

    @Test
    void aTraceWithARow_staysARow_whenItsCompleteSegmentComesAloneLater() throws Exception {
        open(HotBlocks.MAX_INDEXED);
        String traceId = Doc.newTraceId(T0);
        Doc running = Doc.segment("svc").trace(traceId).inProgress(T0);
        store(running); // as the app sends an action: in progress at its start, complete at its end
        store(Doc.segment("svc").trace(traceId).id(running.id()).times(T0, T0 + 2));

        assertThat(rows()).isEqualTo(1);
        assertThat(hotRecords()).isZero();
        assertThat(storage.stats().traces()).isEqualTo(1);
        assertThat(storage.store().traces(List.of(traceId)).get(0).documents()).hasSize(1);
        TraceSummary summary = storage.store().summaries(SummaryQuery.of(0, Double.MAX_VALUE)).summaries().get(0);
        assertThat(summary.id()).isEqualTo(traceId);
        assertThat(summary.duration()).isEqualTo(2.0);
    }

    @Test
    void afterAReopen_theIndexStillFindsHotTraces() throws Exception {
        open(HotBlocks.MAX_INDEXED);
        String traceId = Doc.newTraceId(T0);
        Doc first = root(traceId, T0 + 1);
        store(first);
        storage.close();
        open(HotBlocks.MAX_INDEXED);

        assertThat(stored(List.of(traceId))).containsExactly(traceId);
        store(first); // the same complete segment again: a known trace, not a second record
        assertThat(hotRecords() + rows()).isEqualTo(1);
        assertThat(storage.stats().traces()).isEqualTo(1);
        assertThat(summarized()).containsExactly(traceId);
    }

    @Test
    void aFullIndex_givesNewTracesRows_untilRetentionMakesRoom() throws Exception {
        open(3);
        List<String> old = List.of(Doc.newTraceId(T0), Doc.newTraceId(T0), Doc.newTraceId(T0));
        store(root(old.get(0), T0 + 1), root(old.get(1), T0 + 1), root(old.get(2), T0 + 1));
        clock.advance(Duration.ofDays(2));
        double now = clock.instant().getEpochSecond();
        List<String> recent = List.of(Doc.newTraceId((long) now), Doc.newTraceId((long) now));
        store(root(recent.get(0), now), root(recent.get(1), now));

        assertThat(hotRecords()).isEqualTo(3);
        assertThat(rows()).isEqualTo(2);
        List<String> all = new ArrayList<>(old);
        all.addAll(recent);
        assertThat(stored(all)).containsExactlyElementsOf(all);
        assertThat(summarized()).containsExactlyInAnyOrderElementsOf(all);

        assertThat(storage.enforceRetention(clock.instant(), Duration.ofDays(1), Long.MAX_VALUE)).isEqualTo(3);
        assertThat(hotRecords()).isZero();
        String next = Doc.newTraceId((long) now);
        store(root(next, now + 1));
        assertThat(hotRecords()).as("room again").isEqualTo(1);
        assertThat(storage.stats().traces()).isEqualTo(3);
    }

    @Test
    void ageRetention_takesTheOldPartOfABlock_andKeepsTheRest() throws Exception {
        open(HotBlocks.MAX_INDEXED);
        clock.advance(Duration.ofDays(2));
        double now = clock.instant().getEpochSecond();
        String old = Doc.newTraceId(T0);
        String recent = Doc.newTraceId((long) now);
        store(root(old, T0 + 1), root(recent, now));
        long liveBefore = count("SELECT live FROM body_files");

        assertThat(storage.enforceRetention(clock.instant(), Duration.ofDays(1), Long.MAX_VALUE)).isEqualTo(1);

        assertThat(hotRecords()).isEqualTo(1);
        assertThat(stored(List.of(old, recent))).containsExactly(recent);
        assertThat(count("SELECT live FROM body_files")).isLessThan(liveBefore).isPositive();
        assertThat(storage.stats().traces()).isEqualTo(1);
    }

    @Test
    void idsNotInTheStoredForm_findNothing() {
        open(HotBlocks.MAX_INDEXED);
        String traceId = Doc.newTraceId(T0);
        store(root(traceId, T0 + 1));

        assertThat(stored(List.of(traceId.toUpperCase(java.util.Locale.ROOT), "1-abc", "", "not-a-trace-id")))
                .isEmpty();
        assertThat(stored(List.of(traceId))).containsExactly(traceId);
    }
}
