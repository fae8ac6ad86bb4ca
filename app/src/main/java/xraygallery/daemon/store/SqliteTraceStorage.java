package xraygallery.daemon.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import xraygallery.daemon.DaemonJson;
import xraygallery.daemon.ingest.SegmentDocument;
import xraygallery.daemon.model.Service;
import xraygallery.daemon.model.TraceSummary;
import xraygallery.daemon.trace.AssembledTrace;
import xraygallery.daemon.trace.GraphFacts;
import xraygallery.daemon.trace.ServiceGraphBuilder;
import xraygallery.daemon.trace.TraceAssembler;
import xraygallery.daemon.trace.TraceRecord;
import xraygallery.daemon.trace.TraceSummarizer;

/**
 * Traces in one SQLite file ({@code traces.db}, WAL journal). Each trace has a row in {@code traces} with its
 * summary (the X-Ray API's JSON) and service-graph facts, keyed by trace id (which sorts by the time in it) and
 * indexed by its last event time. A trace that arrives as one complete segment, the usual case, is stored in that
 * row alone ({@code first_body}); further documents go to {@code documents}, upserted by (trace id, id). So a
 * typical action costs one row and two index entries.
 *
 * <p>Writes come from one thread; each {@link #accept} is one transaction. A new trace is summarized in the
 * same transaction. A change to a known trace marks it dirty; {@link #maintain} recomputes it once it has not
 * changed for {@value #SETTLE_MILLIS} ms (at once when its root segment arrives complete, at most
 * {@value #MAX_DIRTY_MILLIS} ms after the first change), so a trace streamed as 10,000 subsegments is not
 * re-read 10,000 times. Readers use their own connections and never wait for the writer.
 *
 * <p>Durability: {@code synchronous=NORMAL} in WAL mode keeps every committed batch across a crash of the
 * process (kill -9); a power loss may lose the last commits, never corrupt the file.
 */
public final class SqliteTraceStorage implements TraceStorage, SegmentSink, TraceStore {
    public static final String FILE_NAME = "traces.db";
    static final long SETTLE_MILLIS = 250;
    static final long MAX_DIRTY_MILLIS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(SqliteTraceStorage.class);
    private static final int READERS = 4;
    private static final int CHUNK = 256;
    private static final com.fasterxml.jackson.databind.ObjectWriter SUMMARY_WRITER =
            DaemonJson.MAPPER.writerFor(TraceSummary.class);
    private static final com.fasterxml.jackson.databind.ObjectReader SUMMARY_READER =
            DaemonJson.MAPPER.readerFor(TraceSummary.class);

    private final Path file;
    private final Clock clock;
    private final Connection writer;
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final PreparedStatement upsertDocument;
    private final PreparedStatement traceExists;
    private final PreparedStatement insertTrace;
    private final PreparedStatement upsertTrace;
    private final PreparedStatement markDirty;
    private final PreparedStatement updateTrace;
    private final PreparedStatement writerFirst;
    private final PreparedStatement writerDocuments;
    private final AtomicLong traceCount = new AtomicLong();
    private final Thread checkpointer;
    private boolean dirtyPending = true;
    private volatile boolean closed;

