package xraygallery.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
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
 * The documents of one-document traces live in body files beside {@code traces.db}: what lands where, reading
 * them back (after a reopen, from a version 2 file), rolling, retention by age and by size, and what a missing,
 * cut or unwritable body file does.
 */
class SqliteBodyFilesTest {
    private static final long T0 = 1_732_000_000L;
    private static final String PADDING = "x".repeat(1_000);

    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(T0));
    private Path dir;
    private SqliteTraceStorage storage;

    @BeforeEach
    void newDir() throws IOException {
        dir = Files.createDirectories(Path.of("target", "test-data", "bodies-" + UUID.randomUUID()));
    }

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }

    private void open(long bodyFileBytes) {
        storage = SqliteTraceStorage.open(dir, clock, bodyFileBytes);
    }

    private void reopen(long bodyFileBytes) {
        storage.close();
        open(bodyFileBytes);
    }

    /** A complete root segment of about 1 KiB that ends at {@code end}. */
    private static Doc kib(String traceId, double end) {
        return Doc.segment("svc").trace(traceId).times(end - 0.5, end).put("padding", PADDING);
    }

    /** One batch, as the daemon stores it, with summaries brought up to date. */
    private void store(Doc... docs) {
        List<SegmentDocument> batch = new ArrayList<>();
        for (Doc doc : docs) {
            batch.add(storage.prepare(doc.build()));
        }
        storage.sink().accept(batch);
        storage.flush();
    }

    private List<String> storedTraces(String... traceIds) {
        return storage.store().traces(List.of(traceIds)).stream().map(AssembledTrace::traceId).toList();
    }

    private List<String> summarized() {
        return storage.store().summaries(SummaryQuery.of(0, Double.MAX_VALUE).withPage(null, 1_000)).summaries()
                .stream().map(TraceSummary::id).toList();
    }

    private Path bodies() {
        return dir.resolve(BodyFiles.DIR_NAME);
    }

    private Path bodyFile(int number) {
        return bodies().resolve(String.format("%08d.bodies", number));
    }

    private List<String> bodyFileNames() throws IOException {
        try (Stream<Path> files = Files.list(bodies())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private Connection database() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteTraceStorage.FILE_NAME).toAbsolutePath());
    }

    /**
     * Where a trace's first document is: a row's {@code first_body} (or null), {@code body_ref} and
     * {@code body_len}, or a hot record's body reference and length.
     */
    private record Row(byte[] firstBody, long ref, int length) {
        int file() {
            return BodyFiles.fileOf(ref);
        }

        long offset() {
            return ref & 0xffff_ffffL;
        }
    }

    /** The trace's row, or else its record in a hot block. */
    private Row row(String traceId) throws SQLException {
        try (Connection c = database(); PreparedStatement s = c.prepareStatement(
                "SELECT first_body, body_ref, body_len FROM traces WHERE trace_id = ?")) {
            s.setString(1, traceId);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return new Row(rs.getBytes(1), rs.getLong(2), rs.getInt(3));
                }
            }
        }
        HotRecord record = hotRecord(traceId);
        assertThat(record).as("a row or hot record for " + traceId).isNotNull();
        return new Row(null, record.bodyRef(), record.bodyLen());
    }

    private HotRecord hotRecord(String traceId) throws SQLException {
        try (Connection c = database(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT records FROM hot_blocks")) {
            while (rs.next()) {
                for (HotRecord record : HotBlock.decode(rs.getBytes(1))) {
                    if (record.traceId().equals(traceId)) {
                        return record;
                    }
                }
            }
        }
        return null;
    }

    /** Traces in rows and in hot blocks. */
    private long storedCount() throws SQLException {
        return queryLong("SELECT (SELECT count(*) FROM traces) + (SELECT coalesce(sum(count), 0) FROM hot_blocks)");
    }

    private long queryLong(String sql) throws SQLException {
        try (Connection c = database(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private static byte[] slice(Path file, long offset, int length) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return Arrays.copyOfRange(all, (int) offset, (int) offset + length);
    }

    @Test
    void aOneDocumentTrace_isAHotRecordPointingIntoABodyFile_notARowOrABlobInTheDatabase() throws Exception {
        open(BodyFiles.ROLL_BYTES);
        String traceId = Doc.newTraceId(T0);
        Doc doc = kib(traceId, T0 + 1);
        store(doc);

        assertThat(queryLong("SELECT count(*) FROM traces")).isZero();
        assertThat(queryLong("SELECT count FROM hot_blocks")).isEqualTo(1);
        Row row = row(traceId);
        assertThat(row.firstBody()).isNull();
        assertThat(row.length()).isEqualTo(doc.bytes().length).isGreaterThan(1_000);
        assertThat(row.file()).isEqualTo(1);
        assertThat(slice(bodyFile(1), row.offset(), row.length())).isEqualTo(doc.bytes());
        assertThat(queryLong("SELECT live FROM body_files WHERE file = 1")).isEqualTo(row.length());
        assertThat(storedTraces(traceId)).containsExactly(traceId);
        assertThat(summarized()).containsExactly(traceId);
        assertThat(storage.stats().bytes()).as("the database's pages and the body")
                .isGreaterThan(row.length());
    }

    @Test
    void afterAReopen_bodiesReadFromTheirFiles_andNewOnesGoToANewFile() throws Exception {
        open(BodyFiles.ROLL_BYTES);
        String before = Doc.newTraceId(T0);
        store(kib(before, T0 + 1));
        reopen(BodyFiles.ROLL_BYTES);
        String after = Doc.newTraceId(T0);
        store(kib(after, T0 + 2));

        assertThat(storedTraces(before, after)).containsExactly(before, after);
        assertThat(summarized()).containsExactly(after, before);
        assertThat(bodyFileNames()).containsExactly("00000001.bodies", "00000002.bodies");
        assertThat(row(after).file()).isEqualTo(2);
    }

    @Test
    void aBodyFileNoRowPointsInto_isDeletedAtOpen_andItsNumberIsNotUsedAgain() throws Exception {
        open(BodyFiles.ROLL_BYTES);
        String traceId = Doc.newTraceId(T0);
        store(kib(traceId, T0 + 1));
        storage.close();
        Files.write(bodyFile(7), new byte[] {'{', '}'}); // bodies of a batch whose commit was lost
        open(BodyFiles.ROLL_BYTES);
        String next = Doc.newTraceId(T0);
        store(kib(next, T0 + 2));

        assertThat(bodyFileNames()).containsExactly("00000001.bodies", "00000008.bodies");
        assertThat(storedTraces(traceId, next)).containsExactly(traceId, next);
    }

    @Test
    void aVersion2Store_keepsReadingTheBodiesInItsRows_andPutsNewOnesInFiles() throws Exception {
        String old = Doc.newTraceId(T0);
        Doc oldDoc = Doc.segment("from-v2").trace(old).times(T0, T0 + 1);
        try (Connection c = database(); Statement s = c.createStatement()) { // the layout of version 2
            s.execute("CREATE TABLE documents ("
                    + " trace_id TEXT NOT NULL, id TEXT NOT NULL, parent_id TEXT, subsegment INTEGER NOT NULL,"
                    + " in_progress INTEGER NOT NULL, received_at INTEGER NOT NULL, body BLOB NOT NULL,"
                    + " PRIMARY KEY (trace_id, id))");
            s.execute("CREATE TABLE traces ("
                    + " trace_id TEXT PRIMARY KEY, epoch INTEGER NOT NULL, start_time REAL, end_time REAL,"
                    + " updated_at INTEGER NOT NULL, dirty INTEGER NOT NULL DEFAULT 0,"
                    + " touched_at INTEGER NOT NULL DEFAULT 0, dirty_since INTEGER NOT NULL DEFAULT 0,"
                    + " revision INTEGER NOT NULL DEFAULT 0, summary BLOB, graph BLOB,"
                    + " first_body BLOB)");
            s.execute("CREATE INDEX traces_by_end ON traces (end_time, trace_id)");
            s.execute("CREATE INDEX traces_dirty ON traces (touched_at) WHERE dirty = 1");
            s.execute("PRAGMA user_version = 2");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO traces (trace_id, epoch, start_time,"
                    + " end_time, updated_at, revision, graph, first_body) VALUES (?, ?, ?, ?, ?, 1, ?, ?)")) {
                insert.setString(1, old);
                insert.setLong(2, T0);
                insert.setDouble(3, T0);
                insert.setDouble(4, T0 + 1);
                insert.setLong(5, T0 * 1000);
                insert.setString(6, SqliteTraceWriter.computeAhead(oldDoc.build()).traceFacts().graphFacts());
                insert.setBytes(7, oldDoc.bytes());
                insert.executeUpdate();
            }
        }
        open(BodyFiles.ROLL_BYTES);
        String now = Doc.newTraceId(T0);
        store(kib(now, T0 + 2));

        assertThat(queryLong("PRAGMA user_version")).isEqualTo(SqliteSchema.VERSION);
        assertThat(storage.store().traces(List.of(old)).get(0).documents().get(0).path("name").asText())
                .isEqualTo("from-v2");
        assertThat(summarized()).containsExactly(now, old);
        assertThat(storage.store().serviceGraph(T0, T0 + 3)).extracting(Service::name).contains("from-v2", "svc");
        assertThat(row(old).firstBody()).isEqualTo(oldDoc.bytes());
        assertThat(row(now).firstBody()).isNull();
        assertThat(bodyFileNames()).containsExactly("00000001.bodies");

        clock.advance(Duration.ofDays(2));
        assertThat(storage.enforceRetention(clock.instant(), Duration.ofDays(1), Long.MAX_VALUE)).isEqualTo(2);
        assertThat(storage.stats().traces()).isZero();
    }

    @Test
    void bodyFiles_startAnewPastTheirSize_andEveryBodyStaysReadable() throws Exception {
        open(4_096);
        List<String> ids = new ArrayList<>();
        for (int batch = 0; batch < 6; batch++) {
            String a = Doc.newTraceId(T0);
            String b = Doc.newTraceId(T0);
            ids.add(a);
            ids.add(b);
            store(kib(a, T0 + batch), kib(b, T0 + batch));
        }

        // about 2.2 KiB a batch: a file takes two batches, then passes 4 KiB
        assertThat(bodyFileNames()).containsExactly("00000001.bodies", "00000002.bodies", "00000003.bodies");
        for (int file = 1; file <= 3; file++) {
            assertThat(Files.size(bodyFile(file))).isGreaterThanOrEqualTo(4_096)
                    .isEqualTo(queryLong("SELECT bytes FROM body_files WHERE file = " + file));
        }
        assertThat(storedTraces(ids.toArray(String[]::new))).containsExactlyElementsOf(ids);
        assertThat(summarized()).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void aSmallStore_startsBodyFilesAnewAtASixteenthOfItsSize() throws Exception {
        open(BodyFiles.ROLL_BYTES);
        storage.enforceRetention(clock.instant(), Duration.ofDays(1), 1L << 20); // 64 KiB files
        for (int batch = 0; batch < 7; batch++) {
            List<Doc> docs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                docs.add(kib(Doc.newTraceId(T0), T0 + 1));
            }
            store(docs.toArray(Doc[]::new));
        }

        assertThat(bodyFileNames()).containsExactly("00000001.bodies", "00000002.bodies");
        assertThat(Files.size(bodyFile(1))).isBetween(64L << 10, 80L << 10);
    }

    @Test
    void ageRetention_deletesWholeBodyFiles_withTheirRows_theCurrentOneToo() throws Exception {
        open(2_048);
        String old1 = Doc.newTraceId(T0);
        String old2 = Doc.newTraceId(T0);
        store(kib(old1, T0 + 1), kib(old2, T0 + 1));
        clock.advance(Duration.ofDays(2));
        double now = clock.instant().getEpochSecond();
        String recent = Doc.newTraceId((long) now);
        store(kib(recent, now + 1));
        assertThat(bodyFileNames()).containsExactly("00000001.bodies", "00000002.bodies");

        assertThat(storage.enforceRetention(clock.instant(), Duration.ofDays(1), Long.MAX_VALUE)).isEqualTo(2);
        assertThat(bodyFileNames()).containsExactly("00000002.bodies");
        assertThat(queryLong("SELECT count(*) FROM body_files WHERE file = 1")).isZero();
        assertThat(storedTraces(old1, old2, recent)).containsExactly(recent);

        clock.advance(Duration.ofDays(2));
        assertThat(storage.enforceRetention(clock.instant(), Duration.ofDays(1), Long.MAX_VALUE)).isEqualTo(1);
        assertThat(bodyFileNames()).as("the file being written to goes too").isEmpty();
        String next = Doc.newTraceId(clock.instant().getEpochSecond());
        store(kib(next, clock.instant().getEpochSecond()));
        assertThat(bodyFileNames()).containsExactly("00000003.bodies");
        assertThat(storedTraces(next)).containsExactly(next);
    }

    @Test
    void sizeRetention_bringsTheDatabaseAndTheBodyFilesUnderTheLimit_oldestFirst() throws Exception {
        open(8_192);
        List<String> ids = new ArrayList<>();
        for (int batch = 0; batch < 20; batch++) {
            List<Doc> docs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String traceId = Doc.newTraceId(T0);
                ids.add(traceId);
                docs.add(kib(traceId, T0 + ids.size()));
            }
            store(docs.toArray(Doc[]::new));
        }
        long before = storage.stats().bytes();
        long limit = before / 2;

        assertThat(storage.enforceRetention(clock.instant(), Duration.ofDays(1), limit)).isPositive();

        assertThat(storage.stats().bytes()).isLessThanOrEqualTo(limit);
        List<String> files = bodyFileNames();
        assertThat(files).doesNotContain("00000001.bodies").contains("00000010.bodies");
        long largestFile = 0;
        long onDisk = queryLong("SELECT (SELECT page_count FROM pragma_page_count)"
                + " - (SELECT freelist_count FROM pragma_freelist_count)") * queryLong("PRAGMA page_size");
        for (String file : files) {
            long size = Files.size(bodies().resolve(file));
            largestFile = Math.max(largestFile, size);
            onDisk += size;
        }
        assertThat(onDisk).as("database pages and body files on disk: dead bodies kept in at most one file")
                .isLessThanOrEqualTo(limit + largestFile);
        List<String> kept = storedTraces(ids.toArray(String[]::new));
        assertThat(kept).isNotEmpty().contains(ids.get(ids.size() - 1)).doesNotContain(ids.get(0));
        assertThat(kept).as("the newest ones").isEqualTo(ids.subList(ids.size() - kept.size(), ids.size()));
    }

    @Test
    void aTraceWhoseLastEventALaterSubsegmentMovesOn_keepsItsBodyFile() throws Exception {
        open(2_048);
        String longLived = Doc.newTraceId(T0);
        String shortLived = Doc.newTraceId(T0);
        Doc root = kib(longLived, T0 + 1);
        store(root, kib(shortLived, T0 + 1));
        clock.advance(Duration.ofDays(2));
        double now = clock.instant().getEpochSecond();
        String recent = Doc.newTraceId((long) now);
        store(Doc.subsegment("late-work").times(now, now + 1).standalone(longLived, root.id()), kib(recent, now + 1));
        assertThat(row(longLived).file()).isEqualTo(1);
        assertThat(row(recent).file()).isEqualTo(2);

        assertThat(storage.enforceRetention(clock.instant(), Duration.ofDays(1), Long.MAX_VALUE)).isEqualTo(1);

        assertThat(bodyFileNames()).containsExactly("00000001.bodies", "00000002.bodies");
        AssembledTrace kept = storage.store().traces(List.of(longLived)).get(0);
        assertThat(kept.documents()).hasSize(1);
        assertThat(kept.documents().get(0).path("padding").asText()).as("the root's body").isEqualTo(PADDING);
        assertThat(kept.documents().get(0).path("subsegments").get(0).path("name").asText()).isEqualTo("late-work");
        assertThat(storedTraces(shortLived)).isEmpty();

        clock.advance(Duration.ofDays(2));
        assertThat(storage.enforceRetention(clock.instant(), Duration.ofDays(1), Long.MAX_VALUE)).isEqualTo(2);
        assertThat(bodyFileNames()).isEmpty();
    }

    @Test
    void aMissingCutOrZeroedBodyFile_leavesThoseDocumentsOut_andTheOthersRead() throws Exception {
        open(2_048);
        String[] lost = {Doc.newTraceId(T0), Doc.newTraceId(T0)};
        String kept = Doc.newTraceId(T0);
        String cut = Doc.newTraceId(T0);
        String zeroed = Doc.newTraceId(T0);
        store(kib(lost[0], T0 + 1), kib(lost[1], T0 + 1));
        store(kib(kept, T0 + 2), kib(cut, T0 + 2));
        store(kib(zeroed, T0 + 3));
        Row cutRow = row(cut);
        Row zeroedRow = row(zeroed);
        assertThat(List.of(row(lost[0]).file(), cutRow.file(), zeroedRow.file())).containsExactly(1, 2, 3);
        storage.close();
        Files.delete(bodyFile(1));
        try (FileChannel file = FileChannel.open(bodyFile(2), StandardOpenOption.WRITE)) {
            file.truncate(cutRow.offset() + cutRow.length() - 1);
        }
        try (FileChannel file = FileChannel.open(bodyFile(3), StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.allocate(zeroedRow.length()), zeroedRow.offset()); // what a lost write leaves
        }
        open(2_048);

        assertThat(summarized()).containsExactly(kept);
        assertThat(storedTraces(lost[0], kept, lost[1], cut, zeroed)).containsExactly(kept);
        String later = Doc.newTraceId(T0);
        store(kib(later, T0 + 4));
        assertThat(storedTraces(later)).containsExactly(later);
    }

    @Test
    void aBodyWriteOrCommitThatFails_failsTheWholeBatch_andLeavesNoBytesBehind() throws Exception {
        open(1_024);
        String first = Doc.newTraceId(T0);
        store(kib(first, T0 + 1)); // passes 1 KiB: the next batch starts file 2
        Files.createDirectory(bodyFile(2)); // where file 2 would be: it cannot be created
        String[] refused = {Doc.newTraceId(T0), Doc.newTraceId(T0)};

        assertThatThrownBy(() -> store(kib(refused[0], T0 + 2), kib(refused[1], T0 + 2)))
                .isInstanceOf(StoreException.class);
        assertThat(storedCount()).isEqualTo(1);
        Files.delete(bodyFile(2));

        try (Connection c = database(); Statement s = c.createStatement()) { // the commit fails after the write
            s.execute("CREATE TRIGGER refuse BEFORE INSERT ON body_files BEGIN SELECT RAISE(ABORT, 'full'); END");
        }
        assertThatThrownBy(() -> store(kib(refused[0], T0 + 2), kib(refused[1], T0 + 2)))
                .isInstanceOf(StoreException.class);
        assertThat(Files.size(bodyFile(2))).as("the batch's bytes are cut off again").isZero();
        try (Connection c = database(); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER refuse");
        }

        store(kib(refused[0], T0 + 2), kib(refused[1], T0 + 2));
        assertThat(storedTraces(first, refused[0], refused[1])).containsExactly(first, refused[0], refused[1]);
        assertThat(row(refused[0]).offset()).isZero();
        assertThat(storage.stats().traces()).isEqualTo(3);
    }
}
