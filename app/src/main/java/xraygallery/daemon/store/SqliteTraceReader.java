package xraygallery.daemon.store;

import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.daemon.DaemonJson;
import xraygallery.daemon.model.Service;
import xraygallery.daemon.model.TraceSummary;
import xraygallery.daemon.trace.AssembledTrace;
import xraygallery.daemon.trace.GraphFacts;
import xraygallery.daemon.trace.ServiceGraphBuilder;
import xraygallery.daemon.trace.TraceAssembler;
import xraygallery.daemon.trace.TraceRecord;
import xraygallery.daemon.trace.TraceSummarizer;

/**
 * The query side of the SQLite store: a small pool of read connections that never wait for the writer (WAL).
 * Summaries are read newest first in chunks along an index (keyset paging), merged with the records of the
 * {@link HotBlocks hot blocks} that may hold some of the page, filtered as they go. Documents kept in
 * {@link BodyFiles body files} are read from there; one that cannot be read is left out (a trace left with none
 * has no summary and is skipped).
 */
final class SqliteTraceReader implements TraceStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteTraceReader.class);
    private static final int READERS = 4;
    private static final int CHUNK = 256;
    private static final ObjectReader SUMMARY_READER = DaemonJson.MAPPER.readerFor(TraceSummary.class);

    private final Path file;
    private final BodyFiles bodies;
    private final HotIndex hotIndex;
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private volatile boolean closed;

    SqliteTraceReader(Path file, BodyFiles bodies, HotIndex hotIndex) throws SQLException {
        this.file = file;
        this.bodies = bodies;
        this.hotIndex = hotIndex;
        for (int i = 0; i < READERS; i++) {
            readers.add(SqliteSchema.connect(file, false));
        }
    }

    private interface Read<T> {
        T run(Connection connection) throws SQLException, IOException;
    }

    <T> T read(Read<T> work) {
        if (closed) {
            throw new StoreException("the trace store " + file + " is closed", null);
        }
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

    /**
     * Where a page of summaries starts and in which order it goes: the range and "after the cursor" condition (one
     * statement whether there is a cursor or not), its parameters, and the cursor a row leaves; and the same for
     * hot blocks: which blocks may hold traces of the page, where each sorts at most, and which of their records
     * belong.
     */
    private interface Keyset {
        String where();

        String orderBy();

        void bind(PreparedStatement select, SummaryQuery.Cursor after) throws SQLException;

        SummaryQuery.Cursor cursorAt(ResultSet row) throws SQLException;

        /** Selects {@code block} and {@link #hotBlockKey} of the blocks that may hold part of a page. */
        String hotBlocks();

        /** The column the blocks are listed by, newest first: where a block's newest record sorts at most. */
        String hotBlockKey();

        void bindHotBlocks(PreparedStatement select, SummaryQuery.Cursor after) throws SQLException;

        SummaryQuery.Cursor blockTop(ResultSet row) throws SQLException;

        /** Where a hot record sorts, or null if it is outside the range. */
        SummaryQuery.Cursor cursorAt(HotRecord record);
    }

    /** By last event time, newest first; ties broken by trace id. */
    private static Keyset byEndTime(SummaryQuery query) {
        return new Keyset() {
            @Override
            public String where() {
                return "end_time >= ? AND end_time <= ? AND (end_time, trace_id) < (?, ?)";
            }

            @Override
            public String orderBy() {
                return "end_time DESC, trace_id DESC";
            }

            @Override
            public void bind(PreparedStatement select, SummaryQuery.Cursor after) throws SQLException {
                select.setDouble(1, query.startTime());
                select.setDouble(2, query.endTime());
                // no cursor yet: everything up to the range's end ("2" sorts after every "1-..." trace id)
                select.setDouble(3, after == null ? query.endTime() : after.time());
                select.setString(4, after == null ? "2" : after.traceId());
            }

            @Override
            public SummaryQuery.Cursor cursorAt(ResultSet row) throws SQLException {
                return new SummaryQuery.Cursor(row.getDouble("end_time"), row.getString("trace_id"));
            }

            @Override
            public String hotBlocks() {
                return "SELECT block, max_end FROM hot_blocks WHERE max_end >= ? AND min_end <= ?";
            }

            @Override
            public String hotBlockKey() {
                return "max_end";
            }

            @Override
            public void bindHotBlocks(PreparedStatement select, SummaryQuery.Cursor after) throws SQLException {
                select.setDouble(1, query.startTime());
                select.setDouble(2, after == null ? query.endTime() : Math.min(query.endTime(), after.time()));
            }

            @Override
            public SummaryQuery.Cursor blockTop(ResultSet row) throws SQLException {
                return new SummaryQuery.Cursor(row.getDouble(2), "2");
            }

            @Override
            public SummaryQuery.Cursor cursorAt(HotRecord record) {
                double end = record.endTime();
                return end >= query.startTime() && end <= query.endTime()
                        ? new SummaryQuery.Cursor(end, record.traceId()) : null;
            }
        };
    }

    /**
     * By the time in the trace id: ids are {@code 1-<8 hex digits of seconds>-<24 hex>}, stored in lower case, so
     * their order is the order of that time and the primary key serves the range, newest first.
     */
    private static Keyset byTraceId(long from, long to) {
        String low = String.format("1-%08x-", Math.max(0, from));
        String high = String.format("1-%08x-", to + 1);
        return new Keyset() {
            @Override
            public String where() {
                return "trace_id >= ? AND trace_id < ?";
            }

            @Override
            public String orderBy() {
                return "trace_id DESC";
            }

            @Override
            public void bind(PreparedStatement select, SummaryQuery.Cursor after) throws SQLException {
                select.setString(1, low);
                select.setString(2, after == null ? high : after.traceId());
            }

            @Override
            public SummaryQuery.Cursor cursorAt(ResultSet row) throws SQLException {
                return cursorAt(row.getString("trace_id"));
            }

            @Override
            public String hotBlocks() {
                return "SELECT block, max_id FROM hot_blocks WHERE max_id >= ? AND min_id < ?";
            }

            @Override
            public String hotBlockKey() {
                return "max_id";
            }

            @Override
            public void bindHotBlocks(PreparedStatement select, SummaryQuery.Cursor after) throws SQLException {
                bind(select, after);
            }

            @Override
            public SummaryQuery.Cursor blockTop(ResultSet row) throws SQLException {
                return cursorAt(row.getString(2));
            }

            @Override
            public SummaryQuery.Cursor cursorAt(HotRecord record) {
                String traceId = record.traceId();
                return traceId.compareTo(low) >= 0 && traceId.compareTo(high) < 0 ? cursorAt(traceId) : null;
            }

            private SummaryQuery.Cursor cursorAt(String traceId) {
                return new SummaryQuery.Cursor(TraceRecord.epochOf(traceId), traceId);
            }
        };
    }

    @Override
    public SummaryPage summaries(SummaryQuery query) {
        if (query.rangeType() != TimeRangeType.TraceId) {
            return summaries(query, byEndTime(query));
        }
        long from = (long) Math.ceil(query.startTime());
        long to = (long) Math.floor(query.endTime());
        if (from > to || to < 0) {
            return new SummaryPage(List.of(), 0, null);
        }
        return summaries(query, byTraceId(from, to));
    }

    /**
     * The one paging loop: trace rows and hot-block records merged in keyset order, until the page is full, the
     * scan limit is hit or both run out; in one read transaction, so that a trace moving from a block to a row is
     * seen once.
     */
    private SummaryPage summaries(SummaryQuery query, Keyset keyset) {
        boolean facts = query.filter().readsGraphFacts();
        return read(connection -> inTransaction(connection, () -> {
            List<TraceSummary> page = new ArrayList<>();
            long processed = 0;
            SummaryQuery.Cursor position = query.after();
            try (RowSource rows = new RowSource(connection, keyset, position, facts);
                    HotSource hot = new HotSource(connection, keyset, position)) {
                while (true) {
                    Candidate row = rows.peek();
                    Candidate fromBlock = hot.peek();
                    if (row == null && fromBlock == null) {
                        return new SummaryPage(page, processed, null);
                    }
                    Candidate next = fromBlock == null || (row != null && row.at().isBefore(
                            fromBlock.at().time(), fromBlock.at().traceId())) ? row : fromBlock;
                    if (next == row) {
                        rows.next();
                    } else {
                        hot.next();
                    }
                    processed++;
                    position = next.at();
                    TraceSummary summary = next.summary().read();
                    if (summary != null && query.filter().test(summary, facts ? next.graphFacts() : null)) {
                        page.add(summary);
                    }
                    if (page.size() == query.pageSize() || processed == query.scanLimit()) {
                        boolean more = rows.peek() != null || hot.peek() != null;
                        return new SummaryPage(page, processed, more ? position : null);
                    }
                }
            }
        }));
    }

    private interface Work<T> {
        T run() throws SQLException, IOException;
    }

    /** Runs {@code work} in a read transaction on {@code connection}: one snapshot of the store for all of it. */
    private static <T> T inTransaction(Connection connection, Work<T> work) throws SQLException, IOException {
        connection.setAutoCommit(false);
        try {
            return work.run();
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    /**
     * A trace on its way into a page: where it sorts, how its summary is read (null if its document cannot be), its
     * graph facts (if the filter reads them).
     */
    private record Candidate(SummaryQuery.Cursor at, SummaryRead summary, String graphFacts) {
    }

    private interface SummaryRead {
        TraceSummary read() throws IOException;
    }

    /** Trace rows in keyset order after a cursor, read in chunks along the index (keyset paging). */
    private final class RowSource implements AutoCloseable {
        private final Keyset keyset;
        private final boolean facts;
        private final PreparedStatement chunk;
        private final ArrayDeque<Candidate> buffered = new ArrayDeque<>();
        private SummaryQuery.Cursor after;
        private boolean exhausted;

        RowSource(Connection connection, Keyset keyset, SummaryQuery.Cursor after, boolean facts) throws SQLException {
            this.keyset = keyset;
            this.facts = facts;
            this.after = after;
            this.chunk = connection.prepareStatement("SELECT trace_id, end_time, summary, "
                    + SqliteSchema.FIRST_BODY_COLUMNS + (facts ? ", graph" : "") + " FROM traces WHERE graph IS NOT NULL"
                    + " AND " + keyset.where() + " ORDER BY " + keyset.orderBy() + " LIMIT " + CHUNK);
        }

        Candidate peek() throws SQLException {
            if (buffered.isEmpty() && !exhausted) {
                keyset.bind(chunk, after);
                int rows = 0;
                try (ResultSet rs = chunk.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        buffered.add(rowCandidate(rs, keyset.cursorAt(rs), facts));
                    }
                }
                exhausted = rows < CHUNK;
                if (!buffered.isEmpty()) {
                    after = buffered.peekLast().at();
                }
            }
            return buffered.peek();
        }

        void next() {
            buffered.poll();
        }

        @Override
        public void close() throws SQLException {
            chunk.close();
        }
    }

    private Candidate rowCandidate(ResultSet row, SummaryQuery.Cursor at, boolean facts) throws SQLException {
        byte[] stored = row.getBytes("summary");
        byte[] inRow = row.getBytes("first_body");
        long ref = row.getLong("body_ref");
        boolean hasRef = !row.wasNull();
        int length = row.getInt("body_len");
        return new Candidate(at, () -> stored != null ? SUMMARY_READER.readValue(stored)
                : summaryOf(at.traceId(), inRow != null ? inRow : hasRef ? bodies.read(ref, length) : null),
                facts ? row.getString("graph") : null);
    }

    /** The summary of a trace stored as its one document, or null if that cannot be read. */
    private static TraceSummary summaryOf(String traceId, byte[] document) {
        return document == null ? null
                : TraceSummarizer.summarize(TraceAssembler.assembleForSummary(traceId, List.of(document)), 1).summary();
    }

    /**
     * Hot-block records in keyset order after a cursor: the blocks that may hold some are listed newest first, a
     * chunk at a time, and read as the merge reaches them.
     */
    private final class HotSource implements AutoCloseable {
        private final Keyset keyset;
        private final SummaryQuery.Cursor after;
        private final PreparedStatement selectRecords;
        private final PreparedStatement firstBlocks;
        private final PreparedStatement moreBlocks;
        private final ArrayDeque<Long> blocks = new ArrayDeque<>();
        private final ArrayDeque<SummaryQuery.Cursor> tops = new ArrayDeque<>();
        private final PriorityQueue<Candidate> loaded = new PriorityQueue<>(
                (a, b) -> a.at().isBefore(b.at().time(), b.at().traceId()) ? -1
                        : b.at().isBefore(a.at().time(), a.at().traceId()) ? 1 : 0);
        private Object lastKey;
        private long lastBlock;
        private boolean listedAll;

        HotSource(Connection connection, Keyset keyset, SummaryQuery.Cursor after) throws SQLException {
            this.keyset = keyset;
            this.after = after;
            String order = " ORDER BY " + keyset.hotBlockKey() + " DESC, block DESC LIMIT " + CHUNK;
            this.selectRecords = connection.prepareStatement(HotBlocks.SELECT_RECORDS);
            this.firstBlocks = connection.prepareStatement(keyset.hotBlocks() + order);
            this.moreBlocks = connection.prepareStatement(keyset.hotBlocks() + " AND (" + keyset.hotBlockKey()
                    + ", block) < (?, ?)" + order);
        }

        /** Lists the next chunk of blocks; false once there are none. */
        private boolean listMore() throws SQLException {
            if (listedAll) {
                return false;
            }
            PreparedStatement select = lastKey == null ? firstBlocks : moreBlocks;
            keyset.bindHotBlocks(select, after);
            if (lastKey != null) {
                select.setObject(3, lastKey);
                select.setLong(4, lastBlock);
            }
            int rows = 0;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    lastBlock = rs.getLong(1);
                    lastKey = rs.getObject(2);
                    blocks.add(lastBlock);
                    tops.add(keyset.blockTop(rs));
                }
            }
            listedAll = rows < CHUNK;
            return rows > 0;
        }

        Candidate peek() throws SQLException {
            // a block whose records may sort before (newer than) the newest loaded one is read first
            while ((!blocks.isEmpty() || listMore())
                    && (loaded.isEmpty() || mayHoldNewer(tops.peek(), loaded.peek().at()))) {
                tops.poll();
                for (HotRecord record : HotBlocks.records(selectRecords, blocks.poll())) {
                    SummaryQuery.Cursor at = keyset.cursorAt(record);
                    if (at != null && (after == null || after.isBefore(at.time(), at.traceId()))) {
                        loaded.add(hotCandidate(record, at));
                    }
                }
            }
            return loaded.peek();
        }

        void next() {
            loaded.poll();
        }

        @Override
        public void close() throws SQLException {
            selectRecords.close();
            firstBlocks.close();
            moreBlocks.close();
        }
    }

    /** True if a block whose records sort at most at {@code top} may hold one that sorts before {@code head}. */
    private static boolean mayHoldNewer(SummaryQuery.Cursor top, SummaryQuery.Cursor head) {
        return top.isBefore(head.time(), head.traceId())
                || (top.time() == head.time() && top.traceId().compareTo(head.traceId()) >= 0);
    }

    private Candidate hotCandidate(HotRecord record, SummaryQuery.Cursor at) {
        return new Candidate(at, () -> summaryOf(record.traceId(), bodies.read(record.bodyRef(), record.bodyLen())),
                record.graphFacts());
    }

    @Override
    public List<AssembledTrace> traces(Collection<String> traceIds) {
        return read(connection -> inTransaction(connection, () -> {
            List<AssembledTrace> found = new ArrayList<>();
            try (PreparedStatement first = connection.prepareStatement(SqliteSchema.SELECT_FIRST_BODY);
                    PreparedStatement others = connection.prepareStatement(SqliteSchema.SELECT_DOCUMENTS);
                    PreparedStatement hotRecords = connection.prepareStatement(HotBlocks.SELECT_RECORDS)) {
                for (String traceId : traceIds) {
                    List<byte[]> documents = SqliteSchema.documents(first, others, bodies, traceId);
                    if (documents.isEmpty()) {
                        HotBlocks.Found inHot = HotBlocks.find(hotRecords, hotIndex, traceId);
                        byte[] body = inHot == null ? null
                                : bodies.read(inHot.record().bodyRef(), inHot.record().bodyLen());
                        documents = body == null ? List.of() : List.of(body);
                    }
                    if (!documents.isEmpty()) {
                        found.add(TraceAssembler.assemble(traceId, documents));
                    }
                }
            }
            return found;
        }));
    }

    @Override
    public List<Service> serviceGraph(double startTime, double endTime) {
        return read(connection -> inTransaction(connection, () -> {
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
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT records FROM hot_blocks WHERE max_end >= ? AND min_start <= ?")) {
                select.setDouble(1, startTime);
                select.setDouble(2, endTime);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        for (HotRecord record : HotBlock.decode(rs.getBytes(1))) {
                            if (record.endTime() >= startTime && record.startTime() <= endTime) {
                                GraphFacts.replay(record.graphFacts(), graph);
                            }
                        }
                    }
                }
            }
            return graph.build();
        }));
    }

    @Override
    public List<Service> traceGraph(Collection<String> traceIds) {
        ServiceGraphBuilder graph = new ServiceGraphBuilder();
        for (AssembledTrace trace : traces(traceIds)) {
            GraphFacts.replay(TraceSummarizer.summarize(trace, 0).graphFacts(), graph);
        }
        return graph.build();
    }

    /** Bytes the store's data takes (see {@link SqliteSchema#usedBytes}). */
    long usedBytes() {
        return read(SqliteSchema::usedBytes);
    }

    /** Throws {@link StoreException} if the file cannot be read. */
    void check() {
        read(connection -> {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                return rs.next();
            }
        });
    }

    /** Closes the read connections; later reads fail with {@link StoreException}. */
    void close() {
        closed = true;
        for (Connection connection : readers) {
            SqliteSchema.closeQuietly(connection, LOG);
        }
        readers.clear();
    }
}
