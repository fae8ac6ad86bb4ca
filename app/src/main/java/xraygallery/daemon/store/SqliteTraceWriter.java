package xraygallery.daemon.store;

import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.daemon.DaemonJson;
import xraygallery.daemon.model.TraceSummary;
import xraygallery.daemon.segment.EntityView;
import xraygallery.daemon.segment.SegmentDocument;
import xraygallery.daemon.segment.SegmentSink;
import xraygallery.daemon.trace.TraceAssembler;
import xraygallery.daemon.trace.SegmentFacts;
import xraygallery.daemon.trace.TraceRecord;
import xraygallery.daemon.trace.TraceSummarizer;

/**
 * The write side of the SQLite store, on one connection and (by contract) one thread: batches in, summaries kept
 * up to date, retention, and a checkpoint thread that moves the WAL into the file.
 *
 * <p>Each {@link #accept} is one transaction. A new trace is summarized in the same transaction; a new trace that
 * is one complete root segment (the usual case) costs one row, with its times and graph facts computed ahead by
 * {@link #computeAhead} on the decoding thread, and its document in the batch's one write to the current
 * {@link BodyFiles body file}, made before the commit (a failed write fails the batch like a failed statement).
 * A change to a known trace marks it dirty; {@link #maintain} recomputes it once it has not changed for
 * {@value #SETTLE_MILLIS} ms (at once when its root segment arrives complete, at most {@value #MAX_DIRTY_MILLIS}
 * ms after the first change), so a trace streamed as 10,000 subsegments is not re-read 10,000 times.
 *
 * <p>Retention deletes traces, oldest last event first, and then each body file no remaining row points to.
 *
 * <p>Durability: {@code synchronous=NORMAL} in WAL mode keeps every committed batch across a crash of the
 * process (kill -9); a power loss may lose the last commits, never corrupt the file. Body files are written
 * before the commit and forced by the checkpoint thread before each checkpoint, so a row the checkpoint puts
 * into the database file has its body on disk, except one committed while that checkpoint ran (or whose WAL
 * pages the system wrote back early): after a power loss such a body may be missing, and reads leave it out.
 */
final class SqliteTraceWriter implements SegmentSink {
    static final long SETTLE_MILLIS = 250;
    static final long MAX_DIRTY_MILLIS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(SqliteTraceWriter.class);
    private static final ObjectWriter SUMMARY_WRITER = DaemonJson.MAPPER.writerFor(TraceSummary.class);

    private final Path file;
    private final Clock clock;
    private final Connection writer;
    private final PreparedStatement upsertDocument;
    private final PreparedStatement traceExists;
    private final PreparedStatement insertTrace;
    private final PreparedStatement insertNewTrace;
    private final PreparedStatement markDirty;
    private final PreparedStatement updateTrace;
    private final PreparedStatement writerFirst;
    private final PreparedStatement writerDocuments;
    private final PreparedStatement addToBodyFile;
    private final PreparedStatement removeFromBodyFile;
    private final BodyFiles bodies;
    private final HotBlocks hot;
    private final AtomicLong traceCount = new AtomicLong();
    private final Thread checkpointer;
    private boolean dirtyPending = true;
    private volatile boolean closed;

