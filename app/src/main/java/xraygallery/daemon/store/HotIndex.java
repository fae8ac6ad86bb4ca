package xraygallery.daemon.store;

import java.util.Arrays;
import java.util.concurrent.locks.StampedLock;

/**
 * Which hot block holds a trace: maps the 64-bit fingerprint of a trace id (never 0) to the rowid of its hot block
 * (at least 0), for at most {@code maxEntries} traces. Open addressing with linear probing over one {@code long[]}
 * of interleaved key and block slots (key 0: empty), a power of two of slots from {@value #INITIAL_CAPACITY} up,
 * doubled before the load passes 0.75; a removal shifts the rest of its probe chain back, so there are no tombstones.
 * That is 16 bytes a slot, 27 to 53 bytes an entry, plus the old table while it doubles; it never shrinks but on
 * {@link #clear}.
 *
 * <p>One writer thread puts and removes under the write lock of a {@link StampedLock}; any thread looks up with an
 * optimistic read, falling back to the read lock when the writer got in between. A racing read may see a stale
 * table or a half-made change, but always a whole array, so it cannot fail, and validation throws its answer away.
 */
final class HotIndex {
    static final int INITIAL_CAPACITY = 1 << 10;
    /** Slots at most, so that the table's length and the arithmetic on it stay within an int. */
    private static final int MAX_CAPACITY = 1 << 29;
    /** Entries at most: what {@link #MAX_CAPACITY} slots hold at the 0.75 load. */
    static final int MAX_ENTRIES = threshold(MAX_CAPACITY);

    private final StampedLock lock = new StampedLock();
    private final int maxEntries;
    /** The key of slot i at 2i, its block at 2i + 1; replaced whole when it grows. Written under the write lock. */
    private long[] table;
    private int size;
    /** The size past which {@link #table} has to grow. */
    private int threshold;

    HotIndex(int maxEntries) {
        if (maxEntries < 1 || maxEntries > MAX_ENTRIES) {
            throw new IllegalArgumentException("a hot index holds 1 to " + MAX_ENTRIES + " entries, not " + maxEntries);
        }
        this.maxEntries = maxEntries;
        reset();
    }

