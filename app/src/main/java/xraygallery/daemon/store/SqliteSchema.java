package xraygallery.daemon.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * The trace store's SQLite file: how connections are opened, the tables and their migration, and the reads the
 * writer and the readers share (a trace's documents, the space in use).
 *
 * <p>Each trace has a row in {@code traces} with its summary (the X-Ray API's JSON) and service-graph facts, keyed
 * by trace id (which sorts by the time in it) and indexed by its last event time. A trace that arrives as one
 * complete segment, the usual case, is that row and its document, which is kept outside the database in a
 * {@link BodyFiles body file}: the row holds where ({@code body_ref}: file number and offset, {@code body_len});
 * rows of version 2 hold it in {@code first_body} instead, and still read. Further documents go to
 * {@code documents}, upserted by (trace id, id). {@code body_files} has a row per body file with the bytes
 * written to it and the bytes rows still point to ({@code live}): a file is deleted once none are left.
 *
 * <p>Since version 4 a trace that arrives as one complete root segment has no {@code traces} row: a writer batch's
 * such traces are one {@code hot_blocks} row ({@link HotBlocks}), with the least and greatest last-event time and
 * trace id of its traces, their records and their fingerprints. Older rows stay rows.
 */
final class SqliteSchema {
    /** Version 1 had no {@code first_body} and two more indexes; version 2 no body files; version 3 no hot blocks. */
    static final int VERSION = 4;
    /** The columns {@link #firstBody} reads. */
    static final String FIRST_BODY_COLUMNS = "first_body, body_ref, body_len";
    static final String SELECT_FIRST_BODY = "SELECT " + FIRST_BODY_COLUMNS + " FROM traces WHERE trace_id = ?"
            + " AND (first_body IS NOT NULL OR body_ref IS NOT NULL)";
    static final String SELECT_DOCUMENTS = "SELECT body FROM documents WHERE trace_id = ? ORDER BY rowid";

    private SqliteSchema() {
    }

    /** A connection in WAL mode; the writer's gets a larger page cache. */
    static Connection connect(Path file, boolean forWriting) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setGetGeneratedKeys(false); // else every INSERT runs a second statement for last_insert_rowid()
        if (forWriting) {
            config.setCacheSize(-16_384); // 16 MiB of pages, outside the Java heap
        }
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    /** Creates the tables of a new file or brings an older layout up to {@link #VERSION}; returns the trace count. */
    static long migrate(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            long version = pragma(s, "user_version");
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
                    + " first_body BLOB, body_ref INTEGER, body_len INTEGER)");
            if (version == 1) {
                s.execute("ALTER TABLE traces ADD COLUMN first_body BLOB");
            }
            if (version == 1 || version == 2) {
                s.execute("ALTER TABLE traces ADD COLUMN body_ref INTEGER");
                s.execute("ALTER TABLE traces ADD COLUMN body_len INTEGER");
            }
            s.execute("CREATE TABLE IF NOT EXISTS body_files ("
                    + " file INTEGER PRIMARY KEY, bytes INTEGER NOT NULL, live INTEGER NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS hot_blocks (block INTEGER PRIMARY KEY, min_end REAL NOT NULL,"
                    + " max_end REAL NOT NULL, min_start REAL NOT NULL, min_id TEXT NOT NULL, max_id TEXT NOT NULL,"
                    + " count INTEGER NOT NULL, records BLOB NOT NULL, fingerprints BLOB NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS hot_blocks_by_end ON hot_blocks (max_end)");
            s.execute("CREATE INDEX IF NOT EXISTS hot_blocks_by_first_end ON hot_blocks (min_end)"); // age retention
            s.execute("CREATE INDEX IF NOT EXISTS hot_blocks_by_id ON hot_blocks (max_id)");
            s.execute("DROP INDEX IF EXISTS traces_by_epoch"); // trace ids sort by their time: the key serves
            s.execute("DROP INDEX IF EXISTS traces_by_update"); // retention goes by event time
            s.execute("CREATE INDEX IF NOT EXISTS traces_by_end ON traces (end_time, trace_id)");
            s.execute("CREATE INDEX IF NOT EXISTS traces_dirty ON traces (touched_at) WHERE dirty = 1");
            s.execute("PRAGMA user_version = " + VERSION);
            s.execute("PRAGMA wal_autocheckpoint = 0"); // the checkpointer thread does it, off the writer
            s.execute("PRAGMA journal_size_limit = 67108864"); // after a burst, the WAL shrinks back to 64 MiB
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM traces")) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /**
     * A trace's documents in arrival order: the row's first document, then the others; {@code first} and
     * {@code others} are {@link #SELECT_FIRST_BODY} and {@link #SELECT_DOCUMENTS} on one connection. A first
     * document whose body file cannot be read is left out.
     */
    static List<byte[]> documents(PreparedStatement first, PreparedStatement others, BodyFiles files, String traceId)
            throws SQLException {
        List<byte[]> bodies = new ArrayList<>();
        first.setString(1, traceId);
        try (ResultSet rs = first.executeQuery()) {
            if (rs.next()) {
                byte[] body = firstBody(rs, files);
                if (body != null) {
                    bodies.add(body);
                }
            }
        }
        others.setString(1, traceId);
        try (ResultSet rs = others.executeQuery()) {
            while (rs.next()) {
                bodies.add(rs.getBytes(1));
            }
        }
        return bodies;
    }

    /**
     * A row's first document from its {@code first_body}, {@code body_ref} and {@code body_len} columns: in the row
     * (version 2), read from its body file, or null (none, or its file cannot be read).
     */
    static byte[] firstBody(ResultSet row, BodyFiles files) throws SQLException {
        byte[] inRow = row.getBytes("first_body");
        if (inRow != null) {
            return inRow;
        }
        long ref = row.getLong("body_ref");
        return row.wasNull() ? null : files.read(ref, row.getInt("body_len"));
    }

    /**
     * Bytes in pages that hold data (free pages left out) and bytes of body files that rows point to (bodies of
     * deleted traces left out, until their whole file goes).
     */
    static long usedBytes(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            long pages = (pragma(s, "page_count") - pragma(s, "freelist_count")) * pragma(s, "page_size");
            try (ResultSet rs = s.executeQuery("SELECT coalesce(sum(live), 0) FROM body_files")) {
                return pages + (rs.next() ? rs.getLong(1) : 0);
            }
        }
    }

    /** The least value of {@code column} in {@code table}, or NaN if the table has none. */
    static double least(Connection connection, String column, String table) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT min(" + column + ") FROM " + table)) {
            double least = rs.next() ? rs.getDouble(1) : Double.NaN;
            return rs.wasNull() ? Double.NaN : least;
        }
    }

    static long pragma(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static void closeQuietly(Connection connection, org.slf4j.Logger log) {
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing a connection failed: {}", e.toString());
        }
    }
}
