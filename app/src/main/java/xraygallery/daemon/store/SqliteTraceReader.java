package xraygallery.daemon.store;

import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
 * Summaries are read newest first in chunks along an index (keyset paging), filtered as they go. Documents kept in
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
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private volatile boolean closed;

    SqliteTraceReader(Path file, BodyFiles bodies) throws SQLException {
        this.file = file;
        this.bodies = bodies;
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
     * statement whether there is a cursor or not), its parameters, and the cursor a row leaves.
     */
    private interface Keyset {
        String where();

        String orderBy();

        void bind(PreparedStatement select, SummaryQuery.Cursor after) throws SQLException;

        SummaryQuery.Cursor cursorAt(ResultSet row) throws SQLException;
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
                String traceId = row.getString("trace_id");
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

    /** The one paging loop: chunks along the keyset until the page is full, the scan limit is hit or rows run out. */
    private SummaryPage summaries(SummaryQuery query, Keyset keyset) {
        boolean facts = query.filter().readsGraphFacts();
        String where = " FROM traces WHERE graph IS NOT NULL AND " + keyset.where();
        String select = "SELECT trace_id, end_time, summary, " + SqliteSchema.FIRST_BODY_COLUMNS
                + (facts ? ", graph" : "") + where + " ORDER BY " + keyset.orderBy() + " LIMIT " + CHUNK;
        return read(connection -> {
            List<TraceSummary> page = new ArrayList<>();
            long processed = 0;
            SummaryQuery.Cursor position = query.after();
            try (PreparedStatement chunk = connection.prepareStatement(select)) {
                while (true) {
                    keyset.bind(chunk, position);
                    int rows = 0;
                    try (ResultSet rs = chunk.executeQuery()) {
                        while (rs.next()) {
                            rows++;
                            processed++;
                            position = keyset.cursorAt(rs);
                            TraceSummary summary = summary(rs.getString("trace_id"), rs);
                            if (summary != null && query.filter().test(summary, facts ? rs.getString("graph") : null)) {
                                page.add(summary);
                            }
                            if (page.size() == query.pageSize() || processed == query.scanLimit()) {
                                boolean more = rs.next() || anyAfter(connection, where, keyset, position);
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

    private static boolean anyAfter(Connection connection, String where, Keyset keyset, SummaryQuery.Cursor at)
            throws SQLException {
        try (PreparedStatement probe = connection.prepareStatement("SELECT 1" + where + " LIMIT 1")) {
            keyset.bind(probe, at);
            try (ResultSet rs = probe.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * The row's stored summary, or, for a trace stored as its one document, the summary computed from it; null if
     * that document cannot be read.
     */
    private TraceSummary summary(String traceId, ResultSet row) throws SQLException, IOException {
        byte[] stored = row.getBytes("summary");
        if (stored != null) {
            return SUMMARY_READER.readValue(stored);
        }
        byte[] firstBody = SqliteSchema.firstBody(row, bodies);
        if (firstBody == null) {
            return null;
        }
        return TraceSummarizer.summarize(TraceAssembler.assembleForSummary(traceId, List.of(firstBody)), 1).summary();
    }

    @Override
    public List<AssembledTrace> traces(Collection<String> traceIds) {
        return read(connection -> {
            List<AssembledTrace> found = new ArrayList<>();
            try (PreparedStatement first = connection.prepareStatement(SqliteSchema.SELECT_FIRST_BODY);
                    PreparedStatement others = connection.prepareStatement(SqliteSchema.SELECT_DOCUMENTS)) {
                for (String traceId : traceIds) {
                    List<byte[]> documents = SqliteSchema.documents(first, others, bodies, traceId);
                    if (!documents.isEmpty()) {
                        found.add(TraceAssembler.assemble(traceId, documents));
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