    /** Maps {@code fingerprint} to {@code block}; false, changing nothing, if it is new and the index is full. */
    boolean put(long fingerprint, long block) {
        checkKey(fingerprint);
        checkBlock(block);
        long stamp = lock.writeLock();
        try {
            if (size == maxEntries && table[probe(table, fingerprint)] == 0) {
                return false;
            }
            insert(fingerprint, block);
            return true;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Maps all of {@code fingerprints} to {@code block}, or, if the new ones among them do not fit, none (false). */
    boolean putAll(long[] fingerprints, long block) {
        checkBlock(block);
        for (long fingerprint : fingerprints) {
            checkKey(fingerprint);
        }
        long stamp = lock.writeLock();
        try {
            int room = maxEntries - size;
            if (fingerprints.length > room && !fits(fingerprints, room)) {
                return false;
            }
            for (long fingerprint : fingerprints) {
                insert(fingerprint, block);
            }
            return true;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** The block of {@code fingerprint}, or -1. */
    long get(long fingerprint) {
        if (fingerprint == 0) {
            return -1;
        }
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            long block = lookup(table, fingerprint);
            if (lock.validate(stamp)) {
                return block;
            }
        }
        stamp = lock.readLock();
        try {
            return lookup(table, fingerprint);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Removes {@code fingerprint}; true if it was there. */
    boolean remove(long fingerprint) {
        if (fingerprint == 0) {
            return false;
        }
        long stamp = lock.writeLock();
        try {
            int at = probe(table, fingerprint);
            if (table[at] == 0) {
                return false;
            }
            delete(at);
            return true;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Removes those of {@code fingerprints} that map to {@code block} (not any since mapped elsewhere); how many. */
    int removeAll(long[] fingerprints, long block) {
        int removed = 0;
        long stamp = lock.writeLock();
        try {
            for (long fingerprint : fingerprints) {
                int at = probe(table, fingerprint);
                if (fingerprint != 0 && table[at] != 0 && table[at + 1] == block) {
                    delete(at);
                    removed++;
                }
            }
        } finally {
            lock.unlockWrite(stamp);
        }
        return removed;
    }

    int size() {
        long stamp = lock.readLock();
        try {
            return size;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Whether {@code n} more entries fit. */
    boolean hasRoom(int n) {
        return (long) size() + n <= maxEntries;
    }

    /** Removes every entry and gives back the memory of a grown table. */
    void clear() {
        long stamp = lock.writeLock();
        try {
            reset();
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Slots in the table now (for tests, on the writer's thread or after joining it). */
    int capacity() {
        return table.length >> 1;
    }

    /** The home slot of {@code key} among {@code mask + 1}: MurmurHash3's finalizer, so that every bit counts. */
    static int slot(long key, int mask) {
        long h = (key ^ (key >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return (int) (h ^ (h >>> 33)) & mask;
    }

    private static int threshold(int capacity) {
        return (int) ((long) capacity * 3 / 4);
    }

    private void reset() {
        table = new long[2 * INITIAL_CAPACITY];
        size = 0;
        threshold = threshold(INITIAL_CAPACITY);
    }

    /** The index in {@code t} of {@code key}'s slot, or of the empty slot that ends its probe chain (writer only). */
    private static int probe(long[] t, long key) {
        int mask = (t.length >> 1) - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = t[2 * i];
            if (k == key || k == 0) {
                return 2 * i;
            }
        }
    }

    /** The block of {@code key} in {@code t}, or -1; gives up after one lap, which only a table changing can need. */
    private static long lookup(long[] t, long key) {
        int mask = (t.length >> 1) - 1;
        int i = slot(key, mask);
        for (int n = 0; n <= mask; n++, i = (i + 1) & mask) {
            long k = t[2 * i];
            if (k == key) {
                return t[2 * i + 1];
            } else if (k == 0) {
                return -1;
            }
        }
        return -1;
    }

    /** Maps {@code key} to {@code block}, growing the table first if a new key would pass the load (write lock). */
    private void insert(long key, long block) {
        int at = probe(table, key);
        if (table[at] == 0) {
            if (size >= threshold) {
                grow();
                at = probe(table, key);
            }
            table[at] = key;
            size++;
        }
        table[at + 1] = block;
    }

    /** Rehashes into a table of twice the slots, then publishes it: readers of the old one see it intact. */
    private void grow() {
        long[] old = table;
        int capacity = old.length; // slots: twice the old ones, as the old table holds two longs a slot
        long[] t = new long[2 * capacity];
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0) {
                int at = probe(t, old[i]);
                t[at] = old[i];
                t[at + 1] = old[i + 1];
            }
        }
        table = t;
        threshold = threshold(capacity);
    }

    /** Empties the slot at table index {@code at} and moves later entries of its chain back into the gap it leaves. */
    private void delete(int at) {
        long[] t = table;
        int mask = (t.length >> 1) - 1;
        int gap = at >> 1;
        for (int j = (gap + 1) & mask; t[2 * j] != 0; j = (j + 1) & mask) {
            int home = slot(t[2 * j], mask);
            if (((j - home) & mask) >= ((j - gap) & mask)) { // the gap lies between its home and j: fill it
                t[2 * gap] = t[2 * j];
                t[2 * gap + 1] = t[2 * j + 1];
                gap = j;
            }
        }
        t[2 * gap] = 0;
        t[2 * gap + 1] = 0;
        size--;
    }

    /** Whether the keys of {@code fingerprints} not in the table yet, each counted once, are at most {@code room}. */
    private boolean fits(long[] fingerprints, int room) {
        int absent = 0;
        for (long fingerprint : fingerprints) {
            if (table[probe(table, fingerprint)] == 0) {
                absent++;
            }
        }
        return absent <= room
                || Arrays.stream(fingerprints).filter(f -> table[probe(table, f)] == 0).distinct().count() <= room;
    }

    private static void checkKey(long fingerprint) {
        if (fingerprint == 0) {
            throw new IllegalArgumentException("fingerprint 0 marks an empty slot");
        }
    }

    private static void checkBlock(long block) {
        if (block < 0) {
            throw new IllegalArgumentException("a hot block id is at least 0, not " + block);
        }
    }
}
