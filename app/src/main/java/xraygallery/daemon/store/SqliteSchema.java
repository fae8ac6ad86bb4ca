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
 * complete segment, the usual case, is stored in that row alone ({@code first_body}); further documents go to
 * {@code documents}, upserted by (trace id, id).
 */
final class SqliteSchema {
    /** Version 1 had no {@code first_body} and two more indexes. */
    static final int VERSION = 2;
    static final String SELECT_FIRST_BODY = "SELECT first_body FROM traces WHERE trace_id = ? AND first_body IS NOT NULL";
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
            if (pragma(s, "user_version") == 1) {
                s.execute("ALTER TABLE traces ADD COLUMN first_body BLOB");
            }
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
     * {@code others} are {@link #SELECT_FIRST_BODY} and {@link #SELECT_DOCUMENTS} on one connection.
     */
    static List<byte[]> documents(PreparedStatement first, PreparedStatement others, String traceId)
            throws SQLException {
        List<byte[]> bodies = new ArrayList<>();
        first.setString(1, traceId);
        try (ResultSet rs = first.executeQuery()) {
            if (rs.next()) {
                bodies.add(rs.getBytes(1));
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

    /** Bytes in pages that hold data (free pages left out). */
    static long usedBytes(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            return (pragma(s, "page_count") - pragma(s, "freelist_count")) * pragma(s, "page_size");
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
