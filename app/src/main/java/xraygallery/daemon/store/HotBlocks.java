package xraygallery.daemon.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The store's hot blocks: traces that arrived as one complete root segment (most of them), kept as one
 * {@code hot_blocks} row per writer batch ({@link HotBlock}: each trace's times, graph facts and body reference)
 * instead of a {@code traces} row each, which costs the writer an index insert per trace. The {@link HotIndex}, in
 * memory, says which block holds a trace; it is loaded from the blocks' fingerprints when the store opens.
 *
 * <p>The writer's side works on the writer's connection and changes the index only once its transaction is
 * committed ({@link #committed}); until then readers find blocks the index does not name yet (they miss the
 * trace, as they would miss an uncommitted row) or names no more (the block no longer holds it: a miss too).
 * A trace that gets a second document is {@link #remove moved} to a {@code traces} row by the writer.
 *
 * <p>The index also knows the trace rows ({@link #ROW}), so that the writer can tell a new trace from a known one
 * without asking the database: all of them once the store opens with at most {@value #ROWS_INDEXED_AT_OPEN} rows
 * and the index never fills; otherwise only some, and {@link #mayBeRow} says a row is possible for any trace.
 *
 * <p>Fingerprints are 64 bits: two of 786,432 traces share one with a chance of about 1 in 60 million. If they did,
 * the later trace's block would replace the earlier's in the index, and the earlier trace would no longer be found
 * by its id (it would still be listed) until retention removed it.
 */
final class HotBlocks {
    /**
     * Traces the index holds at most: 2^20 slots at its 0.75 load, 16 MiB of heap (a 1 GiB store holds about
     * 850,000 traces of 1 KiB); past it, new traces get rows as before until retention makes room.
     */
    static final int MAX_INDEXED = 786_432;
    static final String SELECT_RECORDS = "SELECT records FROM hot_blocks WHERE block = ?";
    /** What the index maps a trace with a {@code traces} row to. */
    static final long ROW = Long.MAX_VALUE;
    /** A store with more rows than this (an older layout's) is not read whole into the index when it opens. */
    static final int ROWS_INDEXED_AT_OPEN = 100_000;

    /** A trace's record and the block it is in. */
    record Found(long block, HotRecord record) {
    }

    private final HotIndex index;
    private final PreparedStatement insert;
    private final PreparedStatement select;
    private final PreparedStatement update;
    private final PreparedStatement delete;
    private final List<Runnable> onCommit = new ArrayList<>();
    private long nextBlock;
    private long records;
    private boolean rowsIndexed;

    /** Reads the blocks' fingerprints, and the rows' if there are few, into {@code index}, on the writer's connection. */
    HotBlocks(Connection writer, HotIndex index) throws SQLException {
        this.index = index;
        rowsIndexed = indexRows(writer);
        try (Statement s = writer.createStatement();
                ResultSet rs = s.executeQuery("SELECT block, fingerprints, count FROM hot_blocks")) {
            while (rs.next()) {
                long block = rs.getLong(1);
                if (!index.putAll(HotBlock.readFingerprints(rs.getBytes(2)), block)) {
                    throw new SQLException("the hot blocks hold more traces than the index takes (" + index.size() + ")");
                }
                records += rs.getLong(3);
                nextBlock = Math.max(nextBlock, block + 1);
            }
        }
        insert = writer.prepareStatement("INSERT INTO hot_blocks (block, min_end, max_end, min_start, min_id, max_id,"
                + " count, records, fingerprints) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        select = writer.prepareStatement(SELECT_RECORDS);
        update = writer.prepareStatement("UPDATE hot_blocks SET min_end = ?, max_end = ?, min_start = ?, min_id = ?,"
                + " max_id = ?, count = ?, records = ?, fingerprints = ? WHERE block = ?");
        delete = writer.prepareStatement("DELETE FROM hot_blocks WHERE block = ?");
    }

    private boolean indexRows(Connection writer) throws SQLException {
        try (Statement s = writer.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) > " + ROWS_INDEXED_AT_OPEN + " FROM traces")) {
                if (rs.next() && rs.getBoolean(1)) {
                    return false;
                }
            }
            boolean all = true;
            try (ResultSet rs = s.executeQuery("SELECT trace_id FROM traces")) {
                while (rs.next()) {
                    all &= putRow(rs.getString(1));
                }
            }
            return all;
        }
    }

    private boolean putRow(String traceId) {
        try {
            return index.put(HotBlock.fingerprint(traceId), ROW);
        } catch (IllegalArgumentException e) {
            return false; // not a trace id the daemon would store today: the index cannot vouch for it
        }
    }

    /**
     * False only if the trace certainly has no {@code traces} row: the index knows every row and not this one (a
     * fingerprint another trace shares makes it true).
     */
    boolean mayBeRow(long fingerprint) {
        return !rowsIndexed || index.get(fingerprint) == ROW;
    }

    /** The writer inserted a row for the trace (the index learns it at the commit). */
    void rowAdded(String traceId) {
        onCommit.add(() -> rowsIndexed &= putRow(traceId));
    }

    /** The writer deleted these traces' rows. */
    void rowsDeleted(List<String> traceIds) {
        long[] fingerprints = new long[traceIds.size()];
        for (int i = 0; i < fingerprints.length; i++) {
            fingerprints[i] = HotBlock.fingerprint(traceIds.get(i));
        }
        onCommit.add(() -> index.removeAll(fingerprints, ROW));
    }

    /** Traces in hot blocks, committed or not. */
    long records() {
        return records;
    }

    /** True if {@code n} more traces fit in the index. */
    boolean hasRoom(int n) {
        return index.hasRoom(n);
    }

    /** The trace's record, if a committed hot block holds it; {@code fingerprint} is its id's. */
    Found find(String traceId, long fingerprint) throws SQLException {
        return find(select, index, traceId, fingerprint);
    }

    /** {@link #find} for readers, on their connection, with any id. */
    static Found find(PreparedStatement selectRecords, HotIndex index, String traceId) throws SQLException {
        long fingerprint;
        try {
            fingerprint = HotBlock.fingerprint(traceId);
        } catch (IllegalArgumentException e) {
            return null; // not a stored trace id's form (stored ids are validated and lower case): in no block
        }
        return find(selectRecords, index, traceId, fingerprint);
    }

    private static Found find(PreparedStatement selectRecords, HotIndex index, String traceId, long fingerprint)
            throws SQLException {
        long block = index.get(fingerprint);
        if (block < 0 || block == ROW) {
            return null;
        }
        for (HotRecord record : records(selectRecords, block)) {
            if (record.traceId().equals(traceId)) {
                return new Found(block, record);
            }
        }
        return null;
    }

    /** A block's records (none if it is gone); {@code selectRecords} is {@link #SELECT_RECORDS}. */
    static List<HotRecord> records(PreparedStatement selectRecords, long block) throws SQLException {
        selectRecords.setLong(1, block);
        try (ResultSet rs = selectRecords.executeQuery()) {
            return rs.next() ? HotBlock.decode(rs.getBytes(1)) : List.of();
        }
    }

    /** Writes a batch's new traces as one block (the caller checked {@link #hasRoom}). */
    void insert(List<HotRecord> batch) throws SQLException {
        long block = nextBlock++;
        byte[] encodedFingerprints = HotBlock.fingerprints(batch);
        bind(insert, batch, encodedFingerprints, 1);
        insert.setLong(1, block);
        insert.executeUpdate();
        long[] fingerprints = HotBlock.readFingerprints(encodedFingerprints);
        records += batch.size();
        onCommit.add(() -> index.putAll(fingerprints, block));
    }

    /** Takes a trace out of its block (the writer moved it to a row), deleting the block once it is empty. */
    void remove(Found found) throws SQLException {
        List<HotRecord> rest = new ArrayList<>(records(select, found.block()));
        if (!rest.remove(found.record())) {
            return;
        }
        rewrite(found.block(), rest);
        records--;
        long fingerprint = HotBlock.fingerprint(found.record().traceId());
        onCommit.add(() -> index.removeAll(new long[] {fingerprint}, found.block()));
    }

    /**
     * Deletes the records whose last event is before {@code cutoff}: whole blocks, or the old part of one. Returns
     * how many, adding the body bytes they pointed to by body file.
     */
    int deleteEndedBefore(Connection writer, double cutoff, Map<Integer, Long> bodyBytes) throws SQLException {
        int deleted = 0;
        for (long block : blocks(writer, "min_end < " + cutoff)) {
            List<HotRecord> kept = new ArrayList<>();
            List<HotRecord> gone = new ArrayList<>();
            for (HotRecord record : records(select, block)) {
                (record.endTime() < cutoff ? gone : kept).add(record);
            }
            rewrite(block, kept);
            forget(block, gone, bodyBytes);
            deleted += gone.size();
        }
        return deleted;
    }

    /** Deletes the block that ended first; returns how many traces it held, adding their body bytes by file. */
    int deleteOldest(Connection writer, Map<Integer, Long> bodyBytes) throws SQLException {
        List<Long> oldest = blocks(writer, "1 ORDER BY max_end LIMIT 1");
        if (oldest.isEmpty()) {
            return 0;
        }
        List<HotRecord> gone = records(select, oldest.get(0));
        rewrite(oldest.get(0), List.of());
        forget(oldest.get(0), gone, bodyBytes);
        return gone.size();
    }

    private void forget(long block, List<HotRecord> gone, Map<Integer, Long> bodyBytes) {
        if (gone.isEmpty()) {
            return;
        }
        long[] fingerprints = HotBlock.readFingerprints(HotBlock.fingerprints(gone));
        for (HotRecord record : gone) {
            bodyBytes.merge(BodyFiles.fileOf(record.bodyRef()), (long) record.bodyLen(), Long::sum);
        }
        records -= gone.size();
        onCommit.add(() -> index.removeAll(fingerprints, block));
    }

    private static List<Long> blocks(Connection connection, String which) throws SQLException {
        List<Long> blocks = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT block FROM hot_blocks WHERE " + which)) {
            while (rs.next()) {
                blocks.add(rs.getLong(1));
            }
        }
        return blocks;
    }

    private void rewrite(long block, List<HotRecord> rest) throws SQLException {
        if (rest.isEmpty()) {
            delete.setLong(1, block);
            delete.executeUpdate();
        } else {
            bind(update, rest, HotBlock.fingerprints(rest), 0);
            update.setLong(9, block);
            update.executeUpdate();
        }
    }

    /** Binds a block's columns, from {@code min_end} on, starting at parameter {@code after + 1}. */
    private static void bind(PreparedStatement statement, List<HotRecord> records, byte[] fingerprints, int after)
            throws SQLException {
        double minEnd = Double.POSITIVE_INFINITY;
        double maxEnd = Double.NEGATIVE_INFINITY;
        double minStart = Double.POSITIVE_INFINITY;
        String minId = null;
        String maxId = null;
        for (HotRecord record : records) {
            minEnd = Math.min(minEnd, record.endTime());
            maxEnd = Math.max(maxEnd, record.endTime());
            minStart = Math.min(minStart, record.startTime());
            minId = minId == null || record.traceId().compareTo(minId) < 0 ? record.traceId() : minId;
            maxId = maxId == null || record.traceId().compareTo(maxId) > 0 ? record.traceId() : maxId;
        }
        statement.setDouble(after + 1, minEnd);
        statement.setDouble(after + 2, maxEnd);
        statement.setDouble(after + 3, minStart);
        statement.setString(after + 4, minId);
        statement.setString(after + 5, maxId);
        statement.setInt(after + 6, records.size());
        statement.setBytes(after + 7, HotBlock.encode(records));
        statement.setBytes(after + 8, fingerprints);
    }

    /** The transaction committed: the index learns what it changed. */
    void committed() {
        onCommit.forEach(Runnable::run);
        onCommit.clear();
    }

    /** The transaction was rolled back: counts as they were before it, the index unchanged. */
    void rolledBack(Connection writer) throws SQLException {
        onCommit.clear();
        records = 0;
        nextBlock = 0;
        try (Statement s = writer.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(sum(count), 0), coalesce(max(block) + 1, 0) FROM hot_blocks")) {
            if (rs.next()) {
                records = rs.getLong(1);
                nextBlock = rs.getLong(2);
            }
        }
        writer.rollback(); // ends the read that began a transaction: no stale snapshot is held for the next write
    }
}
