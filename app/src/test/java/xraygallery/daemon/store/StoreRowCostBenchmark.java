package xraygallery.daemon.store;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Types;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.sqlite.SQLiteConfig;
import xraygallery.files.FileTrees;

/**
 * Benchmark (not a test): what one new trace row costs the store's writer thread, and the checkpoint thread after
 * it, for three layouts of the {@code traces} table: the ~1 KiB document in the row ({@code first_body}, layout 2),
 * in an append-only file with a reference in the row (layout 3), and layout 3 without the end-time index; each with
 * counted trace ids (every row at the end of the id index) and with ids as the X-Ray SDKs make them (the epoch
 * second, then 96 random bits: rows land anywhere in the current second's part of the index), 50,000 to a second.
 * Rows go in batches of 1,000 per transaction, as under load; CPU time of each thread, three rounds. The figures
 * quoted in docs/PERFORMANCE.md ("Body files, C2 again, a leaner decoder" and "Trace ids as the SDKs make them")
 * came from this. Run, after {@code mvn package}:
 * {@code java -cp "app/target/test-classes:app/target/classes:app/target/lib/*"
 * xraygallery.daemon.store.StoreRowCostBenchmark [rows]}
 */
public final class StoreRowCostBenchmark {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final int BATCH = 1_000;
    private static final String GRAPH = "S\txray-gallery\t\t1\t1795623408.181000\t1795623408.301000\tO\n"
            + "S\tS3\tAWS::S3\t0\t1795623408.201000\t1795623408.251000\tO\n"
            + "C\txray-gallery\t\tS3\tAWS::S3\t1795623408.201000\t1795623408.251000\tO\n";

    private static final int IDS_PER_SECOND = 50_000;

    private enum Layout { BODY_IN_ROW, BODY_IN_FILE, BODY_IN_FILE_NO_END_INDEX }

    private enum Ids { COUNTED, SDK }