    private SqliteTraceStorage(Path file, Clock clock) throws SQLException {
        this.file = file;
        this.clock = clock;
        this.writer = connect(file, true);
        try (Statement s = writer.createStatement()) {
            if (pragma(s, "auto_vacuum") != 2 && pragma(s, "page_count") <= 1) {
                // a new file: let retention hand freed pages back to the file system (PRAGMA incremental_vacuum)
                s.execute("PRAGMA auto_vacuum = INCREMENTAL");
                s.execute("VACUUM");
            }
            s.execute("CREATE TABLE IF NOT EXISTS documents ("
                    + " trace_id TEXT NOT NULL, id TEXT NOT NULL, parent_id TEXT, subsegment INTEGER NOT NULL,"
                    + " in_progress INTEGER NOT NULL, received_at INTEGER NOT NULL, body BLOB NOT NULL,"
                    + " PRIMARY KEY (trace_id, id))");
            s.execute("CREATE TABLE IF NOT EXISTS traces ("
                    + " trace_id TEXT PRIMARY KEY, epoch INTEGER NOT NULL, start_time REAL, end_time REAL,"
                    + " updated_at INTEGER NOT NULL, dirty INTEGER NOT NULL DEFAULT 0,"
                    + " touched_at INTEGER NOT NULL DEFAULT 0, dirty_since INTEGER NOT NULL DEFAULT 0,"
                    + " revision INTEGER NOT NULL DEFAULT 0, summary BLOB, graph BLOB,"
                    + " first_body BLOB)");
            if (pragma(s, "user_version") == 1) { // the first layout: one more column, two fewer indexes
                s.execute("ALTER TABLE traces ADD COLUMN first_body BLOB");
            }
            s.execute("DROP INDEX IF EXISTS traces_by_epoch"); // trace ids sort by their time: the key serves
            s.execute("DROP INDEX IF EXISTS traces_by_update"); // retention goes by event time
            s.execute("CREATE INDEX IF NOT EXISTS traces_by_end ON traces (end_time, trace_id)");
            s.execute("CREATE INDEX IF NOT EXISTS traces_dirty ON traces (touched_at) WHERE dirty = 1");
            s.execute("PRAGMA user_version = 2");
            s.execute("PRAGMA wal_autocheckpoint = 0"); // the checkpointer thread does it, off the writer
            s.execute("PRAGMA journal_size_limit = 67108864"); // after a burst, the WAL shrinks back to 64 MiB
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM traces")) {
                traceCount.set(rs.next() ? rs.getLong(1) : 0);
            }
        }
        writer.setAutoCommit(false);
        upsertDocument = writer.prepareStatement("INSERT INTO documents"
                + " (trace_id, id, parent_id, subsegment, in_progress, received_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (trace_id, id) DO UPDATE SET parent_id = excluded.parent_id,"
                + " subsegment = excluded.subsegment, in_progress = excluded.in_progress,"
                + " received_at = excluded.received_at, body = excluded.body"
                + " WHERE NOT (excluded.in_progress = 1 AND documents.in_progress = 0)");
        traceExists = writer.prepareStatement("SELECT 1 FROM traces WHERE trace_id = ?");
        insertTrace = writer.prepareStatement("INSERT INTO traces (trace_id, epoch, start_time, end_time,"
                + " updated_at, revision, summary, graph) VALUES (?, ?, ?, ?, ?, 1, ?, ?)");
        // a probably-new trace with a summary computed ahead: one statement whether it is new or not
        upsertTrace = writer.prepareStatement("INSERT INTO traces (trace_id, epoch, start_time, end_time,"
                + " updated_at, revision, summary, graph, first_body) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)"
                + " ON CONFLICT (trace_id) DO UPDATE SET updated_at = excluded.updated_at,"
                + " dirty_since = CASE WHEN dirty = 1 THEN dirty_since ELSE excluded.updated_at END, dirty = 1,"
                + " touched_at = 0 RETURNING dirty");
        markDirty = writer.prepareStatement("UPDATE traces SET updated_at = ?,"
                + " dirty_since = CASE WHEN dirty = 1 THEN dirty_since ELSE ? END, dirty = 1,"
                + " touched_at = CASE WHEN dirty = 1 AND touched_at = 0 THEN 0 ELSE ? END WHERE trace_id = ?");
        updateTrace = writer.prepareStatement("UPDATE traces SET start_time = ?, end_time = ?, revision = ?,"
                + " summary = ?, graph = ?, dirty = 0 WHERE trace_id = ?");
        writerFirst = writer.prepareStatement("SELECT first_body FROM traces WHERE trace_id = ? AND first_body IS NOT NULL");
        writerDocuments = writer.prepareStatement("SELECT body FROM documents WHERE trace_id = ? ORDER BY rowid");
        for (int i = 0; i < READERS; i++) {
            readers.add(connect(file, false));
        }
        Connection checkpointing = connect(file, false);
        checkpointer = new Thread(() -> checkpointLoop(checkpointing), "daemon-checkpoint");
        checkpointer.setDaemon(true);
        checkpointer.start();
    }

    /**
     * Copies committed pages from the WAL into the database file every 200 ms ({@code PASSIVE}: never blocks
     * the writer or readers), on its own thread and connection, so the writer only appends to the WAL.
     */
    private void checkpointLoop(Connection connection) {
        try (connection; Statement s = connection.createStatement()) {
            while (!closed) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    break;
                }
                try {
                    s.execute("PRAGMA wal_checkpoint(PASSIVE)");
                } catch (SQLException e) {
                    LOG.debug("checkpoint failed: {}", e.toString());
                }
            }
        } catch (SQLException e) {
            LOG.warn("the checkpoint thread stopped: {}", e.toString());
        }
    }

    /** Opens (creating if needed) {@code dir/traces.db}. */
    public static SqliteTraceStorage open(Path dir, Clock clock) {
        try {
            Files.createDirectories(dir);
            if (System.getProperty("org.sqlite.tmpdir") == null) {
                // sqlite-jdbc unpacks its native library there; a configured java.io.tmpdir may not exist yet
                Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
            }
            return new SqliteTraceStorage(dir.resolve(FILE_NAME), clock);
        } catch (IOException | SQLException e) {
            throw new StoreException("cannot open the trace store in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path file, boolean forWriting) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        if (forWriting) {
            config.setCacheSize(-16_384); // 16 MiB of pages, outside the Java heap
        }
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    public Path file() {
        return file;
    }

    @Override
    public SegmentSink sink() {
        return this;
    }

    @Override
    public TraceStore store() {
        return this;
    }

    // ---------------------------------------------------------------- writing

    /**
     * On a receiving thread: a complete root segment is usually a whole trace (the X-Ray SDKs send an action's
     * segment with its subsegments inside), so its times and service-graph facts are computed there, in parallel,
     * for the writer to use if the trace is new. Its summary is not stored: queries recompute it from the one
     * document (about 10 µs), which halves what is written per trace.
     */
    @Override
    public SegmentDocument prepare(SegmentDocument document) {
        if (!document.isCompleteRoot()) {
            return document;
        }
        try {
            TraceRecord record = TraceSummarizer.summarize(
                    TraceAssembler.assembleForSummary(document.traceId(), List.of(document.json())), 1);
            // the summary itself is not stored for a one-document trace: reads recompute it from the document
            return document.withPrepared(new SegmentDocument.Prepared(null, record.graphFacts(), record.startTime(),
                    record.endTime()));
        } catch (RuntimeException e) {
            LOG.debug("no summary ahead for {}: {}", document, e.toString());
            return document;
        }
    }

    @Override
    public void accept(List<SegmentDocument> batch) {
        if (batch.isEmpty()) {
            return;
        }
        synchronized (writer) {
            ensureOpen();
            long now = clock.millis();
            Map<String, Map<String, SegmentDocument>> byTrace = new LinkedHashMap<>();
            try {
                for (SegmentDocument document : batch) {
                    Map<String, SegmentDocument> ofTrace = byTrace.computeIfAbsent(document.traceId(),
                            t -> new LinkedHashMap<>());
                    SegmentDocument previous = ofTrace.get(document.id());
                    if (previous == null || previous.inProgress() || !document.inProgress()) {
                        ofTrace.remove(document.id());
                        ofTrace.put(document.id(), document);
                    }
                }
                long added = 0;
                int documentRows = 0;
                for (Map.Entry<String, Map<String, SegmentDocument>> entry : byTrace.entrySet()) {
                    String traceId = entry.getKey();
                    Collection<SegmentDocument> documents = entry.getValue().values();
                    SegmentDocument.Prepared prepared = documents.size() == 1
                            ? documents.iterator().next().prepared() : null;
                    if (prepared != null) {
                        SegmentDocument only = documents.iterator().next();
                        upsertTrace.setString(1, traceId);
                        upsertTrace.setLong(2, TraceRecord.epochOf(traceId));
                        upsertTrace.setDouble(3, prepared.startTime());
                        upsertTrace.setDouble(4, prepared.endTime());
                        upsertTrace.setLong(5, now);
                        upsertTrace.setBytes(6, prepared.summaryJson()); // null: recomputed when read
                        upsertTrace.setString(7, prepared.graphFacts());
                        upsertTrace.setBytes(8, only.json());
                        boolean isNew;
                        try (ResultSet rs = upsertTrace.executeQuery()) {
                            isNew = rs.next() && rs.getInt(1) == 0;
                        }
                        if (isNew) {
                            added++; // the document is the row's first_body
                        } else {
                            dirtyPending = true;
                            addDocument(only, now);
                            documentRows++;
                        }
                        continue;
                    }
                    for (SegmentDocument document : documents) {
                        addDocument(document, now);
                        documentRows++;
                    }
                    if (exists(traceId)) {
                        boolean settled = documents.stream().anyMatch(SegmentDocument::isCompleteRoot);
                        markDirty.setLong(1, now);
                        markDirty.setLong(2, now);
                        markDirty.setLong(3, settled ? 0 : now);
                        markDirty.setString(4, traceId);
                        markDirty.executeUpdate();
                        dirtyPending = true;
                    } else {
                        TraceRecord record = TraceSummarizer.summarize(TraceAssembler.assembleForSummary(traceId,
                                documents.stream().map(SegmentDocument::json).toList()), 1);
                        insertTrace.setString(1, traceId);
                        insertTrace.setLong(2, record.traceIdEpoch());
                        insertTrace.setDouble(3, record.startTime());
                        insertTrace.setDouble(4, record.endTime());
                        insertTrace.setLong(5, now);
                        insertTrace.setBytes(6, SUMMARY_WRITER.writeValueAsBytes(record.summary()));
                        insertTrace.setString(7, record.graphFacts());
                        insertTrace.executeUpdate();
                        added++;
                    }
                }
                if (documentRows > 0) {
                    upsertDocument.executeBatch();
                }
                writer.commit();
                traceCount.addAndGet(added);
            } catch (SQLException | IOException | RuntimeException e) {
                rollback();
                throw new StoreException("storing " + batch.size() + " documents failed: " + e.getMessage(), e);
            }
        }
    }

    private void addDocument(SegmentDocument document, long now) throws SQLException {
        upsertDocument.setString(1, document.traceId());
        upsertDocument.setString(2, document.id());
        upsertDocument.setString(3, document.parentId());
        upsertDocument.setInt(4, document.kind() == SegmentDocument.Kind.SUBSEGMENT ? 1 : 0);
        upsertDocument.setInt(5, document.inProgress() ? 1 : 0);
        upsertDocument.setLong(6, now);
        upsertDocument.setBytes(7, document.json());
        upsertDocument.addBatch();
    }

    private boolean exists(String traceId) throws SQLException {
        traceExists.setString(1, traceId);
        try (ResultSet rs = traceExists.executeQuery()) {
            return rs.next();
        }
    }

    @Override
    public void maintain(Instant now) {
        synchronized (writer) {
            if (closed || !dirtyPending) {
                return;
            }
            long millis = now.toEpochMilli();
            summarizeDirty("dirty = 1 AND (touched_at <= " + (millis - SETTLE_MILLIS) + " OR dirty_since <= "
                    + (millis - MAX_DIRTY_MILLIS) + ")", false);
        }
    }

    @Override
    public void flush() {
        synchronized (writer) {
            if (!closed) {
                summarizeDirty("dirty = 1", true);
            }
        }
    }

    /** Recomputes summaries of dirty traces matching {@code condition}, in transactions of up to 100 traces. */
    private void summarizeDirty(String condition, boolean all) {
        try {
            while (true) {
                List<String> ids = new ArrayList<>();
                List<Integer> revisions = new ArrayList<>();
                try (Statement s = writer.createStatement();
                        ResultSet rs = s.executeQuery("SELECT trace_id, revision FROM traces WHERE " + condition
                                + " LIMIT 100")) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                        revisions.add(rs.getInt(2));
                    }
                }
                if (ids.isEmpty()) {
                    if (all || !hasDirty()) {
                        dirtyPending = false;
                    }
                    writer.commit();
                    return;
                }
                for (int i = 0; i < ids.size(); i++) {
                    String traceId = ids.get(i);
                    TraceRecord record = TraceSummarizer.summarize(TraceAssembler.assembleForSummary(traceId,
                            documents(writerFirst, writerDocuments, traceId)), revisions.get(i) + 1);
                    updateTrace.setDouble(1, record.startTime());
                    updateTrace.setDouble(2, record.endTime());
                    updateTrace.setInt(3, revisions.get(i) + 1);
                    updateTrace.setBytes(4, SUMMARY_WRITER.writeValueAsBytes(record.summary()));
                    updateTrace.setString(5, record.graphFacts());
                    updateTrace.setString(6, traceId);
                    updateTrace.executeUpdate();
                }
                writer.commit();
            }
        } catch (SQLException | IOException | RuntimeException e) {
            rollback();
            LOG.warn("updating trace summaries failed: {}", e.toString());
        }
    }

    private boolean hasDirty() throws SQLException {
        try (Statement s = writer.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1 FROM traces WHERE dirty = 1 LIMIT 1")) {
            return rs.next();
        }
    }

    /** A trace's documents in arrival order: the row's first document, then the others. */
    private static List<byte[]> documents(PreparedStatement first, PreparedStatement select, String traceId)
            throws SQLException {
        List<byte[]> bodies = new ArrayList<>();
        first.setString(1, traceId);
        try (ResultSet rs = first.executeQuery()) {
            if (rs.next()) {
                bodies.add(rs.getBytes(1));
            }
        }
        select.setString(1, traceId);
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                bodies.add(rs.getBytes(1));
            }
        }
        return bodies;
    }

    @Override
    public long enforceRetention(Instant now, Duration maxAge, long maxBytes) {
        synchronized (writer) {
            if (closed) {
                return 0;
            }
            long deleted = 0;
            try {
                double cutoff = now.minus(maxAge).toEpochMilli() / 1000.0;
                while (true) {
                    int n = deleteTraces("SELECT trace_id FROM traces WHERE end_time < " + cutoff + " LIMIT 1000");
                    deleted += n;
                    if (n == 0) {
                        break;
                    }
                }
                while (usedBytes(writer) > maxBytes) {
                    long step = Math.max(1, Math.min(1_000, traceCount.get() / 20));
                    int n = deleteTraces("SELECT trace_id FROM traces ORDER BY end_time LIMIT " + step);
                    deleted += n;
                    if (n == 0) {
                        break;
                    }
                }
                if (deleted > 0) {
                    try (Statement s = writer.createStatement()) {
                        s.execute("PRAGMA incremental_vacuum");
                    }
                    writer.commit();
                    checkpointAndTruncate();
                    LOG.info("retention removed {} traces; the store now holds {} traces in {} KiB", deleted,
                            traceCount.get(), usedBytes(writer) / 1024);
                }
            } catch (SQLException e) {
                rollback();
                LOG.warn("retention failed after removing {} traces: {}", deleted, e.toString());
            }
            return deleted;
        }
    }

    private int deleteTraces(String selectIds) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery(selectIds)) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        try (PreparedStatement documents = writer.prepareStatement("DELETE FROM documents WHERE trace_id = ?");
                PreparedStatement traces = writer.prepareStatement("DELETE FROM traces WHERE trace_id = ?")) {
            for (String id : ids) {
                documents.setString(1, id);
                documents.addBatch();
                traces.setString(1, id);
                traces.addBatch();
            }
            documents.executeBatch();
            traces.executeBatch();
        }
        writer.commit();
        traceCount.addAndGet(-ids.size());
        return ids.size();
    }

    private static long usedBytes(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            long pages = pragma(s, "page_count");
            long free = pragma(s, "freelist_count");
            long size = pragma(s, "page_size");
            return (pages - free) * size;
        }
    }

    private static long pragma(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Copies the whole WAL into the file and empties it (outside any transaction). */
    private void checkpointAndTruncate() {
        try {
            writer.commit();
            writer.setAutoCommit(true);
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            } finally {
                writer.setAutoCommit(false);
            }
        } catch (SQLException e) {
            LOG.debug("checkpoint failed: {}", e.toString());
        }
    }

    private void rollback() {
        try {
            writer.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed: {}", e.toString());
        }
    }

    // ---------------------------------------------------------------- reading

    private interface Read<T> {
        T run(Connection connection) throws SQLException, IOException;
    }

    private <T> T read(Read<T> work) {
        ensureOpen();
        Connection connection;
        try {
            connection = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a database connection", e);
        }
        try {
            return work.run(connection);
        } catch (SQLException | IOException e) {
            throw new StoreException("reading the trace store failed: " + e.getMessage(), e);
        } finally {
            readers.add(connection);
        }
    }

    @Override
    public SummaryPage summaries(SummaryQuery query) {
        if (query.rangeType() == TimeRangeType.TraceId) {
            return summariesByTraceId(query);
        }
        String column = "end_time";
        boolean facts = query.filter().readsGraphFacts();
        String base = "SELECT trace_id, " + column + ", summary, first_body" + (facts ? ", graph" : "")
                + " FROM traces WHERE graph IS NOT NULL AND "
                + column + " >= ? AND " + column + " <= ?";
        String paged = base + " AND (" + column + " < ? OR (" + column + " = ? AND trace_id < ?))";
        String order = " ORDER BY " + column + " DESC, trace_id DESC LIMIT " + CHUNK;
        return read(connection -> {
            List<TraceSummary> page = new ArrayList<>();
            long processed = 0;
            SummaryQuery.Cursor position = query.after();
            try (PreparedStatement first = connection.prepareStatement(base + order);
                    PreparedStatement next = connection.prepareStatement(paged + order)) {
                while (true) {
                    PreparedStatement select = position == null ? first : next;
                    select.setDouble(1, query.startTime());
                    select.setDouble(2, query.endTime());
                    if (position != null) {
                        select.setDouble(3, position.time());
                        select.setDouble(4, position.time());
                        select.setString(5, position.traceId());
                    }
                    int rows = 0;
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            rows++;
                            processed++;
                            position = new SummaryQuery.Cursor(rs.getDouble(2), rs.getString(1));
                            TraceSummary summary = summary(rs.getString(1), rs.getBytes(3), rs.getBytes(4));
                            if (query.filter().test(summary, facts ? rs.getString(5) : null)) {
                                page.add(summary);
                            }
                            if (page.size() == query.pageSize() || processed == query.scanLimit()) {
                                boolean more = !rs.isAfterLast() && rs.next() || anyAfter(connection, query, paged, position);
                                return new SummaryPage(page, processed, more ? position : null);
                            }
                        }
                    }
                    if (rows < CHUNK) {
                        return new SummaryPage(page, processed, null);
                    }
                }
            }
        });
    }

    /**
     * Trace ids are {@code 1-<8 hex digits of seconds>-<24 hex>}, stored in lower case, so their order is the order
     * of the time in them: the primary key serves the range, newest first.
     */
    private SummaryPage summariesByTraceId(SummaryQuery query) {
        long from = (long) Math.ceil(query.startTime());
        long to = (long) Math.floor(query.endTime());
        if (from > to || to < 0) {
            return new SummaryPage(List.of(), 0, null);
        }
        String low = String.format("1-%08x-", Math.max(0, from));
        String high = String.format("1-%08x-", to + 1);
        boolean facts = query.filter().readsGraphFacts();
        String sql = "SELECT trace_id, summary, first_body" + (facts ? ", graph" : "")
                + " FROM traces WHERE graph IS NOT NULL AND trace_id >= ?"
                + " AND trace_id < ?"
                + " ORDER BY trace_id DESC LIMIT " + CHUNK;
        return read(connection -> {
            List<TraceSummary> page = new ArrayList<>();
            long processed = 0;
            String before = query.after() == null ? high : query.after().traceId();
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                while (true) {
                    select.setString(1, low);
                    select.setString(2, before);
                    int rows = 0;
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            rows++;
                            processed++;
                            String traceId = rs.getString(1);
                            before = traceId;
                            TraceSummary summary = summary(traceId, rs.getBytes(2), rs.getBytes(3));
                            if (query.filter().test(summary, facts ? rs.getString(4) : null)) {
                                page.add(summary);
                            }
                            if (page.size() == query.pageSize() || processed == query.scanLimit()) {
                                select.setString(1, low);
                                select.setString(2, traceId);
                                boolean more;
                                try (PreparedStatement probe = connection.prepareStatement(
                                        "SELECT 1 FROM traces WHERE trace_id >= ? AND trace_id < ? LIMIT 1")) {
                                    probe.setString(1, low);
                                    probe.setString(2, traceId);
                                    try (ResultSet next = probe.executeQuery()) {
                                        more = next.next();
                                    }
                                }
                                return new SummaryPage(page, processed,
                                        more ? new SummaryQuery.Cursor(TraceRecord.epochOf(traceId), traceId) : null);
                            }
                        }
                    }
                    if (rows < CHUNK) {
                        return new SummaryPage(page, processed, null);
                    }
                }
            }
        });
    }

    /** The stored summary, or, for a trace stored as its one document, the summary computed from it. */
    private static TraceSummary summary(String traceId, byte[] stored, byte[] firstBody) throws IOException {
        if (stored != null) {
            return SUMMARY_READER.readValue(stored);
        }
        return TraceSummarizer.summarize(TraceAssembler.assembleForSummary(traceId, List.of(firstBody)), 1).summary();
    }

    private static boolean anyAfter(Connection connection, SummaryQuery query, String paged, SummaryQuery.Cursor at)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(paged + " LIMIT 1")) {
            select.setDouble(1, query.startTime());
            select.setDouble(2, query.endTime());
            select.setDouble(3, at.time());
            select.setDouble(4, at.time());
            select.setString(5, at.traceId());
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public List<AssembledTrace> traces(Collection<String> traceIds) {
        return read(connection -> {
            List<AssembledTrace> found = new ArrayList<>();
            try (PreparedStatement first = connection.prepareStatement(
                    "SELECT first_body FROM traces WHERE trace_id = ? AND first_body IS NOT NULL");
                    PreparedStatement select = connection.prepareStatement(
                    "SELECT body FROM documents WHERE trace_id = ? ORDER BY rowid")) {
                for (String traceId : traceIds) {
                    List<byte[]> bodies = documents(first, select, traceId);
                    if (!bodies.isEmpty()) {
                        found.add(TraceAssembler.assemble(traceId, bodies));
                    }
                }
            }
            return found;
        });
    }

    @Override
    public List<Service> serviceGraph(double startTime, double endTime) {
        return read(connection -> {
            ServiceGraphBuilder graph = new ServiceGraphBuilder();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT graph FROM traces WHERE graph IS NOT NULL AND end_time >= ? AND start_time <= ?")) {
                select.setDouble(1, startTime);
                select.setDouble(2, endTime);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        GraphFacts.replay(rs.getString(1), graph);
                    }
                }
            }
            return graph.build();
        });
    }

    @Override
    public List<Service> traceGraph(Collection<String> traceIds) {
        ServiceGraphBuilder graph = new ServiceGraphBuilder();
        for (AssembledTrace trace : traces(traceIds)) {
            GraphFacts.replay(TraceSummarizer.summarize(trace, 0).graphFacts(), graph);
        }
        return graph.build();
    }

    // ---------------------------------------------------------------- upkeep

    @Override
    public StorageStats stats() {
        return read(connection -> new StorageStats(traceCount.get(), usedBytes(connection)));
    }

    @Override
    public void check() {
        read(connection -> {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                return rs.next();
            }
        });
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("the trace store " + file + " is closed", null);
        }
    }

    /** Brings summaries up to date and closes the file. Idempotent. */
    @Override
    public void close() {
        synchronized (writer) {
            if (closed) {
                return;
            }
            flush();
            closed = true;
            checkpointer.interrupt();
            try {
                checkpointer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            checkpointAndTruncate();
            for (Connection connection : readers) {
                closeQuietly(connection);
            }
            readers.clear();
            try {
                writer.commit();
            } catch (SQLException e) {
                LOG.debug("final commit failed: {}", e.toString());
            }
            closeQuietly(writer);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing a connection failed: {}", e.toString());
        }
    }
}
