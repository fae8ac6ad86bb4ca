package xraygallery.daemon.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import xraygallery.daemon.segment.SegmentDocument;
import xraygallery.daemon.segment.SegmentSink;
import xraygallery.files.OwnerOnly;

/**
 * Traces in one SQLite file ({@code traces.db}, WAL journal): the {@link SqliteSchema layout}, one
 * {@link SqliteTraceWriter writer} and a pool of {@link SqliteTraceReader readers} that never wait for it.
 */
public final class SqliteTraceStorage implements TraceStorage {
    public static final String FILE_NAME = "traces.db";
    static final long SETTLE_MILLIS = SqliteTraceWriter.SETTLE_MILLIS;

    private final Path file;
    private final SqliteTraceWriter writer;
    private final SqliteTraceReader reader;

    private SqliteTraceStorage(Path file, Clock clock) throws SQLException {
        this.file = file;
        this.writer = new SqliteTraceWriter(file, clock);
        try {
            this.reader = new SqliteTraceReader(file);
        } catch (SQLException | RuntimeException e) {
            writer.close();
            throw e;
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
            // the store is the owner's only (0600), created before SQLite opens it so that its -wal and -shm
            // files, which SQLite gives the database's mode, are so too
            Path file = dir.resolve(FILE_NAME);
            if (Files.notExists(file)) {
                Files.createFile(file, OwnerOnly.fileAttributes(file));
            }
            return new SqliteTraceStorage(file, clock);
        } catch (IOException | SQLException e) {
            throw new StoreException("cannot open the trace store in " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public SegmentSink sink() {
        return writer;
    }

    @Override
    public TraceStore store() {
        return reader;
    }

    @Override
    public SegmentDocument prepare(SegmentDocument document) {
        return SqliteTraceWriter.computeAhead(document);
    }

    @Override
    public void maintain(Instant now) {
        writer.maintain(now);
    }

    @Override
    public void flush() {
        writer.flush();
    }

    @Override
    public long enforceRetention(Instant now, Duration maxAge, long maxBytes) {
        return writer.enforceRetention(now, maxAge, maxBytes);
    }

    @Override
    public StorageStats stats() {
        return new StorageStats(writer.traceCount(), reader.usedBytes());
    }

    @Override
    public void check() {
        reader.check();
    }

    /** Brings summaries up to date and closes the file. Idempotent. */
    @Override
    public void close() {
        reader.close();
        writer.close();
    }
}