    SqliteTraceWriter(Path file, BodyFiles bodies, HotIndex hotIndex, Clock clock) throws SQLException, IOException {
        this.file = file;
        this.bodies = bodies;
        this.clock = clock;
        this.writer = SqliteSchema.connect(file, true);
        traceCount.set(SqliteSchema.migrate(writer));
        try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery("SELECT file FROM body_files")) {
            List<Integer> listed = new ArrayList<>();
            while (rs.next()) {
                listed.add(rs.getInt(1));
            }
            bodies.resume(listed);
        }
        hot = new HotBlocks(writer, hotIndex);
        traceCount.addAndGet(hot.records());
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
        // a probably-new trace with its facts computed ahead: no row changed means it was known after all
        insertNewTrace = writer.prepareStatement("INSERT INTO traces (trace_id, epoch, start_time, end_time,"
                + " updated_at, revision, graph, body_ref, body_len) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)"
                + " ON CONFLICT (trace_id) DO NOTHING");
        markDirty = writer.prepareStatement("UPDATE traces SET updated_at = ?,"
                + " dirty_since = CASE WHEN dirty = 1 THEN dirty_since ELSE ? END, dirty = 1,"
                + " touched_at = CASE WHEN dirty = 1 AND touched_at = 0 THEN 0 ELSE ? END WHERE trace_id = ?");
        updateTrace = writer.prepareStatement("UPDATE traces SET start_time = ?, end_time = ?, revision = ?,"
                + " summary = ?, graph = ?, dirty = 0 WHERE trace_id = ?");
        writerFirst = writer.prepareStatement(SqliteSchema.SELECT_FIRST_BODY);
        writerDocuments = writer.prepareStatement(SqliteSchema.SELECT_DOCUMENTS);
        addToBodyFile = writer.prepareStatement("INSERT INTO body_files (file, bytes, live) VALUES (?, ?, ?)"
                + " ON CONFLICT (file) DO UPDATE SET bytes = excluded.bytes, live = live + excluded.live");
        removeFromBodyFile = writer.prepareStatement("UPDATE body_files SET live = live - ? WHERE file = ?");
        Connection checkpointing = SqliteSchema.connect(file, false);
        checkpointer = new Thread(() -> checkpointLoop(checkpointing), "daemon-checkpoint");
        checkpointer.setDaemon(true);
        checkpointer.start();
    }

    /**
     * Copies committed pages from the WAL into the database file every 200 ms ({@code PASSIVE}: never blocks
     * the writer or readers), on its own thread and connection, so the writer only appends to the WAL; forces the
     * body files first.
     */
    private void checkpointLoop(Connection connection) {
        try (connection; Statement s = connection.createStatement()) {
            while (!closed) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    break;
                }
                bodies.force();
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

    long traceCount() {
        return traceCount.get();
    }

    /**
     * On the decoding thread: a complete root segment is usually a whole trace (the X-Ray SDKs send an action's
     * segment with its subsegments inside), so its times and service-graph facts are computed there, in parallel,
     * for the writer to use if the trace is new. Its summary is not stored: queries recompute it from the one
     * document (about 10 µs), which halves what is written per trace. The facts come from the view the document
     * was validated from ({@link SegmentFacts}); a document without one was prepared already and is returned as
     * it is.
     */
    static SegmentDocument computeAhead(SegmentDocument document) {
        EntityView view = document.view();
        if (view == null) {
            return document;
        }
        if (!document.isCompleteRoot()) {
            return document.withoutView();
        }
        try {
            return document.withTraceFacts(SegmentFacts.of(view));
        } catch (RuntimeException e) {
            LOG.debug("no trace facts ahead for {}: {}", document, e.toString());
            return document.withoutView();
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
            try {
                bodies.beginBatch();
                long added = 0;
                long bodyBytes = 0;
                int documentRows = 0;
                List<HotRecord> newHot = new ArrayList<>();
                for (Map.Entry<String, Collection<SegmentDocument>> entry : byTrace(batch).entrySet()) {
                    String traceId = entry.getKey();
                    Collection<SegmentDocument> documents = entry.getValue();
                    SegmentDocument.TraceFacts ahead = documents.size() == 1
                            ? documents.iterator().next().traceFacts() : null;
                    long fingerprint = HotBlock.fingerprint(traceId);
                    HotBlocks.Found inHot = hot.find(traceId, fingerprint);
                    if (inHot != null) {
                        moveToRow(inHot, now);
                    } else if (ahead != null && hot.hasRoom(newHot.size() + 1)
                            && !(hot.mayBeRow(fingerprint) && exists(traceId))) {
                        byte[] body = documents.iterator().next().json();
                        newHot.add(new HotRecord(traceId, ahead.startTime(), ahead.endTime(), ahead.graphFacts(),
                                bodies.append(body), body.length));
                        added++;
                        bodyBytes += body.length;
                        continue;
                    }
                    if (ahead != null) {
                        SegmentDocument only = documents.iterator().next();
                        byte[] body = only.json();
                        long ref = bodies.append(body);
                        if (insertRow(new HotRecord(traceId, ahead.startTime(), ahead.endTime(), ahead.graphFacts(),
                                ref, body.length), now)) {
                            hot.rowAdded(traceId);
                            added++; // the document is the row's body
                            bodyBytes += body.length;
                        } else {
                            bodies.takeBack(ref, body.length);
                            markDirty(traceId, now, true); // a complete root: settled
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
                        markDirty(traceId, now, documents.stream().anyMatch(SegmentDocument::isCompleteRoot));
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
                        hot.rowAdded(traceId);
                        added++;
                    }
                }
                if (documentRows > 0) {
                    upsertDocument.executeBatch();
                }
                if (!newHot.isEmpty()) {
                    hot.insert(newHot);
                }
                if (bodyBytes > 0) {
                    bodies.writeBatch();
                    addToBodyFile.setInt(1, bodies.currentFile());
                    addToBodyFile.setLong(2, bodies.currentEnd());
                    addToBodyFile.setLong(3, bodyBytes);
                    addToBodyFile.executeUpdate();
                }
                commit();
                traceCount.addAndGet(added);
            } catch (SQLException | IOException | RuntimeException e) {
                rollback();
                bodies.abortBatch();
                throw new StoreException("storing " + batch.size() + " documents failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The batch's documents by trace, in arrival order, one per id: a later copy replaces an earlier one unless it
     * is in progress and the earlier one is not. A trace of one document (the usual case) costs no map of its own.
     */
    static Map<String, Collection<SegmentDocument>> byTrace(List<SegmentDocument> batch) {
        Map<String, Collection<SegmentDocument>> byTrace = new LinkedHashMap<>(batch.size() * 2);
        Map<String, Map<String, SegmentDocument>> several = new HashMap<>();
        for (SegmentDocument document : batch) {
            Collection<SegmentDocument> known = byTrace.putIfAbsent(document.traceId(), List.of(document));
            if (known == null) {
                continue;
            }
            Map<String, SegmentDocument> ofTrace = several.get(document.traceId());
            if (ofTrace == null) {
                SegmentDocument first = known.iterator().next();
                ofTrace = new LinkedHashMap<>();
                ofTrace.put(first.id(), first);
                several.put(document.traceId(), ofTrace);
                byTrace.put(document.traceId(), ofTrace.values());
            }
            SegmentDocument previous = ofTrace.get(document.id());
            if (previous == null || previous.inProgress() || !document.inProgress()) {
                ofTrace.remove(document.id());
                ofTrace.put(document.id(), document);
            }
        }
        return byTrace;
    }

    /** A known trace changed: its summary is recomputed once it settles ({@code settled}: at once). */
    private void markDirty(String traceId, long now, boolean settled) throws SQLException {
        markDirty.setLong(1, now);
        markDirty.setLong(2, now);
        markDirty.setLong(3, settled ? 0 : now);
        markDirty.setString(4, traceId);
        markDirty.executeUpdate();
        dirtyPending = true;
    }

    /**
     * A trace in a hot block got another document: it becomes a row, with the block's record as its first
     * document (its body stays where it is), before the new document is handled as for any known trace.
     */
    private void moveToRow(HotBlocks.Found found, long now) throws SQLException {
        insertRow(found.record(), now);
        hot.remove(found);
        hot.rowAdded(found.record().traceId());
    }

    /**
     * Inserts a row for a trace of one document whose facts were computed ahead, with no summary (reads compute it
     * from the body); false, changing nothing, if the trace has a row already.
     */
    private boolean insertRow(HotRecord trace, long now) throws SQLException {
        insertNewTrace.setString(1, trace.traceId());
        insertNewTrace.setLong(2, TraceRecord.epochOf(trace.traceId()));
        insertNewTrace.setDouble(3, trace.startTime());
        insertNewTrace.setDouble(4, trace.endTime());
        insertNewTrace.setLong(5, now);
        insertNewTrace.setString(6, trace.graphFacts());
        insertNewTrace.setLong(7, trace.bodyRef());
        insertNewTrace.setInt(8, trace.bodyLen());
        return insertNewTrace.executeUpdate() == 1;
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

    /** See {@link TraceStorage#maintain}. */
    void maintain(Instant now) {
        synchronized (writer) {
            if (closed || !dirtyPending) {
                return;
            }
            long millis = now.toEpochMilli();
            summarizeDirty("dirty = 1 AND (touched_at <= " + (millis - SETTLE_MILLIS) + " OR dirty_since <= "
                    + (millis - MAX_DIRTY_MILLIS) + ")", false);
        }
    }

    /** See {@link TraceStorage#flush}. */
    void flush() {
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
                    commit();
                    return;
                }
                for (int i = 0; i < ids.size(); i++) {
                    String traceId = ids.get(i);
                    List<byte[]> documents = SqliteSchema.documents(writerFirst, writerDocuments, bodies, traceId);
                    TraceRecord record = TraceSummarizer.summarize(TraceAssembler.assembleForSummary(traceId,
                            documents), revisions.get(i) + 1);
                    updateTrace.setDouble(1, record.startTime());
                    updateTrace.setDouble(2, record.endTime());
                    updateTrace.setInt(3, revisions.get(i) + 1);
                    updateTrace.setBytes(4, SUMMARY_WRITER.writeValueAsBytes(record.summary()));
                    updateTrace.setString(5, record.graphFacts());
                    updateTrace.setString(6, traceId);
                    updateTrace.executeUpdate();
                }
                commit();
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

    /** See {@link TraceStorage#enforceRetention}. */
    long enforceRetention(Instant now, Duration maxAge, long maxBytes) {
        synchronized (writer) {
            if (closed) {
                return 0;
            }
            long deleted = 0;
            bodies.fitTo(maxBytes);
            try {
                double cutoff = now.minus(maxAge).toEpochMilli() / 1000.0;
                while (true) {
                    int n = deleteTraces("end_time < " + cutoff + " LIMIT 1000");
                    deleted += n;
                    if (n == 0) {
                        break;
                    }
                }
                Map<Integer, Long> hotBodies = new HashMap<>();
                deleted += deletedHot(hot.deleteEndedBefore(writer, cutoff, hotBodies), hotBodies);
                while (SqliteSchema.usedBytes(writer) > maxBytes) {
                    long step = Math.max(1, Math.min(1_000, traceCount.get() / 20));
                    // the block that ended first goes unless a row ended before it
                    double oldestBlock = SqliteSchema.least(writer, "max_end", "hot_blocks");
                    boolean blockFirst = !Double.isNaN(oldestBlock)
                            && !(SqliteSchema.least(writer, "end_time", "traces") < oldestBlock);
                    int n = blockFirst
                            ? deletedHot(hot.deleteOldest(writer, hotBodies), hotBodies)
                            : deleteTraces("1 ORDER BY end_time LIMIT " + step);
                    deleted += n;
                    if (n == 0) {
                        break;
                    }
                }
                if (deleted > 0) {
                    deleteDeadBodyFiles();
                    try (Statement s = writer.createStatement()) {
                        s.execute("PRAGMA incremental_vacuum");
                    }
                    commit();
                    checkpointAndTruncate();
                    LOG.info("retention removed {} traces; the store now holds {} traces in {} KiB", deleted,
                            traceCount.get(), SqliteSchema.usedBytes(writer) / 1024);
                }
            } catch (SQLException | IOException e) {
                rollback();
                LOG.warn("retention failed after removing {} traces: {}", deleted, e.toString());
            }
            return deleted;
        }
    }

    /**
     * Deletes the traces {@code which} selects (a condition, with an order and limit), their bodies counted out of
     * their files.
     */
    private int deleteTraces(String which) throws SQLException {
        List<String> ids = new ArrayList<>();
        Map<Integer, Long> bodyBytes = new HashMap<>();
        try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT trace_id, body_ref, body_len FROM traces WHERE " + which)) {
            while (rs.next()) {
                ids.add(rs.getString(1));
                long ref = rs.getLong(2);
                if (!rs.wasNull()) {
                    bodyBytes.merge(BodyFiles.fileOf(ref), rs.getLong(3), Long::sum);
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        for (Map.Entry<Integer, Long> inFile : bodyBytes.entrySet()) {
            removeFromBodyFile.setLong(1, inFile.getValue());
            removeFromBodyFile.setInt(2, inFile.getKey());
            removeFromBodyFile.executeUpdate();
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
        hot.rowsDeleted(ids);
        commit();
        traceCount.addAndGet(-ids.size());
        return ids.size();
    }

    /** Hot-block traces were deleted: their body bytes are counted out of their files, and it is committed. */
    private int deletedHot(int traces, Map<Integer, Long> bodyBytes) throws SQLException {
        for (Map.Entry<Integer, Long> inFile : bodyBytes.entrySet()) {
            removeFromBodyFile.setLong(1, inFile.getValue());
            removeFromBodyFile.setInt(2, inFile.getKey());
            removeFromBodyFile.executeUpdate();
        }
        bodyBytes.clear();
        commit();
        traceCount.addAndGet(-traces);
        return traces;
    }

    /** Deletes the body files no row points to any more: their rows first, then (once that is committed) the files. */
    private void deleteDeadBodyFiles() throws SQLException, IOException {
        List<Integer> dead = new ArrayList<>();
        try (Statement s = writer.createStatement();
                ResultSet rs = s.executeQuery("SELECT file FROM body_files WHERE live <= 0")) {
            while (rs.next()) {
                dead.add(rs.getInt(1));
            }
        }
        if (dead.isEmpty()) {
            return;
        }
        try (Statement s = writer.createStatement()) {
            s.execute("DELETE FROM body_files WHERE live <= 0");
        }
        commit();
        for (int bodyFile : dead) {
            bodies.delete(bodyFile);
        }
    }

    /** Copies the whole WAL into the file and empties it (outside any transaction). */
    private void checkpointAndTruncate() {
        try {
            commit();
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

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("the trace store " + file + " is closed", null);
        }
    }

    /** Commits the writer's transaction and lets the hot index learn what it changed. */
    private void commit() throws SQLException {
        writer.commit();
        hot.committed();
    }

    private void rollback() {
        try {
            writer.rollback();
            hot.rolledBack(writer);
        } catch (SQLException e) {
            LOG.debug("rollback failed: {}", e.toString());
        }
    }

    /** Brings summaries up to date, stops the checkpoint thread, empties the WAL and closes. Idempotent. */
    void close() {
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
            try {
                commit();
            } catch (SQLException e) {
                LOG.debug("final commit failed: {}", e.toString());
            }
            SqliteSchema.closeQuietly(writer, LOG);
        }
    }
}
