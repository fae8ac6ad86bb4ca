package xraygallery.daemon.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.daemon.segment.SegmentDocument;
import xraygallery.daemon.segment.SegmentSink;
import xraygallery.files.OwnerOnly;

/**
 * Traces in one SQLite file ({@code traces.db}, WAL journal) and, beside it, {@link BodyFiles body files}
 * ({@code bodies/}) for the documents of one-document traces: the {@link SqliteSchema layout}, one
 * {@link SqliteTraceWriter writer} and a pool of {@link SqliteTraceReader readers} that never wait for it, and
 * between them the {@link HotIndex index} of the traces kept in {@link HotBlocks hot blocks}.
 */
public final class SqliteTraceStorage implements TraceStorage {
    public static final String FILE_NAME = "traces.db";
    static final long SETTLE_MILLIS = SqliteTraceWriter.SETTLE_MILLIS;
    private static final Logger LOG = LoggerFactory.getLogger(SqliteTraceStorage.class);
    private static final Duration FILE_CHECK_EVERY = Duration.ofSeconds(5);

    private final Path file;
    private final BodyFiles bodies;
    private final SqliteTraceWriter writer;
    private final SqliteTraceReader reader;
    /** Read and written by the writer's thread (maintain); read by stats. */
    private volatile boolean fileMissing;
    private Instant nextFileCheck = Instant.MIN;

    private SqliteTraceStorage(Path file, BodyFiles bodies, int hotCapacity, Clock clock)
            throws SQLException, IOException {
        this.file = file;
        this.bodies = bodies;
        HotIndex hotIndex = new HotIndex(hotCapacity);
        try {
            this.writer = new SqliteTraceWriter(file, bodies, hotIndex, clock);
        } catch (SQLException | IOException | RuntimeException e) {
            bodies.close();
            throw e;
        }
        try {
            this.reader = new SqliteTraceReader(file, bodies, hotIndex);
        } catch (SQLException | RuntimeException e) {
            writer.close();
            bodies.close();
            throw e;
        }
    }

    /** Opens (creating if needed) {@code dir/traces.db} and {@code dir/bodies/}. */
    public static SqliteTraceStorage open(Path dir, Clock clock) {
        return open(dir, clock, BodyFiles.ROLL_BYTES);
    }

    /** {@link #open(Path, Clock)} with body files started anew past {@code bodyFileBytes}. */
    static SqliteTraceStorage open(Path dir, Clock clock, long bodyFileBytes) {
        return open(dir, clock, bodyFileBytes, HotBlocks.MAX_INDEXED);
    }

    /** {@link #open(Path, Clock, long)} with room for at most {@code hotCapacity} traces in hot blocks. */
    static SqliteTraceStorage open(Path dir, Clock clock, long bodyFileBytes, int hotCapacity) {
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
            return new SqliteTraceStorage(file, BodyFiles.open(dir.resolve(BodyFiles.DIR_NAME), bodyFileBytes),
                    hotCapacity, clock);
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
        if (now.isAfter(nextFileCheck)) {
            nextFileCheck = now.plus(FILE_CHECK_EVERY);
            checkFile();
        }
    }

    /** Notices, and says once, that the file was deleted under the open store (or came back). */
    private void checkFile() {
        boolean missing = Files.notExists(file);
        if (missing && !fileMissing) {
            LOG.warn("the trace store {} was deleted while the daemon ran: it goes on storing and answering from the"
                    + " deleted file, whose traces are gone once the daemon stops (a restart starts a new store)", file);
        } else if (!missing && fileMissing) {
            LOG.warn("a file is at {} again; the daemon keeps the store it has open until it restarts", file);
        }
        fileMissing = missing;
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
        return new StorageStats(writer.traceCount(), reader.usedBytes(), fileMissing);
    }

    @Override
    public void check() {
        reader.check();
    }

    /** Brings summaries up to date and closes the files. Idempotent. */
    @Override
    public void close() {
        reader.close();
        writer.close();
        bodies.close();
    }
}