    private StoreRowCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        byte[] body = new byte[1_060];
        Arrays.fill(body, (byte) 'x');
        long epoch = System.currentTimeMillis() / 1000;
        System.out.printf(Locale.ROOT, "%d rows of a %d-byte document, batches of %d; µs of CPU per row%n", rows,
                body.length, BATCH);
        for (int round = 1; round <= 3; round++) {
            for (Ids ids : Ids.values()) {
                String[] traceIds = traceIds(ids, rows, epoch);
                for (Layout layout : Layout.values()) {
                    double[] micros = run(layout, traceIds, body, epoch);
                    System.out.printf(Locale.ROOT, "round %d  %-7s %-26s writer %5.2f  checkpoint %5.2f%n", round,
                            ids, layout, micros[0], micros[1]);
                }
            }
        }
    }

    private static String[] traceIds(Ids ids, int rows, long epoch) {
        SplittableRandom random = new SplittableRandom(rows);
        String[] traceIds = new String[rows];
        for (int i = 0; i < rows; i++) {
            long second = epoch + i / IDS_PER_SECOND;
            traceIds[i] = ids == Ids.COUNTED ? String.format(Locale.ROOT, "1-%08x-%024x", second, i)
                    : String.format(Locale.ROOT, "1-%08x-%016x%08x", second, random.nextLong(), random.nextInt());
        }
        return traceIds;
    }

    /** Writer and checkpoint-thread CPU per row, in µs. */
    private static double[] run(Layout layout, String[] traceIds, byte[] body, long epoch) throws Exception {
        Path dir = Files.createTempDirectory("store-row-cost");
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setGetGeneratedKeys(false);
        config.setCacheSize(-16_384);
        String url = "jdbc:sqlite:" + dir.resolve("traces.db");
        try (Connection writer = DriverManager.getConnection(url, config.toProperties());
                Connection checkpointing = DriverManager.getConnection(url, config.toProperties());
                FileChannel bodies = FileChannel.open(dir.resolve("00000001.bodies"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            try (Statement s = writer.createStatement()) {
                s.execute("CREATE TABLE traces (trace_id TEXT PRIMARY KEY, epoch INTEGER NOT NULL, start_time REAL,"
                        + " end_time REAL, updated_at INTEGER NOT NULL, dirty INTEGER NOT NULL DEFAULT 0,"
                        + " touched_at INTEGER NOT NULL DEFAULT 0, dirty_since INTEGER NOT NULL DEFAULT 0,"
                        + " revision INTEGER NOT NULL DEFAULT 0, summary BLOB, graph BLOB, first_body BLOB,"
                        + " body_ref INTEGER, body_len INTEGER)");
                if (layout != Layout.BODY_IN_FILE_NO_END_INDEX) {
                    s.execute("CREATE INDEX traces_by_end ON traces (end_time, trace_id)");
                }
                s.execute("CREATE INDEX traces_dirty ON traces (touched_at) WHERE dirty = 1");
                s.execute("PRAGMA wal_autocheckpoint = 0");
            }
            writer.setAutoCommit(false);
            long[] checkpointCpu = new long[1];
            boolean[] done = new boolean[1];
            Thread checkpointer = new Thread(() -> checkpointEvery200Ms(checkpointing, done, checkpointCpu));
            checkpointer.start();
            boolean inFile = layout != Layout.BODY_IN_ROW;
            ByteBuffer batchBodies = ByteBuffer.allocateDirect(BATCH * body.length);
            long offset = 0;
            long start = CPU.getCurrentThreadCpuTime();
            try (PreparedStatement insert = writer.prepareStatement("INSERT INTO traces (trace_id, epoch, start_time,"
                    + " end_time, updated_at, revision, graph, first_body, body_ref, body_len)"
                    + " VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?) ON CONFLICT (trace_id) DO NOTHING")) {
                for (int from = 0; from < traceIds.length; from += BATCH) {
                    batchBodies.clear();
                    for (int i = from; i < Math.min(traceIds.length, from + BATCH); i++) {
                        insert.setString(1, traceIds[i]);
                        insert.setLong(2, epoch);
                        insert.setDouble(3, epoch + i / 1e4);
                        insert.setDouble(4, epoch + i / 1e4 + 0.12);
                        insert.setLong(5, System.currentTimeMillis());
                        insert.setString(6, GRAPH);
                        if (inFile) {
                            insert.setNull(7, Types.BLOB);
                            insert.setLong(8, offset);
                            insert.setInt(9, body.length);
                            batchBodies.put(body);
                            offset += body.length;
                        } else {
                            insert.setBytes(7, body);
                            insert.setNull(8, Types.INTEGER);
                            insert.setNull(9, Types.INTEGER);
                        }
                        insert.executeUpdate();
                    }
                    if (inFile) {
                        batchBodies.flip();
                        while (batchBodies.hasRemaining()) {
                            bodies.write(batchBodies);
                        }
                    }
                    writer.commit();
                }
            }
            long writerCpu = CPU.getCurrentThreadCpuTime() - start;
            synchronized (done) {
                done[0] = true;
                done.notifyAll();
            }
            checkpointer.join();
            return new double[] {writerCpu / 1e3 / traceIds.length, checkpointCpu[0] / 1e3 / traceIds.length};
        } finally {
            FileTrees.deleteTree(dir);
        }
    }

    private static void checkpointEvery200Ms(Connection connection, boolean[] done, long[] cpu) {
        long start = CPU.getCurrentThreadCpuTime();
        try (Statement s = connection.createStatement()) {
            while (true) {
                synchronized (done) {
                    if (done[0]) {
                        break;
                    }
                    done.wait(200);
                }
                s.execute("PRAGMA wal_checkpoint(PASSIVE)");
            }
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        cpu[0] = CPU.getCurrentThreadCpuTime() - start;
    }
}
