package xraygallery.daemon.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The codec of a hot block: the traces of one writer batch that are one complete root segment each, kept as one
 * row's BLOB of {@link HotRecord}s instead of a row each, and the fingerprints of their ids that index them.
 *
 * <p>Format (big-endian): a version byte ({@value #VERSION}) and the record count (int), then per record the 32
 * hex digits of the trace id as 16 bytes, start and end time (raw double bits), body reference (long), body length
 * (int) and the graph facts as UTF-8 after their length in bytes (int).
 */
final class HotBlock {
    private static final byte VERSION = 1;
    private static final int HEADER_BYTES = 1 + 4;
    /** A record's bytes but for its graph facts: id, times, body reference and length, facts length. */
    private static final int FIXED_RECORD_BYTES = 16 + 8 + 8 + 8 + 4 + 4;
    private static final int ID_LENGTH = 35;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** The fingerprint of the ids whose hash is 0, which means an empty slot. */
    private static final long ZERO_FINGERPRINT = 0x6A09E667F3BCC908L;

    private HotBlock() {
    }

    /** The block of {@code records}, in their order. */
    static byte[] encode(List<HotRecord> records) {
        byte[][] facts = new byte[records.size()][];
        long size = HEADER_BYTES + (long) FIXED_RECORD_BYTES * records.size();
        for (int i = 0; i < facts.length; i++) {
            facts[i] = records.get(i).graphFacts().getBytes(StandardCharsets.UTF_8);
            size += facts[i].length;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a hot block of " + size + " bytes is too large");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size).put(VERSION).putInt(records.size());
        for (int i = 0; i < facts.length; i++) {
            HotRecord record = records.get(i);
            out.putLong(hi(record.traceId())).putLong(lo(record.traceId()))
                    .putLong(Double.doubleToRawLongBits(record.startTime()))
                    .putLong(Double.doubleToRawLongBits(record.endTime()))
                    .putLong(record.bodyRef()).putInt(record.bodyLen())
                    .putInt(facts[i].length).put(facts[i]);
        }
        return out.array();
    }

    /** The records of a block {@link #encode} made; a damaged block throws a {@link StoreException}. */
    static List<HotRecord> decode(byte[] data) {
        if (data == null || data.length < HEADER_BYTES) {
            throw damaged(data == null ? "no data" : "only " + data.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(data);
        byte version = in.get();
        if (version != VERSION) {
            throw damaged("version " + version + ", not " + VERSION);
        }
        int count = in.getInt();
        if (count < 0 || count > in.remaining() / FIXED_RECORD_BYTES) {
            throw damaged(count + " records in " + data.length + " bytes");
        }
        List<HotRecord> records = new ArrayList<>(count);
        char[] id = new char[ID_LENGTH];
        for (int i = 0; i < count; i++) {
            if (in.remaining() < FIXED_RECORD_BYTES) {
                throw damaged("record " + i + " is cut short");
            }
            String traceId = traceId(in.getLong(), in.getLong(), id);
            double start = Double.longBitsToDouble(in.getLong());
            double end = Double.longBitsToDouble(in.getLong());
            long bodyRef = in.getLong();
            int bodyLen = in.getInt();
            int factsLength = in.getInt();
            if (factsLength < 0 || factsLength > in.remaining()) {
                throw damaged(String.format(Locale.ROOT, "record %d has %d bytes of graph facts, %d left",
                        i, factsLength, in.remaining()));
            }
            String facts = new String(data, in.position(), factsLength, StandardCharsets.UTF_8);
            in.position(in.position() + factsLength);
            records.add(new HotRecord(traceId, start, end, facts, bodyRef, bodyLen));
        }
        if (in.hasRemaining()) {
            throw damaged(in.remaining() + " bytes after the last record");
        }
        return records;
    }

    /**
     * A well-mixed 64-bit hash of all 32 hex digits of a (lower-case) trace id, never 0; an id that is not one
     * throws an {@link IllegalArgumentException}.
     */
    static long fingerprint(String traceId) {
        // hi is mixed before it meets lo: with hi * odd ^ lo, flipping the top bit of either half gives the same
        // value. Both steps are bijections, so ids that differ in one half only never collide.
        long z = fmix64(fmix64(hi(traceId)) ^ lo(traceId));
        return z == 0 ? ZERO_FINGERPRINT : z;
    }

    /** MurmurHash3's 64-bit finalizer: a bijection whose every output bit depends on every input bit. */
    private static long fmix64(long z) {
        z = (z ^ z >>> 33) * 0xFF51AFD7ED558CCDL;
        z = (z ^ z >>> 33) * 0xC4CEB9FE1A85EC53L;
        return z ^ z >>> 33;
    }

    /** The {@link #fingerprint}s of the records' ids, in their order, 8 bytes each (big-endian). */
    static byte[] fingerprints(List<HotRecord> records) {
        ByteBuffer out = ByteBuffer.allocate(8 * records.size());
        for (HotRecord record : records) {
            out.putLong(fingerprint(record.traceId()));
        }
        return out.array();
    }

    /** The fingerprints {@link #fingerprints} made; damaged data throws a {@link StoreException}. */
    static long[] readFingerprints(byte[] data) {
        if (data == null || data.length % 8 != 0) {
            throw damaged(data == null ? "no fingerprints" : data.length + " bytes of fingerprints");
        }
        long[] fingerprints = new long[data.length / 8];
        ByteBuffer.wrap(data).asLongBuffer().get(fingerprints);
        return fingerprints;
    }

    /** The id's 8 epoch digits and first 8 random digits; checks the id's shape. */
    private static long hi(String traceId) {
        if (traceId.length() != ID_LENGTH || traceId.charAt(0) != '1' || traceId.charAt(1) != '-'
                || traceId.charAt(10) != '-') {
            throw new IllegalArgumentException("not a trace id: " + traceId);
        }
        return hex(traceId, 2, 10) << 32 | hex(traceId, 11, 19);
    }

    /** The id's last 16 random digits; {@link #hi} checks its shape. */
    private static long lo(String traceId) {
        return hex(traceId, 19, ID_LENGTH);
    }

    /** The lower-case hex digits {@code [from, to)} of {@code traceId} (at most 16) as a number. */
    private static long hex(String traceId, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = traceId.charAt(i);
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (digit < 0) {
                throw new IllegalArgumentException("not a lower-case trace id: " + traceId);
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** The trace id whose digits {@link #hi} and {@link #lo} hold, built in {@code chars} (35 long, reused). */
    private static String traceId(long hi, long lo, char[] chars) {
        chars[0] = '1';
        chars[1] = '-';
        chars[10] = '-';
        for (int i = 0; i < 16; i++) {
            int shift = 60 - 4 * i;
            chars[i < 8 ? 2 + i : 3 + i] = HEX[(int) (hi >>> shift) & 0xF];
            chars[19 + i] = HEX[(int) (lo >>> shift) & 0xF];
        }
        return new String(chars);
    }

    private static StoreException damaged(String what) {
        return new StoreException("a hot block is damaged: " + what, null);
    }
}
