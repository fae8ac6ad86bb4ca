package xraygallery.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The hot index against a {@link HashMap}: basics, a long random run, growth, removal inside probe chains, the entry
 * limit, removal by block, bad arguments, and lookups racing a writer that rehashes and shifts.
 */
class HotIndexTest {
    private static final int MASK = HotIndex.INITIAL_CAPACITY - 1;

    @Test
    void putsGetsAndRemoves() {
        HotIndex index = new HotIndex(10);
        assertThat(index.get(42)).isEqualTo(-1);
        assertThat(index.put(42, 7)).isTrue();
        assertThat(index.put(-5, 0)).isTrue();
        assertThat(index.get(42)).isEqualTo(7);
        assertThat(index.get(-5)).isEqualTo(0);
        assertThat(index.put(42, 9)).isTrue();
        assertThat(index.get(42)).isEqualTo(9);
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.remove(42)).isTrue();
        assertThat(index.remove(42)).isFalse();
        assertThat(index.remove(43)).isFalse();
        assertThat(index.get(42)).isEqualTo(-1);
        assertThat(index.get(0)).isEqualTo(-1);
        assertThat(index.size()).isEqualTo(1);
        index.clear();
        assertThat(index.size()).isZero();
        assertThat(index.get(-5)).isEqualTo(-1);
    }

    @Test
    void agreesWithAHashMapOverAMillionRandomOperations() {
        SplittableRandom random = new SplittableRandom(20_241_119);
        long[] keys = new long[50_000];
        for (int i = 0; i < keys.length; i++) { // half of them share their low 20 bits
            long key = i % 2 == 0 ? random.nextLong() << 20 | 0xA_BCDEL : random.nextLong();
            keys[i] = key == 0 ? 1 : key;
        }
        HotIndex index = new HotIndex(40_000); // below the key space, so that it fills up now and then
        Map<Long, Long> model = new HashMap<>();
        for (int op = 0; op < 1_000_000; op++) {
            long key = keys[random.nextInt(keys.length)];
            int kind = random.nextInt(100);
            if (kind < 45) {
                long block = random.nextLong(1_000);
                boolean fits = model.containsKey(key) || model.size() < 40_000;
                check(index.put(key, block) == fits, op);
                if (fits) {
                    model.put(key, block);
                }
            } else if (kind < 90) {
                check(index.remove(key) == (model.remove(key) != null), op);
            } else if (kind < 92) {
                long[] batch = random.longs(random.nextInt(50), 0, keys.length).map(i -> keys[(int) i]).toArray();
                long block = random.nextLong(1_000);
                long fresh = Arrays.stream(batch).filter(k -> !model.containsKey(k)).distinct().count();
                boolean fits = model.size() + fresh <= 40_000;
                check(index.putAll(batch, block) == fits, op);
                if (fits) {
                    for (long k : batch) {
                        model.put(k, block);
                    }
                }
            } else if (kind < 94) {
                long[] batch = random.longs(random.nextInt(50), 0, keys.length).map(i -> keys[(int) i]).toArray();
                long block = random.nextLong(1_000);
                int removed = 0;
                for (long k : batch) {
                    if (model.getOrDefault(k, -1L) == block) {
                        model.remove(k);
                        removed++;
                    }
                }
                check(index.removeAll(batch, block) == removed, op);
            }
            long expected = model.getOrDefault(key, -1L);
            if (index.get(key) != expected) { // AssertJ on every step alone would take seconds
                assertThat(index.get(key)).as("key %d after operation %d", key, op).isEqualTo(expected);
            }
        }
        assertThat(index.size()).isEqualTo(model.size());
        for (long key : keys) {
            assertThat(index.get(key)).isEqualTo(model.getOrDefault(key, -1L));
        }
    }

    @Test
    void keepsEveryEntryAcrossDoublings() {
        HotIndex index = new HotIndex(1_000_000);
        SplittableRandom random = new SplittableRandom(7);
        long[] keys = random.longs(100_000).map(k -> k == 0 ? 1 : k).distinct().toArray();
        for (int i = 0; i < keys.length; i++) {
            assertThat(index.put(keys[i], i)).isTrue();
        }
        assertThat(index.capacity()).isGreaterThanOrEqualTo(HotIndex.INITIAL_CAPACITY << 7);
        assertThat(index.size()).isEqualTo(keys.length);
        for (int i = 0; i < keys.length; i++) {
            assertThat(index.get(keys[i])).isEqualTo(i);
        }
        index.clear();
        assertThat(index.capacity()).isEqualTo(HotIndex.INITIAL_CAPACITY);
    }

    @Test
    void removalShiftsTheRestOfAProbeChainBack() {
        int home = MASK - 1; // so that the chain wraps around the end of the table
        long[] same = collisions(home, 4, 1);
        long later = collisions((home + 4) & MASK, 1, 1_000_000)[0];
        long third = collisions((home + 2) & MASK, 1, 2_000_000)[0];
        HotIndex index = new HotIndex(100);
        // slots: home: same0, +1: same1, +2: same2, +3: same3, +4: later (at its home), +5: third (home +2)
        for (long key : same) {
            index.put(key, key & 0xFFFF);
        }
        index.put(later, 1);
        index.put(third, 2);

        assertThat(index.remove(same[2])).isTrue(); // the middle
        assertThat(index.get(same[0])).isEqualTo(same[0] & 0xFFFF);
        assertThat(index.get(same[1])).isEqualTo(same[1] & 0xFFFF);
        assertThat(index.get(same[3])).isEqualTo(same[3] & 0xFFFF);
        assertThat(index.get(later)).isEqualTo(1);
        assertThat(index.get(third)).isEqualTo(2);

        assertThat(index.remove(same[0])).isTrue(); // the head
        assertThat(index.get(same[0])).isEqualTo(-1);
        assertThat(index.get(same[1])).isEqualTo(same[1] & 0xFFFF);
        assertThat(index.get(same[3])).isEqualTo(same[3] & 0xFFFF);
        assertThat(index.get(later)).isEqualTo(1);
        assertThat(index.get(third)).isEqualTo(2);

        assertThat(index.remove(later)).isTrue();
        assertThat(index.get(third)).isEqualTo(2);
        assertThat(index.remove(same[1])).isTrue();
        assertThat(index.remove(same[3])).isTrue();
        assertThat(index.get(third)).isEqualTo(2);
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void holdsAtMostMaxEntries() {
        HotIndex index = new HotIndex(3);
        assertThat(index.hasRoom(3)).isTrue();
        assertThat(index.putAll(new long[] {1, 2, 3, 4}, 5)).isFalse();
        assertThat(index.size()).isZero();
        assertThat(index.putAll(new long[] {1, 2, 2, 2, 1}, 5)).isTrue(); // named twice, counted once
        assertThat(index.hasRoom(1)).isTrue();
        assertThat(index.hasRoom(2)).isFalse();
        assertThat(index.putAll(new long[] {1, 3, 4}, 6)).isFalse();
        assertThat(index.get(1)).isEqualTo(5);
        assertThat(index.get(3)).isEqualTo(-1);
        assertThat(index.put(3, 6)).isTrue();
        assertThat(index.hasRoom(0)).isTrue();
        assertThat(index.hasRoom(1)).isFalse();
        assertThat(index.put(4, 6)).isFalse();
        assertThat(index.get(4)).isEqualTo(-1);
        assertThat(index.put(1, 8)).isTrue();
        assertThat(index.putAll(new long[] {2, 3, 3}, 9)).isTrue();
        assertThat(index.get(1)).isEqualTo(8);
        assertThat(index.get(2)).isEqualTo(9);
        assertThat(index.size()).isEqualTo(3);
        index.remove(2);
        assertThat(index.put(4, 6)).isTrue();
    }

    @Test
    void removeAllTakesOnlyKeysStillInTheBlock() {
        HotIndex index = new HotIndex(100);
        index.putAll(new long[] {1, 2, 3, 4}, 10);
        index.put(2, 11); // remapped since
        assertThat(index.removeAll(new long[] {1, 2, 3, 5, 0}, 10)).isEqualTo(2);
        assertThat(index.get(1)).isEqualTo(-1);
        assertThat(index.get(2)).isEqualTo(11);
        assertThat(index.get(3)).isEqualTo(-1);
        assertThat(index.get(4)).isEqualTo(10);
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void rejectsIllegalArguments() {
        HotIndex index = new HotIndex(10);
        assertThatThrownBy(() -> index.put(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.put(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.putAll(new long[] {1, 0}, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.putAll(new long[] {1}, -2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(index.size()).isZero();
        assertThatThrownBy(() -> new HotIndex(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HotIndex(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readersAlwaysFindWhatTheWriterPutThroughRehashesAndShifts() throws InterruptedException {
        int count = 200_000;
        long[] keys = new SplittableRandom(3).longs(count * 2L).map(k -> k == 0 ? 1 : k).distinct().toArray();
        HotIndex index = new HotIndex(count * 2);
        AtomicInteger published = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger misses = new AtomicInteger();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> {
            try {
                start.await();
                for (int i = 0; i < count; i++) {
                    index.put(keys[i], i);
                    published.set(i + 1);
                    long transientKey = keys[count + i]; // put and take away again, so that chains shift back
                    index.put(transientKey, 0);
                    if (i % 3 != 0) {
                        index.remove(transientKey);
                    }
                }
            } catch (Throwable e) {
                failures.add(e);
            } finally {
                done.set(true);
            }
        }));
        for (int r = 0; r < 2; r++) {
            SplittableRandom random = new SplittableRandom(r);
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    for (int reads = 0; !done.get() || reads < 100_000; reads++) {
                        int known = published.get();
                        if (known > 0) {
                            int i = random.nextInt(known);
                            if (index.get(keys[i]) != i) {
                                misses.incrementAndGet();
                            }
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
        assertThat(misses.get()).isZero();
        assertThat(index.capacity()).isGreaterThan(HotIndex.INITIAL_CAPACITY << 8);
    }

    private static void check(boolean agrees, int op) {
        if (!agrees) {
            throw new AssertionError("the index and the model disagree at operation " + op);
        }
    }

    /** {@code n} distinct keys whose home is {@code slot} in the initial table, searched from {@code from} up. */
    private static long[] collisions(int slot, int n, long from) {
        long[] found = new long[n];
        int i = 0;
        for (long key = from; i < n; key++) {
            if (HotIndex.slot(key, MASK) == slot) {
                found[i++] = key;
            }
        }
        return found;
    }
}
